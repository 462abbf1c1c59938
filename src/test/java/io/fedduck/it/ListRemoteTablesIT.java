package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * list_remote_tables() on real PostgreSQL, MariaDB and SQLite sources, through a read-only connection:
 * types, filters, CALL and SELECT, prepared statements, fresh answers, bad input and injection attempts.
 */
class ListRemoteTablesIT {
    private static final String INJECTION = "x'; DROP TABLE lrt_orders; --";

    @TempDir
    static Path dir;
    private static Path sqlite;

    @BeforeAll
    static void createSourceObjects() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            dropPostgres(s);
            s.execute("CREATE SCHEMA lrt_s");
            s.execute("CREATE TABLE public.lrt_orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO public.lrt_orders SELECT i, 'n' || i FROM generate_series(1, 300) i");
            s.execute("ANALYZE public.lrt_orders");
            s.execute("CREATE VIEW public.lrt_orders_view AS SELECT id FROM public.lrt_orders");
            s.execute("CREATE MATERIALIZED VIEW lrt_s.lrt_totals AS SELECT count(*) AS n FROM public.lrt_orders");
            s.execute("CREATE TABLE lrt_s.lrt_events (id int, at date) PARTITION BY RANGE (at)");
            s.execute("CREATE TABLE lrt_s.lrt_events_2024 PARTITION OF lrt_s.lrt_events"
                    + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
            s.execute("CREATE TABLE lrt_orders (id int PRIMARY KEY, note varchar(20))");
            s.execute("INSERT INTO lrt_orders VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            s.execute("CREATE VIEW lrt_orders_view AS SELECT id FROM lrt_orders");
        }
        sqlite = dir.resolve("lrt.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lrt_orders (id INTEGER PRIMARY KEY, note TEXT)");
            s.execute("CREATE VIEW lrt_orders_view AS SELECT id FROM lrt_orders");
        }
    }

    @AfterAll
    static void dropSourceObjects() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            dropPostgres(s);
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
        }
    }

    private static void dropPostgres(Statement s) throws SQLException {
        s.execute("DROP SCHEMA IF EXISTS lrt_s CASCADE");
        s.execute("DROP VIEW IF EXISTS public.lrt_orders_view");
        s.execute("DROP TABLE IF EXISTS public.lrt_orders, public.lrt_late");
        dropBulkSchema(s);
    }

    private static void dropMysql(Statement s) throws SQLException {
        s.execute("DROP VIEW IF EXISTS lrt_orders_view");
        s.execute("DROP TABLE IF EXISTS lrt_orders, lrt_late");
    }

    // In batches, each its own transaction, so no lock table overflows.
    private static void dropBulkSchema(Statement s) throws SQLException {
        s.execute("DO $$ DECLARE r record; n int := 0; BEGIN"
                + " FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'lrt_bulk' LOOP"
                + " EXECUTE format('DROP TABLE lrt_bulk.%I', r.tablename); n := n + 1;"
                + " IF n % 500 = 0 THEN COMMIT; END IF; END LOOP; END $$");
        s.execute("DROP SCHEMA IF EXISTS lrt_bulk");
    }

    private static TestFederation federation() {
        return new TestFederation(dir)
                .postgres("lrt_pg", RemoteDatabases.postgres(), "")
                .mysql("lrt_my", RemoteDatabases.mysql(), "")
                .sqlite("lrt_lite", sqlite, "")
                .source("lrt_gone", "type: postgres\nhost: 127.0.0.1\nport: 1\ndatabase: x\nusername: u\n"
                        + "password: 'lrt-unused-password'\noptions:\n  connection_timeout: 2\n");
    }

    /** schema.table -> type, of the lrt_ objects only. */
    private static Map<String, String> lrtRows(ResultSet rs) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        while (rs.next()) {
            if (rs.getString("table_name").startsWith("lrt_")) {
                rows.put(rs.getString("schema_name") + "." + rs.getString("table_name"), rs.getString("table_type"));
            }
        }
        return rows;
    }

    private static List<String> allRows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(rs.getString(i)).append('|');
            }
            rows.add(row.toString());
        }
        return rows;
    }

    @Test
    void listsTablesAndViewsWithTheirTypesOnEverySource() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_pg')")) {
                assertEquals(Map.of("public.lrt_orders", "table", "public.lrt_orders_view", "view",
                        "lrt_s.lrt_totals", "materialized view", "lrt_s.lrt_events", "partitioned table",
                        "lrt_s.lrt_events_2024", "table"), lrtRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT row_estimate, size_bytes, last_modified"
                    + " FROM list_remote_tables('LRT_PG') WHERE table_name = 'lrt_orders'")) {
                assertTrue(rs.next());
                assertEquals(300, rs.getLong(1), "reltuples after ANALYZE");
                assertTrue(rs.getLong(2) > 0, "pg_total_relation_size");
                assertNotNull(rs.getObject(3, OffsetDateTime.class), "the ANALYZE above");
            }
            String db = RemoteDatabases.mysql().database();
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_my')")) {
                assertEquals(Map.of(db + ".lrt_orders", "table", db + ".lrt_orders_view", "view"), lrtRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT row_estimate, size_bytes, last_modified"
                    + " FROM list_remote_tables('lrt_my') WHERE table_name = 'lrt_orders'")) {
                assertTrue(rs.next());
                assertNotNull(rs.getObject(1));
                assertTrue(rs.getLong(2) > 0);
                OffsetDateTime modified = rs.getObject(3, OffsetDateTime.class);
                assertNotNull(modified, "UPDATE_TIME of the INSERT above");
                assertTrue(Duration.between(modified.toInstant(), Instant.now()).abs().toMinutes() < 10,
                        "UPDATE_TIME arrives as the right instant: " + modified);
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_lite')")) {
                assertEquals(Map.of("main.lrt_orders", "table", "main.lrt_orders_view", "view"), lrtRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT row_estimate, size_bytes, last_modified"
                    + " FROM list_remote_tables('lrt_lite') WHERE table_name = 'lrt_orders'")) {
                assertTrue(rs.next());
                assertNull(rs.getObject(1));
                assertNull(rs.getObject(2));
                assertNull(rs.getObject(3));
            }
        }
    }

    @Test
    void filtersBySchemaAndTablePattern() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_pg', schema_filter := 'lrt_s')")) {
                assertEquals(Map.of("lrt_s.lrt_totals", "materialized view", "lrt_s.lrt_events", "partitioned table",
                        "lrt_s.lrt_events_2024", "table"), lrtRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_pg', table_pattern := 'lrt_orders%')")) {
                assertEquals(Map.of("public.lrt_orders", "table", "public.lrt_orders_view", "view"), lrtRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_pg', 'public', 'lrt\\_%')")) {
                assertEquals(List.of(), allRows(rs), "LIKE without ESCAPE: the backslash is a character");
            }
            String db = RemoteDatabases.mysql().database();
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_my', schema_filter := '" + db
                    + "', table_pattern := '%view')")) {
                assertEquals(Map.of(db + ".lrt_orders_view", "view"), lrtRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_my', schema_filter := 'nope')")) {
                assertEquals(List.of(), allRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_lite', table_pattern := '%VIEW')")) {
                assertEquals(List.of(), allRows(rs), "LIKE is case-sensitive, as in DuckDB");
            }
        }
    }

    @Test
    void callAndSelectGiveTheSameRowsAlsoPrepared() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            for (String source : List.of("lrt_pg", "lrt_my", "lrt_lite")) {
                List<String> selected;
                try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('" + source + "')")) {
                    selected = allRows(rs);
                }
                try (ResultSet rs = s.executeQuery("CALL list_remote_tables('" + source + "')")) {
                    assertEquals(selected, allRows(rs), source);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM list_remote_tables(?)")) {
                    ps.setString(1, source.toUpperCase());
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(selected, allRows(rs), source + " by a parameter, case-insensitive");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, table_type FROM list_remote_tables(?,"
                    + " schema_filter := ?, table_pattern := ?)")) {
                ps.setString(1, "lrt_pg");
                ps.setString(2, "public");
                ps.setString(3, "lrt_orders_v%");
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(List.of("lrt_orders_view|view|"), allRows(rs));
                }
                ps.setString(1, "lrt_lite");
                ps.setString(2, null);
                ps.setString(3, "lrt_orders");
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(List.of("lrt_orders|table|"), allRows(rs));
                }
            }
        }
    }

    @Test
    void aTableCreatedAfterTheConnectionOpenedShowsUpOnTheNextCall() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            String count = "SELECT count(*) FROM list_remote_tables('lrt_pg', table_pattern := 'lrt_late')";
            try (ResultSet rs = s.executeQuery(count)) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
            String countMy = "SELECT count(*) FROM list_remote_tables('lrt_my', table_pattern := 'lrt_late')";
            try (ResultSet rs = s.executeQuery(countMy)) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
            try (Connection pg = RemoteDatabases.postgres().admin(); Statement ps = pg.createStatement()) {
                ps.execute("CREATE TABLE public.lrt_late (id int)");
            }
            try (Connection my = RemoteDatabases.mysql().admin(); Statement ms = my.createStatement()) {
                ms.execute("CREATE TABLE lrt_late (id int)");
            }
            try (ResultSet rs = s.executeQuery(count)) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery(countMy)) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
            }
        } finally {
            try (Connection pg = RemoteDatabases.postgres().admin(); Statement ps = pg.createStatement()) {
                ps.execute("DROP TABLE IF EXISTS public.lrt_late");
            }
            try (Connection my = RemoteDatabases.mysql().admin(); Statement ms = my.createStatement()) {
                ms.execute("DROP TABLE IF EXISTS lrt_late");
            }
        }
    }

    @Test
    void unknownConnectionListsTheKnownNames() throws Exception {
        String known = "known connections: lrt_gone, lrt_lite, lrt_my, lrt_pg";
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            SQLException constant = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM list_remote_tables('nope')"));
            assertEquals("42704", constant.getSQLState());
            assertTrue(constant.getMessage().contains("unknown connection 'nope'; " + known), constant.getMessage());
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM list_remote_tables(?)")) {
                ps.setString(1, "nope");
                SQLException bound = assertThrows(SQLException.class, ps::executeQuery);
                assertEquals("22023", bound.getSQLState());
                assertTrue(bound.getMessage().contains("unknown connection 'nope'; " + known), bound.getMessage());
            }
            SQLException gone = assertThrows(SQLException.class,
                    () -> s.executeQuery("CALL list_remote_tables('lrt_gone')"));
            assertTrue(gone.getMessage().contains("connection 'lrt_gone' is not attached (status error"),
                    gone.getMessage());
            SQLException badArgument = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM list_remote_tables('lrt_pg', bogus := 1)"));
            assertTrue(badArgument.getMessage().contains(
                    "list_remote_tables(connection_name, schema_filter := NULL, table_pattern := NULL)"),
                    badArgument.getMessage());
            // The statement stays usable after the errors.
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM list_remote_tables('lrt_lite')")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void injectionAttemptsInjectNothing() throws Exception {
        try (Connection c = federation().open(""); Statement s = c.createStatement()) {
            String quoted = INJECTION.replace("'", "''");
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_pg', table_pattern := '"
                    + quoted + "')")) {
                assertEquals(List.of(), allRows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_remote_tables('lrt_my', schema_filter := '"
                    + quoted + "', table_pattern := '" + quoted + "')")) {
                assertEquals(List.of(), allRows(rs));
            }
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM list_remote_tables('" + quoted + "')"));
            assertTrue(e.getMessage().contains("unknown connection '" + INJECTION + "'"), e.getMessage());
            for (String source : List.of("lrt_pg", "lrt_my", "lrt_lite")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM list_remote_tables(?, schema_filter := ?, table_pattern := ?)")) {
                    ps.setString(1, source);
                    ps.setString(2, INJECTION);
                    ps.setString(3, INJECTION);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(List.of(), allRows(rs));
                    }
                    ps.setString(1, INJECTION);
                    assertThrows(SQLException.class, ps::executeQuery);
                }
            }
            // Every lrt_orders is still there.
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM lrt_pg.public.lrt_orders),"
                    + " (SELECT count(*) FROM lrt_my." + RemoteDatabases.mysql().database() + ".lrt_orders),"
                    + " (SELECT count(*) FROM lrt_lite.main.lrt_orders)")) {
                assertTrue(rs.next());
                assertEquals(300, rs.getLong(1));
                assertEquals(3, rs.getLong(2));
                assertEquals(0, rs.getLong(3));
            }
        }
    }

    @Test
    void joinsTheTablesOfTwoSources() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.table_name, p.table_type, m.table_type"
                     + " FROM list_remote_tables('lrt_pg', 'public') p"
                     + " JOIN list_remote_tables('lrt_lite') m USING (table_name) ORDER BY 1")) {
            assertEquals(List.of("lrt_orders|table|table|", "lrt_orders_view|view|view|"), allRows(rs));
        }
    }

    @Test
    void listsASchemaOfFiveThousandTables() throws Exception {
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement ps = pg.createStatement()) {
            dropBulkSchema(ps);
            ps.execute("CREATE SCHEMA lrt_bulk");
            ps.execute("DO $$ BEGIN FOR i IN 1..5000 LOOP"
                    + " EXECUTE format('CREATE TABLE lrt_bulk.lrt_t%s (id int)', i);"
                    + " IF i % 500 = 0 THEN COMMIT; END IF; END LOOP; END $$");
        }
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT table_name)"
                     + " FROM list_remote_tables('lrt_pg', schema_filter := 'lrt_bulk')")) {
            assertTrue(rs.next());
            assertEquals(5000, rs.getLong(1));
            assertEquals(5000, rs.getLong(2));
        } finally {
            try (Connection pg = RemoteDatabases.postgres().admin(); Statement ps = pg.createStatement()) {
                dropBulkSchema(ps);
            }
        }
    }
}
