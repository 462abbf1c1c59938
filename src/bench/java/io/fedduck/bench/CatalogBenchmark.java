package io.fedduck.bench;

import io.fedduck.jdbc.FedDuckConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * Benchmark of catalog reads on a big source (issue 10, point 4): {@code bench.tables} tables in a throw-away
 * PostgreSQL schema and MariaDB database; the median of list_remote_tables, of FedDuck's
 * DatabaseMetaData.getTables against the source's own JDBC driver's, and how long a table created in the
 * source takes to show in DuckDB's catalog with a metadata_ttl. The tables are dropped at the end.
 * See docs/benchmarks.md.
 */
public final class CatalogBenchmark {
    /** The throw-away PostgreSQL schema, and the MariaDB database (the test user may create fedduck_*). */
    static final String PG_SCHEMA = "fresh_bench";
    static final String MY_DATABASE = "fedduck_fresh_bench";

    private CatalogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tables = Integer.getInteger("bench.tables", 5000);
        int runs = Integer.getInteger("bench.runs", 11);
        int ttl = Integer.getInteger("bench.ttl", 60);
        Path extensions = Path.of(System.getProperty("bench.extensions", "target/duckdb-extensions")).toAbsolutePath();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.work", "target")).toAbsolutePath(),
                "catalog-bench-");
        Source pg = Source.fromEnvironment(Source.Kind.POSTGRES);
        Source my = Source.fromEnvironment(Source.Kind.MYSQL);
        Path config = work.resolve("connections.yaml");
        // The MySQL catalog shows every database the user can see as a schema, MY_DATABASE too.
        Files.writeString(config, "connections:\n" + pg.connectionsYaml() + my.connectionsYaml());
        String url = "jdbc:fedduck:?config=" + encode(config.toString()) + "&extension_directory="
                + encode(extensions.toString()) + "&fail_fast=true";
        try (Connection pgNative = pg.open(); Connection myNative = my.open()) {
            long start = System.nanoTime();
            createPostgres(pgNative, tables);
            createMariaDb(myNative, tables);
            log(String.format(Locale.ROOT, "created %d tables in each source in %.1f s", tables,
                    (System.nanoTime() - start) / 1e9));
            try (Connection fed = DriverManager.getConnection(url + "&metadata_ttl=" + ttl)) {
                measure(fed, pgNative, pg.catalog(), PG_SCHEMA, null, PG_SCHEMA, tables, runs);
                measure(fed, myNative, my.catalog(), MY_DATABASE, MY_DATABASE, null, tables, runs);
            }
            freshness(url + "&metadata_ttl=" + ttl, pgNative, pg.catalog(), PG_SCHEMA, ttl, 1);
            freshness(url + "&metadata_ttl=" + ttl, myNative, my.catalog(), MY_DATABASE, ttl, 1);
            freshness(url + "&metadata_ttl=1", pgNative, pg.catalog(), PG_SCHEMA, 1, 5);
            freshness(url + "&metadata_ttl=1", myNative, my.catalog(), MY_DATABASE, 1, 5);
        } finally {
            try (Connection pgNative = pg.open(); Connection myNative = my.open();
                    Statement p = pgNative.createStatement(); Statement m = myNative.createStatement()) {
                dropPostgres(p);
                m.execute("DROP DATABASE IF EXISTS " + MY_DATABASE);
            }
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            log("dropped the bench tables");
        }
    }

    private static void createPostgres(Connection c, int tables) throws Exception {
        try (Statement s = c.createStatement()) {
            dropPostgres(s);
            s.execute("CREATE SCHEMA " + PG_SCHEMA);
            // 500 tables per transaction: PostgreSQL holds a lock per table until commit (max_locks_per_transaction).
            for (int from = 1; from <= tables; from += 500) {
                s.execute("DO $$ BEGIN FOR i IN " + from + ".." + Math.min(tables, from + 499) + " LOOP EXECUTE"
                        + " format('CREATE TABLE " + PG_SCHEMA + ".t%s (id int PRIMARY KEY, name text,"
                        + " amount numeric(12,2))', i); END LOOP; END $$");
            }
            s.execute("ANALYZE");
        }
    }

    /** Drops the schema 500 tables per transaction (one DROP SCHEMA CASCADE would need a lock per table). */
    private static void dropPostgres(Statement s) throws Exception {
        s.execute("DO $$ DECLARE r record; n int := 0; BEGIN FOR r IN SELECT c.relname FROM pg_class c"
                + " JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = '" + PG_SCHEMA + "'"
                + " AND c.relkind = 'r' LIMIT 500 LOOP EXECUTE format('DROP TABLE " + PG_SCHEMA + ".%I', r.relname);"
                + " END LOOP; END $$");
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace ns"
                + " ON ns.oid = c.relnamespace WHERE ns.nspname = '" + PG_SCHEMA + "' AND c.relkind = 'r'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                dropPostgres(s);
                return;
            }
        }
        s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
    }

    private static void createMariaDb(Connection c, int tables) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MY_DATABASE);
            s.execute("CREATE DATABASE " + MY_DATABASE);
            for (int i = 1; i <= tables; i++) {
                s.addBatch("CREATE TABLE " + MY_DATABASE + ".t" + i
                        + " (id int PRIMARY KEY, name varchar(40), amount decimal(12,2))");
            }
            s.executeBatch();
        }
    }

    private static void measure(Connection fed, Connection nativeConnection, String catalog, String schema,
            String nativeCatalog, String nativeSchema, int tables, int runs) throws Exception {
        Samples list = Samples.time(1, runs, () -> expect(tables, count(fed,
                "SELECT count(*) FROM list_remote_tables('" + catalog + "', schema_filter := '" + schema + "')")));
        DatabaseMetaData fedMeta = fed.getMetaData();
        String[] types = {"TABLE"};
        Samples warm = Samples.time(1, runs, () -> expect(tables, rows(fedMeta.getTables(catalog, schema, "%", types))));
        FedDuckConnection fedduck = fed.unwrap(FedDuckConnection.class);
        // What the metadata layer pays when the TTL has run out: the clear, then DuckDB reloads the catalog.
        Samples cold = Samples.time(0, runs, () -> {
            fedduck.refreshCatalogs();
            expect(tables, rows(fedMeta.getTables(catalog, schema, "%", types)));
        });
        DatabaseMetaData nativeMeta = nativeConnection.getMetaData();
        Samples nat = Samples.time(1, runs, () -> expect(tables,
                rows(nativeMeta.getTables(nativeCatalog, nativeSchema, "%", types))));
        log(catalog + " list_remote_tables: " + list);
        log(catalog + " FedDuck getTables (cache fresh): " + warm);
        log(catalog + " FedDuck getTables (after refresh): " + cold);
        log(catalog + " native getTables: " + nat);
        log(String.format(Locale.ROOT, "RESULT source=%s tables=%d list_remote_tables_ms=%.1f getTables_warm_ms=%.1f"
                + " getTables_after_refresh_ms=%.1f native_getTables_ms=%.1f ratio_warm=%.2f ratio_after_refresh=%.2f",
                catalog, tables, list.median(), warm.median(), cold.median(), nat.median(),
                warm.median() / nat.median(), cold.median() / nat.median()));
    }

    /**
     * Creates a table in the source and polls DuckDB's catalog the way the metadata layer will (the TTL check,
     * then duckdb_tables()) every 50 ms until the table shows.
     */
    private static void freshness(String url, Connection nativeConnection, String catalog, String schema,
            int ttl, int samples) throws Exception {
        try (Connection fed = DriverManager.getConnection(url)) {
            FedDuckConnection fedduck = fed.unwrap(FedDuckConnection.class);
            count(fed, "SELECT count(*) FROM duckdb_tables() WHERE database_name = '" + catalog + "'");
            double worst = 0;
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                String table = "fresh_probe_ttl" + ttl + "_" + i;
                try (Statement s = nativeConnection.createStatement()) {
                    s.execute("CREATE TABLE " + schema + "." + table + " (id int)");
                }
                long start = System.nanoTime();
                while (true) {
                    fedduck.refreshStaleCatalogs();
                    try (PreparedStatement ps = fed.prepareStatement("SELECT count(*) FROM duckdb_tables()"
                            + " WHERE database_name = ? AND schema_name = ? AND table_name = ?")) {
                        ps.setString(1, catalog);
                        ps.setString(2, schema);
                        ps.setString(3, table);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) == 1) {
                                break;
                            }
                        }
                    }
                    if (System.nanoTime() - start > (ttl + 10) * 1_000_000_000L) {
                        throw new IllegalStateException(table + " not visible after " + (ttl + 10) + " s");
                    }
                    Thread.sleep(50);
                }
                double took = (System.nanoTime() - start) / 1e6;
                worst = Math.max(worst, took);
                sum += took;
            }
            log(String.format(Locale.ROOT, "RESULT source=%s freshness metadata_ttl=%d s: mean %.0f ms, worst %.0f ms"
                    + " (%d tables)", catalog, ttl, sum / samples, worst, samples));
        }
    }

    private static void expect(int wanted, long got) {
        if (got != wanted) {
            throw new IllegalStateException("expected " + wanted + " tables, got " + got);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long rows(ResultSet rs) throws Exception {
        long n = 0;
        try (rs) {
            while (rs.next()) {
                rs.getString(3);
                n++;
            }
        }
        return n;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void log(String message) {
        System.out.println("[catalog-bench] " + message);
    }
}
