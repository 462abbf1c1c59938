package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed statement asks the source nothing before it runs: its SQL carries a random mark by which FedDuck
 * finds and stops it. Each test holds a lock on the table from another session, so the pushed statement
 * waits on the server, then cancels it (Statement.cancel() or the query timeout) and requires the
 * statement to fail at once, the server to run nothing of it any more, and the connection to go on.
 */
class PushdownCancelIT {
    private static final int ROWS = 1000;
    private static final String MY_TABLE = "my.fedduck_test.pdc_rows";

    @TempDir
    static Path dir;

    @BeforeAll
    static void tables() throws Exception {
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement s = pg.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pdc_rows");
            s.execute("CREATE TABLE pdc_rows (id int PRIMARY KEY)");
            s.execute("INSERT INTO pdc_rows SELECT generate_series(1, " + ROWS + ")");
        }
        try (Connection my = RemoteDatabases.mysql().admin(); Statement s = my.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pdc_rows");
            s.execute("CREATE TABLE pdc_rows (id int PRIMARY KEY)");
            s.execute("INSERT INTO pdc_rows SELECT seq FROM seq_1_to_" + ROWS);
        }
    }

    private static TestFederation federation() {
        return new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** Runs the count on another thread: what it returned, or the exception it failed with. */
    private static CompletableFuture<Object> countInBackground(Statement s, String table) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return count(s, table);
            } catch (SQLException e) {
                return e;
            }
        });
    }

    /** How many sessions of the server run a statement with FedDuck's mark that waits on a lock. */
    private static long postgresWaiting() throws SQLException {
        return countOn(RemoteDatabases.postgres().admin(), "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '%/* fedduck %pdc_rows%'");
    }

    private static long mysqlWaiting() throws SQLException {
        return countOn(RemoteDatabases.mysql().admin(), "SELECT count(*) FROM information_schema.PROCESSLIST"
                + " WHERE INFO LIKE '/* fedduck %pdc_rows%' AND ID <> CONNECTION_ID()");
    }

    /** The count {@code sql} answers on {@code admin}, which it closes. */
    private static long countOn(Connection admin, String sql) throws SQLException {
        try (admin; Statement a = admin.createStatement(); ResultSet rs = a.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface Waiting {
        long count() throws SQLException;
    }

    private static void awaitWaiting(Waiting waiting, long expected, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen;
        while ((seen = waiting.count()) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, seen, what);
    }

    private static void assertCancelled(CompletableFuture<Object> run, String state) throws Exception {
        Object outcome = run.get(5, TimeUnit.SECONDS);
        SQLException e = assertInstanceOfSql(outcome);
        assertEquals(state, e.getSQLState(), e.getMessage());
    }

    private static SQLException assertInstanceOfSql(Object outcome) {
        assertNotNull(outcome);
        assertTrue(outcome instanceof SQLException, "the statement was not stopped; it returned " + outcome);
        return (SQLException) outcome;
    }

    @Test
    void cancelStopsAPushedPostgresStatementOnTheServer() throws Exception {
        try (Connection c = federation().open(); Statement s = c.createStatement();
             Connection locker = RemoteDatabases.postgres().admin(); Statement l = locker.createStatement()) {
            assertEquals(ROWS, count(s, "pg.public.pdc_rows")); // planned and looked up before the lock
            locker.setAutoCommit(false);
            l.execute("LOCK TABLE pdc_rows IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Object> run = countInBackground(s, "pg.public.pdc_rows");
            awaitWaiting(PushdownCancelIT::postgresWaiting, 1, "the pushed count, marked, waiting on the lock");
            s.cancel();
            assertCancelled(run, "57014");
            awaitWaiting(PushdownCancelIT::postgresWaiting, 0, "PostgreSQL still ran the cancelled count");
            locker.rollback();
            assertEquals(ROWS, count(s, "pg.public.pdc_rows"));
        }
    }

    @Test
    void cancelAndTheQueryTimeoutStopAPushedMariaDbStatementOnTheServer() throws Exception {
        try (Connection c = federation().open(); Statement s = c.createStatement();
             Connection locker = RemoteDatabases.mysql().admin(); Statement l = locker.createStatement()) {
            assertEquals(ROWS, count(s, MY_TABLE));
            l.execute("LOCK TABLES pdc_rows WRITE");
            try {
                CompletableFuture<Object> run = countInBackground(s, MY_TABLE);
                awaitWaiting(PushdownCancelIT::mysqlWaiting, 1, "the pushed count, marked, waiting on the lock");
                s.cancel();
                assertCancelled(run, "57014");
                awaitWaiting(PushdownCancelIT::mysqlWaiting, 0, "MariaDB still ran the cancelled count");

                s.setQueryTimeout(1);
                long start = System.nanoTime();
                assertCancelled(countInBackground(s, MY_TABLE), "57014");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 4000, "the query timeout of 1 s ended the statement after " + millis + " ms");
                awaitWaiting(PushdownCancelIT::mysqlWaiting, 0, "MariaDB still ran the timed-out count");
            } finally {
                l.execute("UNLOCK TABLES");
            }
            assertEquals(ROWS, count(s, MY_TABLE));
            assertFalse(c.isClosed());
        }
    }

    @Test
    void closingAPushedJoinEarlyStopsItOnTheServer() throws Exception {
        // 100 million rows: a source that had to send them all would keep the close waiting for seconds
        String join = "SELECT a.id, b.id, c.id FROM pg.public.pdc_rows a, pg.public.pdc_rows b, pg.public.pdc_rows c"
                + " WHERE c.id <= 100";
        try (Connection c = federation().open(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery(join);
            for (int i = 0; i < 200; i++) {
                assertTrue(rs.next());
            }
            long start = System.nanoTime();
            rs.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2000, "closing the pushed join after 200 rows took " + millis + " ms");
            awaitWaiting(PushdownCancelIT::postgresStreaming, 0, "PostgreSQL still sent the closed join's rows");
            assertEquals(ROWS, count(s, "pg.public.pdc_rows"));
        }
    }

    /** How many sessions of the server run a marked statement over pdc_rows, waiting or sending. */
    private static long postgresStreaming() throws SQLException {
        return countOn(RemoteDatabases.postgres().admin(), "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND pid <> pg_backend_pid() AND query LIKE '%/* fedduck %pdc_rows%'");
    }
}
