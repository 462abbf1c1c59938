package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.jdbc.FedDuckConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables and columns created in PostgreSQL and MariaDB after a connection opened show in DuckDB's attached
 * catalog within metadata_ttl, without refresh_database, and at once after an explicit refresh; emptying the
 * catalog cache while another connection queries the source is safe. Runs with lockdown on (the default):
 * a refresh attaches nothing.
 */
class FreshCatalogIT {
    /** Unique per run: other engineers run tests against the same servers. */
    private static final String RUN = "fresh_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String STEADY = RUN + "_steady";

    @TempDir
    static Path dir;

    private static final List<String> created = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createSteadyTables() throws Exception {
        for (Side side : Side.values()) {
            side.create(STEADY + " (id int PRIMARY KEY)");
            side.run("INSERT INTO " + STEADY + " VALUES (1), (2), (3)");
        }
    }

    @AfterAll
    static void dropTables() throws Exception {
        for (Side side : Side.values()) {
            for (String table : created) {
                side.run("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /** The two sources, each with its catalog, schema and a way to run DDL on the server. */
    enum Side {
        POSTGRES("fresh_pg") {
            @Override
            Connection admin() throws SQLException {
                return RemoteDatabases.postgres().admin();
            }

            @Override
            String schema() {
                return "public";
            }
        },
        MYSQL("fresh_my") {
            @Override
            Connection admin() throws SQLException {
                return RemoteDatabases.mysql().admin();
            }

            @Override
            String schema() {
                return RemoteDatabases.mysql().database();
            }
        };

        final String catalog;

        Side(String catalog) {
            this.catalog = catalog;
        }

        abstract Connection admin() throws SQLException;

        abstract String schema();

        void run(String sql) throws SQLException {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        void create(String definition) throws SQLException {
            created.add(definition.substring(0, definition.indexOf(' ')));
            run("CREATE TABLE " + definition);
        }

        String qualified(String table) {
            return catalog + "." + schema() + "." + table;
        }
    }

    private static Connection open(String query) throws Exception {
        return new TestFederation(dir)
                .postgres("fresh_pg", RemoteDatabases.postgres(), "")
                .mysql("fresh_my", RemoteDatabases.mysql(), "")
                .open("fail_fast=true" + (query.isEmpty() ? "" : "&" + query));
    }

    private static long count(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long tablesNamed(Connection c, Side side, String table) throws SQLException {
        return count(c, "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ?"
                + " AND table_name = ?", side.catalog, side.schema(), table);
    }

    private static long infoSchemaTables(Connection c, Side side, String table) throws SQLException {
        return count(c, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ?"
                + " AND table_name = ?", side.catalog, side.schema(), table);
    }

    private static long columnsNamed(Connection c, Side side, String table, String column) throws SQLException {
        return count(c, "SELECT count(*) FROM information_schema.columns WHERE table_catalog = ? AND table_schema = ?"
                + " AND table_name = ? AND column_name = ?", side.catalog, side.schema(), table, column);
    }

    /** Loads DuckDB's catalog of both sources, so that what follows reads a cache. */
    private static void loadCatalogs(Connection c) throws SQLException {
        for (Side side : Side.values()) {
            assertEquals(1, tablesNamed(c, side, STEADY), side + ": the steady table is in the catalog");
        }
    }

    /**
     * Polls the way the metadata layer reads (the TTL check first) until {@code check} holds; returns how long
     * it took, failing after {@code limitMillis}.
     */
    private static long waitUntil(FedDuckConnection c, long limitMillis, Check check) throws Exception {
        long start = System.nanoTime();
        while (true) {
            c.refreshStaleCatalogs();
            if (check.holds()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < limitMillis, "not visible after " + took + " ms");
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws SQLException;
    }

    @Test
    void aTableAndAColumnCreatedLaterShowWithinTheTtl() throws Exception {
        try (Connection c = open("metadata_ttl=1")) {
            FedDuckConnection fed = c.unwrap(FedDuckConnection.class);
            loadCatalogs(c);
            for (Side side : Side.values()) {
                String table = RUN + "_ttl_" + side.name().toLowerCase(Locale.ROOT);
                side.create(table + " (id int)");
                side.run("INSERT INTO " + table + " VALUES (7)");
                long took = waitUntil(fed, 3000, () -> tablesNamed(c, side, table) == 1);
                assertTrue(took <= 1500, side + ": visible after " + took + " ms, TTL 1 s");
                assertEquals(1, infoSchemaTables(c, side, table), side + ": information_schema");
                assertEquals(7, count(c, "SELECT max(id) FROM " + side.qualified(table)), side + ": by name");

                side.run("ALTER TABLE " + table + " ADD COLUMN note varchar(20)");
                took = waitUntil(fed, 3000, () -> columnsNamed(c, side, table, "note") == 1);
                assertTrue(took <= 1500, side + ": column visible after " + took + " ms, TTL 1 s");
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT * FROM " + side.qualified(table))) {
                    assertEquals(2, rs.getMetaData().getColumnCount(), side + ": SELECT * has the new column");
                }
            }
        }
    }

    @Test
    void listRemoteTablesRenewsAStaleCatalog() throws Exception {
        try (Connection c = open("metadata_ttl=1")) {
            loadCatalogs(c);
            for (Side side : Side.values()) {
                String table = RUN + "_list_" + side.name().toLowerCase(Locale.ROOT);
                side.create(table + " (id int)");
                Thread.sleep(1100);
                assertEquals(1, count(c, "SELECT count(*) FROM list_remote_tables(?) WHERE table_name = ?",
                        side.catalog, table));
                // No refreshStaleCatalogs here: list_remote_tables renewed the stale cache before it listed.
                assertEquals(1, tablesNamed(c, side, table), side + ": in the catalog after list_remote_tables");
            }
        }
    }

    @Test
    void anExplicitRefreshShowsNewTablesAtOnce() throws Exception {
        try (Connection c = open("metadata_ttl=3600")) {
            FedDuckConnection fed = c.unwrap(FedDuckConnection.class);
            loadCatalogs(c);
            for (Side side : Side.values()) {
                String table = RUN + "_now_" + side.name().toLowerCase(Locale.ROOT);
                side.create(table + " (id int)");
                fed.refreshStaleCatalogs();
                assertEquals(0, tablesNamed(c, side, table), side + ": a 1 h TTL keeps the cache");
                fed.refreshCatalogs();
                assertEquals(1, tablesNamed(c, side, table), side + ": refreshCatalogs");

                String viaCall = RUN + "_call_" + side.name().toLowerCase(Locale.ROOT);
                side.create(viaCall + " (id int)");
                try (Statement s = c.createStatement()) {
                    s.execute("CALL refresh_database('" + side.catalog + "')");
                }
                assertEquals(1, tablesNamed(c, side, viaCall), side + ": CALL refresh_database");
            }
        }
    }

    @Test
    void aPreparedStatementBoundBeforeARefreshIsPreparedAgainAndAnswersRight() throws Exception {
        try (Connection c = open("metadata_ttl=3600"); Connection other = open("metadata_ttl=3600")) {
            for (Side side : Side.values()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + side.qualified(STEADY)
                        + " WHERE id >= ?")) {
                    ps.setInt(1, 2);
                    for (int i = 0; i < 3; i++) {
                        // another connection empties the catalog caches the prepared statement was bound over
                        other.unwrap(FedDuckConnection.class).refreshCatalogs();
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(2, rs.getLong(1), side + ": run " + i + " after a refresh");
                        }
                    }
                }
            }
        }
    }

    @Test
    void clearingTheCacheWhileAnotherConnectionQueriesIsSafe() throws Exception {
        try (Connection reader = open("metadata_ttl=0"); Connection refresher = open("metadata_ttl=0")) {
            FedDuckConnection fed = refresher.unwrap(FedDuckConnection.class);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong queries = new AtomicLong();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            Thread read = new Thread(() -> {
                try (Statement s = reader.createStatement()) {
                    while (!stop.get()) {
                        for (Side side : Side.values()) {
                            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM "
                                    + side.qualified(STEADY))) {
                                rs.next();
                                if (rs.getLong(1) != 3 || rs.getLong(2) != 6) {
                                    throw new AssertionError(side + ": wrong rows");
                                }
                            }
                            queries.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            read.start();
            long clearsBefore = clears(fed);
            long deadline = System.nanoTime() + 4_000_000_000L;
            int refreshes = 0;
            while (System.nanoTime() < deadline && errors.isEmpty()) {
                if (refreshes % 2 == 0) {
                    fed.refreshCatalogs();
                } else {
                    fed.refreshStaleCatalogs();
                }
                refreshes++;
            }
            stop.set(true);
            read.join(10_000);
            assertTrue(errors.isEmpty(), "errors while clearing: " + errors);
            assertTrue(queries.get() > 20, "queries ran: " + queries.get());
            assertTrue(clears(fed) - clearsBefore > 20, "clears ran: " + (clears(fed) - clearsBefore));
            loadCatalogs(reader);
        }
    }

    private static long clears(FedDuckConnection c) {
        return c.catalogClears();
    }
}
