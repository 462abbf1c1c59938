package io.fedduck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * What the connections file's access rules cost a connection: open, one statement over a source and a local
 * table, close; and the statement alone on an open connection. Two federations in one JVM, one without an
 * access: section and one with it (the user holds a role that is not admin, so every statement is checked),
 * timed in alternation so both see the same machine. Only the jar and an SQLite source: no server, no
 * network.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp target/fedduck-jdbc-&lt;version&gt;.jar src/bench/java/io/fedduck/bench/AccessRulesBenchmark.java \
 *     target/duckdb-extensions
 * </pre>
 */
public final class AccessRulesBenchmark {
    private static final String STATEMENT = "SELECT count(*), sum(i.qty) FROM src.items i JOIN notes n ON i.id % 10 = n.id";

    private AccessRulesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path extensions = Path.of(args.length > 0 ? args[0] : "target/duckdb-extensions").toAbsolutePath();
        int runs = Integer.getInteger("bench.runs", 401);
        // enough for the JIT to compile the per-statement check (a pool's steady state); -Dbench.warmup=30
        // shows what the first statements of a JVM pay while it is still interpreted
        int warmup = Integer.getInteger("bench.warmup", 1500);
        Path work = Files.createTempDirectory("fedduck-access-bench");
        Path sqlite = work.resolve("items.sqlite");
        // FedDuck's jar keeps DuckDB's own driver out of DriverManager's list: asked for by name here
        try (Connection duck = ((java.sql.Driver) Class.forName("org.duckdb.DuckDBDriver").getDeclaredConstructor()
                .newInstance()).connect("jdbc:duckdb:", new Properties()); Statement s = duck.createStatement()) {
            s.execute("SET extension_directory = '" + extensions + "'");
            s.execute("LOAD sqlite_scanner");
            s.execute("ATTACH '" + sqlite + "' AS f (TYPE sqlite)");
            s.execute("CREATE TABLE f.items AS SELECT range AS id, range % 9 AS qty FROM range(10000)");
        }
        String source = "connections:\n  src:\n    type: sqlite\n    file_path: '" + sqlite + "'\n";
        Path plain = work.resolve("plain.yaml");
        Files.writeString(plain, source);
        Path governed = work.resolve("governed.yaml");
        // -Dbench.aa=true: the second federation without rules too, to see what the machine alone varies
        Files.writeString(governed, Boolean.getBoolean("bench.aa") ? source + "\n" : source + "access:\n  roles:\n    reader:\n      connections: {src: [select]}\n"
                + "      local: [select, write_local]\n  users:\n    bench: reader\n");
        String plainUrl = "jdbc:fedduck:?config=" + plain + "&extension_directory=" + extensions;
        String governedUrl = "jdbc:fedduck:?config=" + governed + "&extension_directory=" + extensions;
        Properties user = new Properties();
        user.setProperty("user", "bench");
        try (Connection holdPlain = DriverManager.getConnection(plainUrl, user);
             Connection holdGoverned = DriverManager.getConnection(governedUrl, user)) {
            for (Connection c : List.of(holdPlain, holdGoverned)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE notes AS SELECT range AS id FROM range(10)");
                }
            }
            List<Long> openPlain = new ArrayList<>();
            List<Long> openGoverned = new ArrayList<>();
            List<Long> statementPlain = new ArrayList<>();
            List<Long> statementGoverned = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                boolean timed = i >= warmup;
                // alternate which goes first, so neither always runs on a warmer machine
                boolean plainFirst = i % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isPlain = (k == 0) == plainFirst;
                    long open = openAndRun(isPlain ? plainUrl : governedUrl, user);
                    long statement = run(isPlain ? holdPlain : holdGoverned);
                    if (timed) {
                        (isPlain ? openPlain : openGoverned).add(open);
                        (isPlain ? statementPlain : statementGoverned).add(statement);
                    }
                }
            }
            report("open_statement_close", openPlain, openGoverned);
            report("statement", statementPlain, statementGoverned);
        }
    }

    private static long openAndRun(String url, Properties user) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user)) {
            read(c);
        }
        return System.nanoTime() - start;
    }

    private static long run(Connection c) throws SQLException {
        long start = System.nanoTime();
        read(c);
        return System.nanoTime() - start;
    }

    private static void read(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(STATEMENT)) {
            if (!rs.next() || rs.getLong(1) != 10000) {
                throw new IllegalStateException("unexpected answer");
            }
        }
    }

    private static void report(String what, List<Long> plain, List<Long> governed) {
        double a = median(plain);
        double b = median(governed);
        System.out.printf("RESULT %s runs=%d without_rules_median_ms=%.3f with_rules_median_ms=%.3f ratio=%.3f%n",
                what, plain.size(), a / 1e6, b / 1e6, b / a);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
