package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A statement's timeout reaches the source: PostgreSQL stops the remote work itself (a pg_sleep inside
 * postgres_query, a slow view read through the catalog), so the statement fails on time and the server
 * session is idle again; MySQL's query is killed (KILL QUERY on the statement's session) likewise.
 */
class SourceTimeoutIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void slowView() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("CREATE OR REPLACE VIEW slow_view AS SELECT pg_sleep(25) IS NULL AS slept");
        }
    }

    @AfterAll
    static void dropSlowView() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP VIEW IF EXISTS slow_view");
        }
    }

    private static TestFederation federation() {
        return new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
    }

    @Test
    void aTimeoutStopsAPostgresQuerySleepOnTheServer() throws Exception {
        assertStopsOnTheServer("SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(25) IS NULL AS slept')");
    }

    @Test
    void aTimeoutStopsASlowRemoteViewReadThroughTheCatalog() throws Exception {
        assertStopsOnTheServer("SELECT count(*) FROM pg.public.slow_view");
    }

    private void assertStopsOnTheServer(String sql) throws Exception {
        try (Connection c = federation().open("query_timeout=3"); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql).close());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(millis < 4000, "the statement took " + millis + " ms with a 3 s timeout");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long busy;
            do {
                busy = sleepingBackends();
            } while (busy > 0 && System.nanoTime() < deadline);
            assertEquals(0, busy, "a FedDuck backend was still running pg_sleep 5 s after the timeout");
            // the connection and the source stay usable
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg.information_schema.schemata")) {
                assertTrue(rs.next() && rs.getLong(1) > 0);
            }
        }
    }

    @ParameterizedTest(name = "with {0}")
    @ValueSource(strings = {"query_timeout=60", "query_timeout=0"})
    void cancelStopsThePostgresQueryOnTheServer(String timeout) throws Exception {
        try (Connection c = federation().open(timeout); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            SQLException e = cancelledAfter1500Ms(s,
                    "SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(25) IS NULL AS slept')");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("cancel"), e.getMessage());
            assertTrue(millis < 4000, "cancel took effect after " + millis + " ms");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long busy;
            do {
                busy = sleepingBackends();
            } while (busy > 0 && System.nanoTime() < deadline);
            assertEquals(0, busy, "a FedDuck backend was still running pg_sleep after the cancel");
        }
    }

    @Test
    void aTimeoutKillsAMysqlSleepOnTheServer() throws Exception {
        try (Connection c = federation().open("query_timeout=3"); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM mysql_query('my', 'SELECT SLEEP(25) AS s')").close());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(millis < 4000, "the statement took " + millis + " ms with a 3 s timeout");
            assertMysqlIdleWithin5Seconds();
            try (ResultSet rs = s.executeQuery("SELECT * FROM mysql_query('my', 'SELECT 1 AS one')")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @ParameterizedTest(name = "with {0}")
    @ValueSource(strings = {"query_timeout=60", "query_timeout=0"})
    void cancelKillsTheMysqlQueryOnTheServer(String timeout) throws Exception {
        try (Connection c = federation().open(timeout); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            SQLException e = cancelledAfter1500Ms(s, "SELECT * FROM mysql_query('my', 'SELECT SLEEP(25) AS s')");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(millis < 4000, "cancel took effect after " + millis + " ms");
            assertMysqlIdleWithin5Seconds();
        }
    }

    @Test
    void aTimeoutStopsASyncWhoseWhereClauseBurnsCpuAndKeepsThePreviousCopy() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement a = admin.createStatement()) {
            a.execute("DROP TABLE IF EXISTS burn_rows");
            a.execute("CREATE TABLE burn_rows AS SELECT g AS id, md5(g::text) AS payload"
                    + " FROM generate_series(1, 500000) g");
        }
        try (Connection c = federation().open(); Statement s = c.createStatement()) {
            s.execute("CALL sync_table('pg', 'burn_rows', 'burn_copy', where_clause := 'id <= 10')");
            s.setQueryTimeout(2);
            long start = System.nanoTime();
            // every row copies 64 KB of text before the filter answers: minutes of CPU without the timeout
            SQLException e = assertThrows(SQLException.class, () -> s.execute("CALL sync_table('pg', 'burn_rows',"
                    + " 'burn_copy', where_clause := 'length(repeat(payload, 2000)) > 10')"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(millis < 4000, "the sync took " + millis + " ms with a 2 s timeout");
            s.setQueryTimeout(0);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM burn_copy")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getLong(1), "the stopped full copy replaced the previous one");
            }
        } finally {
            try (Connection admin = RemoteDatabases.postgres().admin(); Statement a = admin.createStatement()) {
                a.execute("DROP TABLE IF EXISTS burn_rows");
            }
        }
    }

    /** Runs {@code sql} on {@code s} and cancels it from another thread 1.5 s later; returns its failure. */
    private static SQLException cancelledAfter1500Ms(Statement s, String sql) throws InterruptedException {
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(1500);
                s.cancel();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        canceller.start();
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql).close());
        canceller.join();
        return e;
    }

    private static void assertMysqlIdleWithin5Seconds() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long busy;
        do {
            try (Connection admin = RemoteDatabases.mysql().admin(); Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.PROCESSLIST"
                         + " WHERE INFO LIKE 'SELECT SLEEP(25)%'")) {
                rs.next();
                busy = rs.getLong(1);
            }
        } while (busy > 0 && System.nanoTime() < deadline);
        assertEquals(0, busy, "a FedDuck session was still running SLEEP(25) on MariaDB 5 s after the statement");
    }

    private static long sleepingBackends() throws SQLException {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fedduck'"
                     + " AND state = 'active' AND query LIKE '%pg_sleep%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
