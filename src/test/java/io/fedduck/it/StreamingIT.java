package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results stream: the first rows of a large PostgreSQL table arrive while the source is still sending
 * (nothing is materialised first), max rows stop the remote scan, closing a result early ends it, and a
 * second statement on the same connection while a result is open leaves both results whole. Also the
 * statement-level gaps clients trip over: fetch size reported as set, generated keys refused cleanly,
 * setCatalog to a source, abort and the network timeout.
 */
class StreamingIT {
    private static final int ROWS = 1_000_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void bigTable() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stream_big");
            s.execute("CREATE TABLE stream_big AS SELECT g AS id, md5(g::text) AS payload"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("ANALYZE stream_big");
        }
    }

    @AfterAll
    static void dropBigTable() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stream_big");
        }
    }

    private static TestFederation federation() {
        return new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "");
    }

    /**
     * Whether FedDuck's scan of stream_big is still under way: a session is sending rows right now, or the
     * scan has not yet asked for its last range of pages. The postgres extension reads a table in ranges of
     * 1,000 pages, each one COPY; a range fits in the socket buffers, so between two of them no session is
     * sending even though most of the table is still to come (and stays so while the stream's buffer is
     * full). The last range is the one whose upper bound is the largest tid, 4294967295.
     */
    private static boolean stillReading() throws SQLException {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE state = 'active'),"
                     + " count(*) FILTER (WHERE query LIKE '%''(4294967295,0)''::tid%')"
                     + " FROM pg_stat_activity WHERE application_name = 'fedduck'"
                     + " AND state IN ('active', 'idle in transaction') AND query ILIKE '%stream_big%'")) {
            rs.next();
            return rs.getLong(1) > 0 || rs.getLong(2) == 0;
        }
    }

    /** FedDuck's PostgreSQL sessions that are sending rows of stream_big right now. */
    private static long copyingBackends() throws SQLException {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fedduck'"
                     + " AND state = 'active' AND query ILIKE '%stream_big%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertNoCopyWithin5Seconds(String when) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long busy;
        do {
            busy = copyingBackends();
        } while (busy > 0 && System.nanoTime() < deadline);
        assertEquals(0, busy, "a FedDuck backend was still reading stream_big 5 s " + when);
    }

    @Test
    void theFirstRowsArriveWhileTheSourceIsStillSendingAndClosingEndsTheScan() throws Exception {
        try (Connection c = federation().open(); Statement s = c.createStatement()) {
            s.setFetchSize(200);
            assertEquals(200, s.getFetchSize());
            ResultSet rs = s.executeQuery("SELECT id, payload FROM pg.public.stream_big");
            for (int i = 0; i < 200; i++) {
                assertTrue(rs.next());
                assertNotNull(rs.getString(2));
            }
            // A materialised result would have read the whole table before the first row.
            assertTrue(stillReading(), "PostgreSQL had already sent the whole table before the first rows");
            rs.close();
            assertNoCopyWithin5Seconds("after the result set was closed");
            try (ResultSet again = s.executeQuery("SELECT count(*) FROM pg.public.stream_big")) {
                assertTrue(again.next());
                assertEquals(ROWS, again.getLong(1));
            }
        }
    }

    @Test
    void maxRowsStopTheRemoteScanWhileTheResultIsStillOpen() throws Exception {
        try (Connection c = federation().open(); Statement s = c.createStatement()) {
            s.setMaxRows(200);
            s.setFetchSize(200);
            try (ResultSet rs = s.executeQuery("SELECT id FROM pg.public.stream_big")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(200, n);
                assertFalse(rs.isClosed());
                assertNoCopyWithin5Seconds("after max rows were read, with the result still open");
            }
        }
    }

    @Test
    void aSecondStatementWhileAResultIsOpenLeavesBothWhole() throws Exception {
        try (Connection c = federation().open(); Statement first = c.createStatement();
             Statement second = c.createStatement()) {
            first.setMaxRows(5000);
            try (ResultSet rs = first.executeQuery("SELECT id FROM pg.public.stream_big ORDER BY id")) {
                for (int i = 1; i <= 10; i++) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getLong(1));
                }
                // metadata and another query on the same connection, as DBeaver and IntelliJ do
                try (ResultSet other = second.executeQuery("SELECT count(*) FROM pg.public.stream_big WHERE id <= 42")) {
                    assertTrue(other.next());
                    assertEquals(42, other.getLong(1));
                }
                assertTrue(c.isValid(2));
                assertEquals(10, rs.getLong(1), "the current row stays the current row");
                assertEquals(10, rs.getObject(1, Long.class));
                long expected = 11;
                while (rs.next()) {
                    assertEquals(expected++, rs.getLong("id"));
                }
                assertEquals(5001, expected, "the first result lost or repeated rows");
            }
        }
    }

    @Test
    void aResultPastTheLargeResultRowsGetsAWarningUnlessMaxRowsAreSet() throws Exception {
        try (Connection c = federation().open("large_result_rows=1000"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM pg.public.stream_big LIMIT 1001")) {
                for (int i = 0; i < 1000; i++) {
                    assertTrue(rs.next());
                }
                assertNull(rs.getWarnings());
                assertTrue(rs.next());
                SQLWarning warning = rs.getWarnings();
                assertNotNull(warning, "no warning after 1,001 rows with large_result_rows=1000");
                assertTrue(warning.getMessage().contains("1000 rows"), warning.getMessage());
            }
            s.setMaxRows(5000);
            try (ResultSet rs = s.executeQuery("SELECT id FROM pg.public.stream_big")) {
                while (rs.next()) {
                    assertNull(rs.getWarnings());
                }
            }
        }
    }

    @Test
    void generatedKeysAreRefusedCleanlyBeforeAnythingRuns() throws Exception {
        try (Connection c = federation().open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keyed (id INTEGER)");
            SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
                    () -> s.executeUpdate("INSERT INTO keyed VALUES (1)", Statement.RETURN_GENERATED_KEYS));
            assertEquals("HYC00", e.getSQLState());
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.prepareStatement("INSERT INTO keyed VALUES (2)", new String[] {"id"}));
            assertEquals(1, s.executeUpdate("INSERT INTO keyed VALUES (3)", Statement.NO_GENERATED_KEYS));
            try (ResultSet rs = s.executeQuery("SELECT list(id) FROM keyed")) {
                assertTrue(rs.next());
                assertEquals("[3]", rs.getString(1), "a refused statement ran anyway");
            }
        }
    }

    @Test
    void setCatalogToASourceLandsInItsDefaultSchema() throws Exception {
        try (Connection c = federation().open(); Statement s = c.createStatement()) {
            c.setCatalog("pg");
            assertEquals("pg", c.getCatalog());
            assertEquals("public", c.getSchema());
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM stream_big WHERE id <= 3")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getLong(1));
            }
            SQLException e = assertThrows(SQLException.class, () -> c.setCatalog("no_such_catalog"));
            assertEquals("3D000", e.getSQLState());
            assertTrue(e.getMessage().contains("no_such_catalog"), e.getMessage());
            assertEquals("pg", c.getCatalog(), "a failed setCatalog changed the catalog");
        }
    }

    @Test
    void abortClosesAtOnceAndStopsTheServersWork() throws Exception {
        Connection c = federation().open();
        Statement s = c.createStatement();
        Thread query = new Thread(() -> {
            try {
                s.executeQuery("SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(25) IS NULL AS slept')").close();
            } catch (SQLException expected) {
                // aborted
            }
        });
        query.start();
        Thread.sleep(1500);
        c.abort(Runnable::run);
        assertTrue(c.isClosed());
        query.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(query.isAlive(), "the aborted statement was still running 10 s later");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long sleeping;
        do {
            try (Connection admin = RemoteDatabases.postgres().admin(); Statement a = admin.createStatement();
                 ResultSet rs = a.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                         + " 'fedduck' AND state = 'active' AND query LIKE '%pg_sleep(25)%'")) {
                rs.next();
                sleeping = rs.getLong(1);
            }
        } while (sleeping > 0 && System.nanoTime() < deadline);
        assertEquals(0, sleeping, "PostgreSQL still ran the aborted statement's pg_sleep");
    }

    @Test
    void aStatementPastTheNetworkTimeoutFailsWithClass08AndClosesTheConnection() throws Exception {
        Connection c = federation().open();
        c.setNetworkTimeout(Runnable::run, 1000);
        assertEquals(1000, c.getNetworkTimeout());
        try (Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
                    "SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(25) IS NULL AS slept')").close());
            assertEquals("08006", e.getSQLState(), e.getMessage());
        }
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        c.close();
    }
}
