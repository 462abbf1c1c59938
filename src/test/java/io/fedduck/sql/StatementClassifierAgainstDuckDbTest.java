package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier against the real thing: an in-memory DuckDB runs each text, and whenever DuckDB dropped
 * the canary table the classifier must have refused the text on a read-only connection. Lexical
 * mismatches (a comment or quote that ends elsewhere for DuckDB) show up here first.
 */
class StatementClassifierAgainstDuckDbTest {
    private static final String DROP = "DROP TABLE canary";
    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    /** Runs {@code sql} on a fresh canary; true when DuckDB dropped it. */
    private static boolean dropsTheCanary(String sql) throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE canary (x INTEGER)");
        }
        try (Statement s = duckdb.createStatement()) {
            s.execute(sql);
        } catch (SQLException expected) {
            // most fuzzed texts are not valid SQL; what matters is whether anything ran
        }
        try (Statement s = duckdb.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'canary'")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    private static boolean refusedOnReadOnly(String sql) {
        return StatementClassifier.refusal(sql, true, CallNames.NONE, "FedDuck connection 1").isPresent();
    }

    private static String show(String sql) {
        StringBuilder b = new StringBuilder();
        sql.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04X", c)));
        return b.toString();
    }

    @Test
    void everyTextThatDropsTheCanaryIsRefused() throws SQLException {
        List<String> known = List.of(
                "SELECT 1; --x\r" + DROP,
                "SELECT 1 AS a\u20AC$$; " + DROP + "; SELECT 2 AS b\u20AC$$",
                "SELECT E'a'\n'\\''; " + DROP + "; --'",
                "SELECT 1;\u00A0" + DROP,
                "SELECT $$$$ AS a; " + DROP,
                "SELECT 'a' /* ' */; " + DROP,
                "/* /* */ ; " + DROP + " */ SELECT 1; " + DROP);
        for (String sql : known) {
            assertTrue(dropsTheCanary(sql), () -> "DuckDB should run the DROP in " + show(sql));
            assertTrue(refusedOnReadOnly(sql), () -> "not refused: " + show(sql));
        }
    }

    @Test
    void fuzzedTextsNeverDropTheCanaryUnrefused() throws SQLException {
        Random random = new Random(20261125L);
        int dropped = 0;
        for (int i = 0; i < 8000; i++) {
            String text = fuzzedText(random);
            if (dropsTheCanary(text)) {
                dropped++;
                if (!refusedOnReadOnly(text)) {
                    fail("DuckDB ran a DROP the classifier let through: " + show(text));
                }
            }
        }
        // the fuzzer is only worth something when DuckDB does run many of the DROPs
        assertTrue(dropped > 500, "too few texts ran their DROP: " + dropped);
    }

    // The lexically interesting pieces: quotes, escapes, comment starts and ends, line ends, dollar quotes,
    // non-ASCII characters that are name characters or DuckDB Unicode spaces.
    private static final String[] PIECES = {
        "'", "''", "E'", "e'", "\\", "\"", "$$", "$a$", "$_$", "$", "--", "/*", "*/", "\n", "\r", " ", ";",
        "a", "1", "\u00A0", "\u20AC", "\u2003", "\uFEFF", "U&", "(", ")", "X'", "\f", "\u000B",
        "\n'", "\\'",
    };

    // Mostly valid SQL around the DROP (DuckDB runs nothing when any part fails to parse), with the same
    // random pieces on both sides, since hiding a statement takes an opening and a closing construct.
    private static String fuzzedText(Random random) {
        String x = pieces(random, 1 + random.nextInt(3));
        String y = random.nextInt(3) == 0 ? pieces(random, 1 + random.nextInt(3)) : x;
        String prefix = switch (random.nextInt(6)) {
            case 0 -> "SELECT 1 AS a" + x;
            case 1 -> "SELECT " + x + " 1";
            case 2 -> "SELECT 'a'" + x;
            case 3 -> "SELECT 1 " + x;
            case 4 -> x + "SELECT 1";
            default -> "SELECT E'a'" + x;
        };
        String separator = switch (random.nextInt(7)) {
            case 0 -> ";";
            case 1 -> ";\n";
            case 2 -> "\n;";
            case 3 -> ";" + y;
            case 4 -> y + ";";
            case 5 -> "--" + y + ";";
            default -> y;
        };
        String suffix = switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> ";";
            case 2 -> "; SELECT 2 AS b" + y;
            case 3 -> ";" + y;
            case 4 -> " " + y;
            default -> "; SELECT '" + y + "'";
        };
        return prefix + separator + DROP + suffix;
    }

    private static String pieces(Random random, int count) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < count; k++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
