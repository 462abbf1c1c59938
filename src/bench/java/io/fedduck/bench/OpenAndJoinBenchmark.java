package io.fedduck.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Benchmark of what every FedDuck user pays again and again: opening a connection on a federation that is
 * already running, and running a statement (a cross-source join over PostgreSQL, MariaDB, SQLite and a
 * local DuckDB table; a small local statement). It uses only java.sql: the FedDuck driver is whatever
 * jdbc:fedduck: driver the class path holds, so the same bench measures two builds of the driver jar.
 * See docs/benchmarks.md and scripts/bench-open-join.sh.
 */
public final class OpenAndJoinBenchmark {
    static final String SQLITE_CATALOG = "bench_sqlite";

    private OpenAndJoinBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        OpenJoinSettings settings = OpenJoinSettings.fromSystemProperties();
        if (!Files.isDirectory(settings.extensions())) {
            throw new IllegalStateException("no DuckDB extensions at " + settings.extensions()
                    + ": run scripts/provision-extensions.sh target/duckdb-extensions");
        }
        Source postgres = Source.fromEnvironment(Source.Kind.POSTGRES);
        Source mariadb = Source.fromEnvironment(Source.Kind.MYSQL);
        requireLoopback(postgres);
        requireLoopback(mariadb);

        Path sqlite = settings.workRoot().resolve("bench_segments.sqlite");
        OpenJoinFixtures.ensureOrders(postgres);
        OpenJoinFixtures.ensureCustomers(mariadb);
        OpenJoinFixtures.ensureSegments(sqlite);

        Files.createDirectories(settings.workRoot());
        Path work = Files.createTempDirectory(settings.workRoot(), "run-");
        try {
            run(settings, postgres, mariadb, sqlite, work);
        } finally {
            deleteRecursively(work);
        }
    }

    private static void run(OpenJoinSettings settings, Source postgres, Source mariadb, Path sqlite, Path work)
            throws Exception {
        String url = fedduckUrl(settings, postgres, mariadb, sqlite, work);
        Driver driver = DriverManager.getDriver(url);
        String jar = String.valueOf(driver.getClass().getProtectionDomain().getCodeSource().getLocation());
        log("FedDuck driver " + driver.getClass().getName() + " from " + jar);

        // The first connection starts the federation (DuckDB instance, extensions, three ATTACHes): not
        // what this bench is about, timed once for information only. It stays open to the end.
        long start = System.nanoTime();
        try (Connection first = driver.connect(url, new Properties())) {
            double firstMillis = (System.nanoTime() - start) / 1e6;
            log(String.format(Locale.ROOT, "first connection (federation start): %.1f ms", firstMillis));
            describe(first);
            OpenJoinFixtures.createRegions(first);

            double coldSecond = timeOnce(() -> driver.connect(url, new Properties()).close());
            System.gc();
            Samples open = Samples.time(settings.openWarmup(), settings.openRuns(),
                    () -> driver.connect(url, new Properties()).close());
            log("second connection, open + close: " + open + " (the very first one took "
                    + String.format(Locale.ROOT, "%.3f ms", coldSecond) + ")");

            System.gc();
            String sql = joinSql(postgres, mariadb);
            Samples join = Samples.time(settings.joinWarmup(), settings.joinRuns(), () -> join(first, sql));
            log("cross-source join: " + join);

            System.gc();
            Samples statement = Samples.time(settings.statementWarmup(), settings.statementRuns(),
                    () -> smallStatement(first));
            log("small local statement: " + statement);

            System.out.println(String.format(Locale.ROOT, "RESULT first_connection_ms=%.3f second_connection_first_ms=%.3f",
                    firstMillis, coldSecond) + " " + open.resultFields("second_connection") + " "
                    + join.resultFields("join") + " " + statement.resultFields("statement")
                    + " open_runs=" + settings.openRuns() + " join_runs=" + settings.joinRuns()
                    + " statement_runs=" + settings.statementRuns() + " driver=" + jar.replace(' ', '_'));
        }
    }

    /**
     * The join: 200,000 orders (PostgreSQL) with their customers (MariaDB), the customers' segments
     * (SQLite) and countries' regions (local DuckDB table), aggregated to region x tier. Every order
     * joins, so the counts must add up to all orders; a join that finds nothing fails the bench.
     */
    static String joinSql(Source postgres, Source mariadb) {
        return "SELECT r.region, s.tier, count(*) AS orders, count(DISTINCT c.id) AS customers,"
                + " sum(o.amount) AS revenue, avg(o.amount) AS average"
                + " FROM " + postgres.qualified(OpenJoinFixtures.ORDERS) + " o"
                + " JOIN " + mariadb.qualified(OpenJoinFixtures.CUSTOMERS) + " c ON c.id = o.customer_id"
                + " JOIN " + SQLITE_CATALOG + ".main." + OpenJoinFixtures.SEGMENTS + " s ON s.id = c.segment_id"
                + " JOIN " + OpenJoinFixtures.REGIONS + " r ON r.country = c.country"
                + " GROUP BY r.region, s.tier ORDER BY r.region, s.tier";
    }

    private static void join(Connection c, String sql) throws SQLException {
        long orders = 0;
        int groups = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                orders += rs.getLong("orders");
                rs.getBigDecimal("revenue");
                groups++;
            }
        }
        if (orders != OpenJoinFixtures.ORDER_ROWS || groups != 20) {
            throw new IllegalStateException("the join gave " + groups + " groups and " + orders + " orders, want 20 and "
                    + OpenJoinFixtures.ORDER_ROWS);
        }
    }

    /** A statement whose cost is almost all per-statement overhead: one row from the 40-row local table. */
    private static void smallStatement(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT region FROM " + OpenJoinFixtures.REGIONS + " WHERE country = 'C07'")) {
            if (!rs.next()) {
                throw new IllegalStateException("no region for C07");
            }
        }
    }

    private static double timeOnce(Samples.Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void describe(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        log(meta.getDriverName() + " " + meta.getDriverVersion() + " on " + meta.getDatabaseProductName() + " "
                + meta.getDatabaseProductVersion() + "; Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    /** The bench talks to loopback only: every address of each source host must be a loopback address. */
    private static void requireLoopback(Source source) throws IOException {
        for (InetAddress address : InetAddress.getAllByName(source.host())) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalStateException(source.name() + " host " + source.host() + " resolves to "
                        + address.getHostAddress() + ", which is not loopback; this bench only talks to loopback");
            }
        }
    }

    /** A fresh local DuckDB file; a connections file with the three sources (passwords stay in the environment). */
    private static String fedduckUrl(OpenJoinSettings settings, Source postgres, Source mariadb, Path sqlite,
            Path work) throws IOException {
        Path config = work.resolve("connections.yaml");
        Files.writeString(config, "connections:\n" + postgres.connectionsYaml() + mariadb.connectionsYaml()
                + "  " + SQLITE_CATALOG + ":\n    type: sqlite\n    file_path: " + yamlString(sqlite.toString()) + "\n");
        Path local = work.resolve("local.duckdb");
        return "jdbc:fedduck:" + local + "?config=" + encode(config.toString()) + "&extension_directory="
                + encode(settings.extensions().toString()) + "&fail_fast=true";
    }

    private static String yamlString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void log(String message) {
        System.out.println("[open-join] " + message);
    }
}
