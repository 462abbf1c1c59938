package io.fedduck.it;

import static io.fedduck.it.FaultLinks.count;
import static io.fedduck.it.FaultLinks.eventually;
import static io.fedduck.it.FaultLinks.millisSince;
import static io.fedduck.it.FaultLinks.proxy;
import static io.fedduck.it.FaultLinks.through;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.testkit.FaultProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results that are already streaming when their link stalls, and links that are slow rather than dead,
 * through a {@link FaultProxy} on loopback in front of the real test servers. A stalled link once hung
 * {@code ResultSet.next()}, and every close after it, for as long as the stall lasted. (PostgreSQL only:
 * the mysql extension reads a whole MySQL result at once, with mysql_stmt_store_result, before the first
 * row, so a MySQL stall always meets the execution, which SourceFaultIT covers.)
 */
class StreamFaultIT {
    /** Far more rows than the socket buffers and DuckDB's stream buffer hold, so reading them needs the link. */
    private static final String BIG_POSTGRES = "SELECT * FROM postgres_query('pg',"
            + " 'SELECT g, repeat(''x'', 200) AS pad FROM generate_series(1, 1000000) g')";

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void seed() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
    }

    @AfterEach
    void stopReaders() {
        pool.shutdownNow();
    }

    /** Reads {@code rs} to its end on another thread: the error it ended with, or none when it read all. */
    private Future<SQLException> readAside(ResultSet rs) {
        return pool.submit(() -> {
            try {
                while (rs.next()) {
                    // read it all
                }
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
    }

    @Test
    void aPostgresResultWhoseLinkStallsWhileItStreamsEndsWithinItsTimeoutPlusTwoSeconds() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            stalledStreamEndsAndOnlyItsConnectionCloses(f, pgLink, BIG_POSTGRES, "SELECT count(*) FROM pg.public.customers");
        }
    }

    private void stalledStreamEndsAndOnlyItsConnectionCloses(TestFederation f, FaultProxy link, String big,
                                                             String sourceCount) throws Exception {
        try (Connection other = f.open(""); Statement o = other.createStatement()) {
            o.execute("CREATE TABLE notes AS SELECT 7 AS n");
            Connection c = f.open("query_timeout=3");
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(big);
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
            link.blackHole();
            long stalledAt = System.nanoTime();
            SQLException e = readAside(rs).get(30, TimeUnit.SECONDS);
            long millis = millisSince(stalledAt);
            assertTrue(e != null, "the whole result came through a black-holed link");
            assertEquals("08006", e.getSQLState(), e.getMessage());
            // the query timeout, then 2 s of grace, and the rows that were already on their way
            assertTrue(millis < 3000 + 2000 + 2000, "next() failed after " + millis + " ms");
            assertTrue(c.isClosed(), "the stalled connection is closed for its user");
            long start = System.nanoTime();
            rs.close();
            s.close();
            c.close();
            assertTrue(millisSince(start) < 1000, "closing after the stall waited " + millisSince(start) + " ms");
            // other connections keep working on local tables, and on the source once the link is back
            assertEquals(7, count(o, "SELECT n FROM notes"));
            link.pass();
            assertEquals(Seed.CUSTOMERS, eventually(o, sourceCount));
        }
    }

    @Test
    void cancelAndCloseEndAStalledReadWithoutAQueryTimeout() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection other = f.open("")) {
                Connection c = f.open("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(BIG_POSTGRES);
                assertTrue(rs.next());
                pgLink.blackHole();
                Future<SQLException> reading = readAside(rs);
                Thread.sleep(1000);
                assertFalse(reading.isDone(), "the read did not wait on the stalled link");
                long start = System.nanoTime();
                s.cancel();
                assertTrue(millisSince(start) < 500, "cancel() waited " + millisSince(start) + " ms");
                start = System.nanoTime();
                c.close();
                long closeMillis = millisSince(start);
                assertTrue(closeMillis < 2000 + 1500, "close() waited " + closeMillis + " ms");
                SQLException e = reading.get(10, TimeUnit.SECONDS);
                assertTrue(e != null, "the whole result came through a black-holed link");
                assertEquals("08006", e.getSQLState(), e.getMessage());
                assertTrue(c.isClosed());
                pgLink.pass();
                try (Statement o = other.createStatement()) {
                    assertEquals(Seed.CUSTOMERS, eventually(o, "SELECT count(*) FROM pg.public.customers"));
                }
            }
        }
    }

    @Test
    void aSlowLinkGivesRightAnswersItsLatencyAndTimeoutsThatKeepTheConnection() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 5\n");
            try (Connection c = f.open("query_timeout=2"); Statement s = c.createStatement()) {
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                pgLink.delay(40); // every packet, each way: a round trip costs at least 80 ms
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                try (ResultSet rs = s.executeQuery("CALL check_connections()")) {
                    assertTrue(rs.next());
                    assertEquals("pg", rs.getString("name"));
                    assertEquals("connected", rs.getString("status"));
                    assertTrue(rs.getDouble("latency_ms") >= 80, "latency " + rs.getDouble("latency_ms") + " ms");
                }
                // a remote statement past the timeout is cancelled on the source: 57014, not a broken link
                long start = System.nanoTime();
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> count(s, "SELECT count(*) FROM postgres_query('pg', 'SELECT pg_sleep(20)')"));
                assertEquals("57014", e.getSQLState(), e.getMessage());
                assertTrue(millisSince(start) < 2000 + 3500, "the timeout took " + millisSince(start) + " ms");
                assertFalse(c.isClosed());
                pgLink.delay(0);
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
            }
        }
    }
}
