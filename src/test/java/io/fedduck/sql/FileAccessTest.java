package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sql.Refusal.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What reads or writes files or opens connections is reported as such and refused on every connection. */
class FileAccessTest {
    private static final String LABEL = "FedDuck connection 9";

    private static Optional<Refusal> refusal(String sql, boolean readOnly) {
        return StatementClassifier.refusal(sql, readOnly, CallNames.NONE, LABEL);
    }

    private static Set<String> reported(String sql) {
        Set<String> all = new java.util.LinkedHashSet<>();
        StatementClassifier.classify(sql).statements().forEach(s -> all.addAll(s.fileOrNetworkAccess()));
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // functions
        "SELECT * FROM read_csv('x.csv')",
        "FROM read_csv_auto('x.csv')",
        "SELECT * FROM sniff_csv('x.csv')",
        "SELECT * FROM read_json('x.json')",
        "SELECT * FROM read_json_auto('x.json')",
        "SELECT * FROM read_json_objects('x.json')",
        "SELECT * FROM read_ndjson('x.json')",
        "SELECT * FROM read_ndjson_objects('x.json')",
        "SELECT * FROM read_parquet('x.parquet')",
        "SELECT * FROM parquet_scan('x.parquet')",
        "SELECT * FROM parquet_metadata('x.parquet')",
        "SELECT * FROM parquet_file_metadata('x.parquet')",
        "SELECT * FROM parquet_kv_metadata('x.parquet')",
        "SELECT * FROM parquet_schema('x.parquet')",
        "SELECT * FROM parquet_bloom_probe('x.parquet', 'a', 1)",
        "SELECT content FROM read_text('/etc/passwd')",
        "SELECT * FROM READ_BLOB('x')",
        "SELECT * FROM \"read_parquet\"('x.parquet')",
        "SELECT * FROM system.main.read_csv('x.csv')",
        "SELECT * FROM glob('*')",
        "CALL glob('/home/*')",
        "SELECT * FROM sqlite_scan('x.db', 't')",
        "CALL sqlite_attach('x.db')",
        "SELECT * FROM postgres_scan('host=h', 'public', 't')",
        "CALL postgres_attach('host=h')",
        "SELECT * FROM query('SELECT * FROM read_csv(''x.csv'')')",
        "INSERT INTO t SELECT * FROM read_csv('x.csv')",
        // statements
        "COPY t TO 'out.csv'",
        "COPY (SELECT 1) TO 'out.parquet' (FORMAT parquet)",
        "COPY t FROM 'in.csv'",
        "copy t from '/etc/passwd'",
        "EXPORT DATABASE 'dir'",
        "IMPORT DATABASE 'dir'",
        "SELECT 1; COPY t TO 'out.csv'",
        // DuckDB's replacement scans: a file name where a table goes
        "SELECT * FROM 'x.csv'",
        "FROM 'x.csv'",
        "SELECT * FROM \"x.csv\"",
        "SELECT * FROM x.csv",
        "SELECT * FROM \"x\".\"csv\"",
        "SELECT * FROM X.CSV",
        "SELECT * FROM x.csv.gz",
        "SELECT * FROM 'x.csv?y'",
        "SELECT * FROM 'data.parquet' t",
        "SELECT * FROM 'x.ndjson'",
        "SELECT * FROM 'noext'",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM \"/etc/passwd\"",
        "SELECT * FROM 'https://example.invalid/x.csv'",
        "SELECT * FROM t, 'x.csv'",
        "SELECT * FROM t, u AS v, \"x.json\"",
        "SELECT * FROM t JOIN 'x.json' USING (a)",
        "SELECT * FROM t JOIN u ON t.a = u.a, 'x.csv'",
        "SELECT * FROM t NATURAL JOIN x.parquet",
        "SELECT * FROM (FROM 'x.csv')",
        "SELECT (SELECT count(*) FROM 'x.csv')",
        "SELECT * FROM ONLY 'x.csv'",
        "DESCRIBE 'x.csv'",
        "SUMMARIZE 'x.csv'",
        "SHOW 'x.csv'",
        "TABLE 'x.csv'",
        "PIVOT 'x.csv' ON a USING sum(b)",
        "INSERT INTO t FROM 'x.csv'",
        "CREATE TABLE t AS FROM 'x.csv'",
        "CREATE VIEW v AS SELECT * FROM 'x.csv'",
        "DELETE FROM t USING 'x.csv'",
        "MERGE INTO t USING 'x.csv' AS s ON t.a = s.a WHEN MATCHED THEN DELETE",
        "WITH a AS (SELECT * FROM 'x.csv') SELECT * FROM a",
        "SELECT * FROM query('SELECT * FROM ''x.csv''')",
        // a subquery inside those arguments still reads a table
        "SELECT extract(year FROM (SELECT d FROM 'x.csv'))",
        "SELECT 1 WHERE 'a' IS DISTINCT FROM (SELECT a FROM 'x.csv')",
    })
    void fileAndNetworkAccessIsRefusedOnEveryConnection(String sql) {
        assertFalse(reported(sql).isEmpty(), sql);
        for (boolean readOnly : new boolean[] {true, false}) {
            Refusal refused = refusal(sql, readOnly).orElseThrow(() -> new AssertionError("not refused: " + sql));
            assertEquals(Reason.FORBIDDEN, refused.reason(), sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'x.csv'",
        "SELECT 'a', 'b.csv' FROM t",
        "SELECT * FROM t WHERE name = 'x.csv'",
        "SELECT * FROM t WHERE name IN ('x.csv', 'y.json')",
        "SELECT * FROM t WHERE a IN (SELECT 'x.csv')",
        "SELECT * FROM t ORDER BY 'x.csv'",
        "SELECT * FROM t GROUP BY a, 'x.csv'",
        "SELECT * FROM pg.public.orders",
        "SELECT * FROM t JOIN u ON t.f = 'x.csv'",
        "SELECT * FROM t JOIN u USING (a)",
        "SELECT * FROM t USING SAMPLE 10%",
        "SELECT * FROM t AS \"x.csv\"",
        "SELECT * FROM generate_series(1, 3), range(2)",
        "SELECT read_csv FROM t",
        "SELECT * FROM t WHERE path LIKE '%/x.csv'",
        "SHOW TABLES",
        "DESCRIBE t",
        "INSERT INTO t VALUES ('x.csv')",
        "UPDATE t SET f = 'x.csv' WHERE a = 1",
        "COPY FROM DATABASE a TO b",
        // FROM of an operator or of a function's arguments (found by the fifth attack review)
        "SELECT 1 WHERE 'x' IS DISTINCT FROM 'a'",
        "SELECT * FROM t WHERE a IS NOT DISTINCT FROM 'x.csv'",
        "SELECT extract(year FROM '2024-01-01'::DATE)",
        "SELECT trim(BOTH 'x' FROM 'xax'), substring('abc' FROM 2), overlay('abc' PLACING 'z' FROM 2)",
    })
    void fileNamesAsValuesAreNotFileAccess(String sql) {
        assertEquals(Set.of(), reported(sql), sql);
        assertEquals(Optional.empty(), refusal(sql, false), sql);
    }

    /**
     * Against DuckDB itself: a file name in every table position and spelling, run on a DuckDB whose
     * file_search_path holds a CSV file; whenever DuckDB read the file, the classifier must refuse the text.
     */
    @Test
    void everySpellingThatMakesDuckDbReadAFileIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
        String absolute = dir.resolve("data.csv").toString();
        List<String> names = List.of("'" + absolute + "'", "\"" + absolute + "\"", "'data.csv'", "\"data.csv\"",
                "data.csv", "\"data\".\"csv\"", "DATA.CSV", "'data.csv?x=1'", "/* c */ 'data.csv'", "--\n'data.csv'");
        List<String> contexts = List.of("SELECT count(*) FROM %s", "FROM %s", "SELECT * FROM %s t",
                "SELECT count(*) FROM range(1) r, %s", "SELECT count(*) FROM range(1) r JOIN %s ON true",
                "SELECT count(*) FROM range(1) r CROSS JOIN %s", "SELECT count(*) FROM range(1) r POSITIONAL JOIN %s",
                "SELECT count(*) FROM range(1) AS r(a) JOIN %s USING (a)", "SELECT count(*) FROM (FROM %s)",
                "SELECT (SELECT count(*) FROM %s)", "WITH x AS (FROM %s) FROM x", "SELECT count(*) FROM ONLY %s",
                "SELECT * FROM range(1) WHERE EXISTS (FROM %s)", "DESCRIBE %s", "SUMMARIZE %s", "SHOW %s",
                "TABLE %s", "PIVOT %s ON a USING sum(b)", "UNPIVOT %s ON a", "SELECT 1; FROM %s",
                "CREATE TEMP TABLE t%d AS FROM %s", "SELECT count(*) FROM range(1) r, LATERAL (FROM %s)",
                "SELECT * FROM query('FROM ' || '%s')");
        int read = 0;
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = duckdb.createStatement()) {
                s.execute("SET file_search_path = '" + dir + "'");
            }
            int n = 0;
            for (String context : contexts) {
                for (String name : names) {
                    String sql = context.contains("%d") ? String.format(context, n++, name)
                            : String.format(context, name.replace("'", context.contains("query(") ? "''" : "'"));
                    boolean ran;
                    try (Statement s = duckdb.createStatement()) {
                        s.execute(sql);
                        ran = true;
                    } catch (SQLException e) {
                        ran = false;
                    }
                    if (ran) {
                        read++;
                        assertTrue(refusal(sql, false).isPresent(), () -> "DuckDB read the file, FedDuck allows: " + sql);
                    }
                }
            }
        }
        assertTrue(read > 100, "too few spellings made DuckDB read the file: " + read);
    }

    @Test
    void theReportNamesWhatAndTheMessageNoPath() {
        assertEquals(Set.of("read_csv"), reported("SELECT * FROM read_csv('/secret/x.csv')"));
        assertEquals(Set.of("COPY"), reported("COPY t TO '/secret/x.csv'"));
        assertEquals(Set.of("EXPORT DATABASE"), reported("EXPORT DATABASE '/secret'"));
        assertEquals(Set.of(StatementClassifier.FILE_AS_TABLE), reported("FROM '/secret/x.csv'"));
        assertEquals(Set.of("postgres_scan"), reported("FROM postgres_scan('password=x', 'public', 't')"));
        assertEquals(Set.of(), reported("FROM postgres_execute('pg', 'SELECT 1')"));
        for (String sql : List.of("SELECT * FROM read_csv('/secret/x.csv')", "COPY t TO '/secret/x.csv'",
                "FROM '/secret/x.csv'", "SELECT * FROM \"/secret/x.csv\"")) {
            String message = refusal(sql, false).orElseThrow().message();
            assertFalse(message.contains("secret"), message);
            assertTrue(message.startsWith(LABEL + " refuses "), message);
        }
        assertEquals(LABEL + " refuses read_csv (statement 1 of 1): read_csv reads files on the machine FedDuck"
                + " runs on; FedDuck reads only the sources of its connections file.",
                refusal("SELECT * FROM read_csv('x.csv')", false).orElseThrow().message());
        assertEquals(LABEL + " refuses COPY (statement 2 of 2): it reads or writes files on the machine FedDuck"
                + " runs on; FedDuck reads only the sources of its connections file (copy a source's table into"
                + " the local database with sync_table).",
                refusal("SELECT 1; COPY t TO 'x.csv'", false).orElseThrow().message());
        assertTrue(refusal("FROM 'x.csv'", true).orElseThrow().message()
                .startsWith(LABEL + " refuses a file name used as a table (statement 1 of 1)"));
        assertTrue(refusal("SELECT * FROM arrow_scan(1, 2, 3)", false).orElseThrow().message()
                .contains("crashes the JVM"));
    }
}
