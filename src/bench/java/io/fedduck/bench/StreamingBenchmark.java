package io.fedduck.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What a data grid pays for one click, and what reading a large remote result costs in memory:
 *
 * <ul>
 *   <li>{@code first}: the time to the 200th row of {@code SELECT * FROM <2M-row table>} with fetch size
 *   and max rows 200 (what DBeaver's data viewer sends), through FedDuck, through raw DuckDB running the
 *   query FedDuck pushes (the same extension and settings: the floor under FedDuck) and through the source's
 *   own JDBC driver in the same run, for PostgreSQL and MariaDB;</li>
 *   <li>{@code full}: the growth of the process's resident memory (peak RSS minus RSS before) while reading
 *   a 10M-row remote table end to end through FedDuck. Run it in a JVM of its own whose heap is resident
 *   from the start (the script: -Xms256m -Xmx256m -XX:+AlwaysPreTouch), so that the figure is what
 *   reading adds, not the Java heap filling up.</li>
 * </ul>
 *
 * Only java.sql: the FedDuck driver is whatever jdbc:fedduck: driver the class path holds, so the same
 * bench measures two builds. Settings (system properties): bench.mode (first|full), bench.extensions,
 * bench.work, bench.rows (2,000,000), bench.big (10,000,000), bench.warmup (2), bench.runs (11).
 * See docs/benchmarks.md.
 */
public final class StreamingBenchmark {
    static final String TABLE = "bench_stream";
    static final String BIG_TABLE = "bench_stream_big";

    private StreamingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("bench.mode", "first");
        Path extensions = Path.of(System.getProperty("bench.extensions", "target/duckdb-extensions"));
        Path work = Path.of(System.getProperty("bench.work", "target/bench-streaming"));
        long rows = Long.getLong("bench.rows", 2_000_000);
        long big = Long.getLong("bench.big", 10_000_000);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int runs = Integer.getInteger("bench.runs", 11);
        Source postgres = Source.fromEnvironment(Source.Kind.POSTGRES);
        Source mariadb = Source.fromEnvironment(Source.Kind.MYSQL);
        Files.createDirectories(work);
        String url = fedduckUrl(work, extensions, postgres, mariadb);
        String driver = DriverManager.getDriver(url).getClass().getProtectionDomain().getCodeSource().getLocation()
                .toString();
        StringBuilder result = new StringBuilder("RESULT mode=" + mode);
        if (mode.equals("first")) {
            ensureTable(postgres, TABLE, rows);
            ensureTable(mariadb, TABLE, rows);
            Class.forName("org.duckdb.DuckDBDriver"); // inside the FedDuck jar, not registered by it
            try (Connection fedduck = DriverManager.getConnection(url);
                 Connection raw = CrossSourceBenchmark.openRaw(extensions, postgres, mariadb, true, true, true)) {
                for (Source source : new Source[] {postgres, mariadb}) {
                    Samples through = Samples.time(warmup, runs,
                            () -> first200(fedduck, "SELECT * FROM " + source.qualified(TABLE)));
                    // the floor under FedDuck: DuckDB alone running the query FedDuck pushes, through the
                    // same extension and settings (postgres_query / mysql_query with the LIMIT)
                    String function = source.kind() == Source.Kind.POSTGRES ? "postgres_query" : "mysql_query";
                    String pushed = function + "('" + source.catalog() + "', 'SELECT id, payload FROM " + TABLE + " LIMIT 200')";
                    Samples duckdb = Samples.time(warmup, runs, () -> first200(raw, "SELECT * FROM " + pushed));
                    Samples own;
                    try (Connection direct = source.open()) {
                        own = Samples.time(warmup, runs, () -> first200(direct, "SELECT * FROM " + TABLE));
                    }
                    log(source.name() + " first 200 rows of " + rows + ": FedDuck " + through + "; raw DuckDB " + duckdb
                            + "; own driver " + own);
                    result.append(' ').append(through.resultFields(source.name() + "_fedduck"))
                            .append(' ').append(duckdb.resultFields(source.name() + "_raw"))
                            .append(' ').append(own.resultFields(source.name() + "_own"))
                            .append(String.format(Locale.ROOT, " %s_ratio=%.2f", source.name(),
                                    through.median() / own.median()));
                }
            }
        } else {
            ensureTable(postgres, BIG_TABLE, big);
            ensureTable(mariadb, BIG_TABLE, big);
            try (Connection fedduck = DriverManager.getConnection(url)) {
                fullRead(fedduck, "SELECT 1 AS warm"); // the driver's classes and DuckDB are loaded
                Source[] order = System.getProperty("bench.full.first", "postgres").equals("mysql")
                        ? new Source[] {mariadb, postgres} : new Source[] {postgres, mariadb};
                for (Source source : order) {
                    String sql = "SELECT id, payload FROM " + source.qualified(BIG_TABLE);
                    long before = rssKb("VmRSS");
                    resetPeakRss();
                    long start = System.nanoTime();
                    long read = fullRead(fedduck, sql);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long growthMb = (rssKb("VmHWM") - before) / 1024;
                    log(String.format(Locale.ROOT, "%s: read %d rows in %.1f s; RSS grew by %d MB (peak over"
                            + " the RSS before the query)", source.name(), read, seconds, growthMb));
                    result.append(String.format(Locale.ROOT, " %s_rows=%d %s_seconds=%.1f %s_rss_growth_mb=%d",
                            source.name(), read, source.name(), seconds, source.name(), growthMb));
                }
            }
        }
        System.out.println(result + " driver=" + driver);
    }

    private static void first200(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setFetchSize(200);
            s.setMaxRows(200);
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = 0;
                while (n < 200 && rs.next()) {
                    rs.getString(2);
                    n++;
                }
                if (n != 200) {
                    throw new IllegalStateException("read " + n + " rows, not 200: " + sql);
                }
            }
        }
    }

    private static long fullRead(Connection c, String sql) throws SQLException {
        long n = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getLong(1);
                n++;
            }
        }
        return n;
    }

    /** Creates {@code table} with {@code rows} rows (id, md5 text) unless it has them already. */
    private static void ensureTable(Source source, String table, long rows) throws SQLException {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                if (rs.next() && rs.getLong(1) == rows) {
                    return;
                }
            } catch (SQLException missing) {
                // created below
            }
            s.execute("DROP TABLE IF EXISTS " + table);
            if (source.kind() == Source.Kind.POSTGRES) {
                s.execute("CREATE TABLE " + table + " AS SELECT g::bigint AS id, md5(g::text) AS payload"
                        + " FROM generate_series(1, " + rows + ") g");
                s.execute("ANALYZE " + table);
            } else {
                s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, payload VARCHAR(32))");
                s.execute("INSERT INTO " + table + " SELECT seq, md5(seq) FROM seq_1_to_" + rows);
            }
        }
    }

    private static long rssKb(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    /** Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS. */
    private static void resetPeakRss() throws Exception {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    /** A FedDuck URL on both test servers (their entries refer to the environment, never a password). */
    static String fedduckUrl(Path work, Path extensions, Source postgres, Source mariadb) throws Exception {
        Path config = work.resolve("connections.yaml");
        Files.writeString(config, "connections:\n" + postgres.connectionsYaml() + mariadb.connectionsYaml());
        return "jdbc:fedduck:?config=" + encode(config.toAbsolutePath().toString()) + "&extension_directory="
                + encode(extensions.toAbsolutePath().toString()) + "&fail_fast=true";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void log(String message) {
        System.out.println("[streaming] " + message);
    }
}
