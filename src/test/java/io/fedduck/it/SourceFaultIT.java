package io.fedduck.it;

import static io.fedduck.it.FaultLinks.count;
import static io.fedduck.it.FaultLinks.eventually;
import static io.fedduck.it.FaultLinks.millisSince;
import static io.fedduck.it.FaultLinks.proxy;
import static io.fedduck.it.FaultLinks.through;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.testkit.FaultProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that stall, go down and come back, through a {@link FaultProxy} on loopback in front of the real
 * test servers: health in list_database_connections, statements that fail fast with class 08 while a
 * source is down, pooled remote connections that a restart closed, a source down at start, and local
 * tables and other sources that keep working throughout.
 */
class SourceFaultIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void seed() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
    }

    /** name -> status|error?|latency?|last_contact? */
    private static Map<String, String> health(Statement s) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT name, status, error_message, latency_ms, last_contact"
                + " FROM list_database_connections()")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + "|" + (rs.getString(3) == null ? "" : "error") + "|"
                        + (rs.getObject(4) == null ? "" : "latency") + "|" + (rs.getObject(5) == null ? "" : "contact"));
            }
        }
        return rows;
    }

    @Test
    void aStalledSourceIsReportedWithinTwoSecondsFailsFastWithClass08AndRecovers() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres());
             FaultProxy myLink = proxy(RemoteDatabases.mysql())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n")
                    .mysql("my", through(myLink, RemoteDatabases.mysql()), "");
            try (Connection c = f.open(""); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes AS SELECT 7 AS n");
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                Map<String, String> before = health(s);
                assertEquals("connected||latency|contact", before.get("pg"), before.toString());
                assertEquals("connected||latency|contact", before.get("my"), before.toString());

                pgLink.blackHole();
                long start = System.nanoTime();
                Map<String, String> stalled = health(s);
                long listMillis = millisSince(start);
                // The checks wait 1.5 s at most; the rest is the query on a shared, loaded CI machine.
                assertTrue(listMillis < 2500, "list_database_connections took " + listMillis + " ms");
                assertEquals("error|error||contact", stalled.get("pg"), stalled.toString());
                assertEquals("connected||latency|contact", stalled.get("my"), stalled.toString());

                start = System.nanoTime();
                SQLException down = assertThrows(SQLException.class,
                        () -> count(s, "SELECT count(*) FROM pg.public.customers"));
                long failMillis = millisSince(start);
                assertTrue(down.getSQLState().startsWith("08"), down.getSQLState() + " " + down.getMessage());
                assertTrue(down.getMessage().contains("'pg'"), down.getMessage());
                // Without fail-fast it waits as long as the stall lasts; a re-check waits 1.5 s at most.
                assertTrue(failMillis < 3500, "the statement on the stalled source took " + failMillis + " ms");
                // The connection itself is fine, and so are local tables and the other source.
                assertTrue(c.isValid(2));
                assertEquals(7, count(s, "SELECT n FROM notes"));
                assertEquals(7, count(s, "SELECT n AS pg FROM notes pg"), "a name spelled like the source");
                assertTrue(count(s, "SELECT count(*) FROM my.fedduck_test.events") > 0);

                pgLink.pass();
                assertEquals(Seed.CUSTOMERS, eventually(s, "SELECT count(*) FROM pg.public.customers"));
                assertEquals("connected||latency|contact", health(s).get("pg"));
            }
        }
    }

    /** Runs {@code sql} on another thread, returning what it threw (null if nothing) and how long it took. */
    private static Future<Map.Entry<SQLException, Long>> runAside(ExecutorService pool, Statement s, String sql) {
        return pool.submit(() -> {
            long start = System.nanoTime();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    // read it all
                }
                return Map.entry(new SQLException("no error"), millisSince(start));
            } catch (SQLException e) {
                return Map.entry(e, millisSince(start));
            }
        });
    }

    @Test
    void aStatementWhoseLinkStallsMidQueryEndsWithinItsTimeoutPlusTwoSecondsAndOnlyItsConnectionCloses()
            throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection other = f.open(""); Statement o = other.createStatement()) {
                o.execute("CREATE TABLE notes AS SELECT 7 AS n");
                Connection c = f.open("query_timeout=3");
                Statement s = c.createStatement();
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                Future<Map.Entry<SQLException, Long>> stalled = runAside(pool, s,
                        "SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(1.5)')");
                Thread.sleep(500);
                pgLink.blackHole(); // the answer at 1.5 s never arrives; nor does the cancel at 3 s
                Map.Entry<SQLException, Long> outcome = stalled.get(30, TimeUnit.SECONDS);
                assertEquals("08006", outcome.getKey().getSQLState(), outcome.getKey().getMessage());
                assertTrue(outcome.getValue() < 3000 + 2000 + 1500, "ended after " + outcome.getValue() + " ms");
                assertTrue(c.isClosed(), "the stalled connection is closed for its user");
                assertTrue(!c.isValid(1));
                long start = System.nanoTime();
                c.close();
                assertTrue(millisSince(start) < 1000, "close() of the isolated connection waited");
                // Another connection of the same federation keeps working on local tables...
                assertEquals(7, count(o, "SELECT n FROM notes"));
                pgLink.pass();
                // ...and on the source once the link is back (the stalled call ends and is cleaned up).
                assertEquals(Seed.CUSTOMERS, eventually(o, "SELECT count(*) FROM pg.public.customers"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCommitThatGetsNoAnswerEndsWithinItsBoundPlusTwoSeconds() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection other = f.open("")) {
                Connection c = f.open("query_timeout=2");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM pg.public.customers ORDER BY id");
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                // (reading to the end would end the transaction) the COMMIT that closing the result sends
                // never gets its answer
                pgLink.blackHole();
                long start = System.nanoTime();
                rs.close();
                long closeMillis = millisSince(start);
                // the COMMIT's bound: the query timeout, at least 10 s; then 2 s of grace
                assertTrue(closeMillis >= 10000 && closeMillis < 10000 + 2000 + 2500,
                        "ResultSet.close() waited " + closeMillis + " ms");
                assertTrue(c.isClosed(), "the connection whose COMMIT stalled is closed for its user");
                c.close();
                pgLink.pass();
                try (Statement o = other.createStatement()) {
                    assertEquals(Seed.CUSTOMERS, eventually(o, "SELECT count(*) FROM pg.public.customers"));
                }
            }
        }
    }

    @Test
    void cancelAndCloseReturnPromptlyOnAStalledLink() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            Connection c = f.open("");
            Statement s = c.createStatement();
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
            Future<Map.Entry<SQLException, Long>> stalled = runAside(pool, s,
                    "SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(1.5)')");
            Thread.sleep(500);
            pgLink.blackHole();
            Thread.sleep(1500);
            long start = System.nanoTime();
            s.cancel();
            assertTrue(millisSince(start) < 500, "cancel() waited " + millisSince(start) + " ms");
            start = System.nanoTime();
            c.close();
            long closeMillis = millisSince(start);
            assertTrue(closeMillis < 2000 + 1500, "close() waited " + closeMillis + " ms");
            Map.Entry<SQLException, Long> outcome = stalled.get(10, TimeUnit.SECONDS);
            assertEquals("08006", outcome.getKey().getSQLState(), outcome.getKey().getMessage());
            assertTrue(c.isClosed());
            pgLink.pass();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void backgroundChecksFindAStalledSourceBeforeAnyStatementWaitsOnIt() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection c = f.open("health_check_interval=1"); Statement s = c.createStatement()) {
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                pgLink.blackHole();
                Thread.sleep(3500); // two background checks: the second finds the first still waiting
                Future<Map.Entry<SQLException, Long>> statement = runAside(pool, s,
                        "SELECT count(*) FROM pg.public.customers");
                Map.Entry<SQLException, Long> outcome = statement.get(20, TimeUnit.SECONDS);
                assertEquals("08001", outcome.getKey().getSQLState(), outcome.getKey().getMessage());
                assertTrue(outcome.getValue() < 2000, "the statement took " + outcome.getValue() + " ms");
                pgLink.pass();
                assertEquals(Seed.CUSTOMERS, eventually(s, "SELECT count(*) FROM pg.public.customers"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validRequiresMakesIsValidFollowTheNamedSource() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection plain = f.open(""); Connection c = f.open("valid_requires=pg")) {
                assertTrue(c.isValid(2));
                pgLink.refuse();
                long start = System.nanoTime();
                assertTrue(!c.isValid(1), "isValid with the required source down");
                assertTrue(millisSince(start) < 2500, "isValid took " + millisSince(start) + " ms");
                assertTrue(plain.isValid(1), "without valid_requires a source outage leaves isValid true");
                pgLink.pass();
                assertTrue(c.isValid(2));
            }
        }
    }

    @Test
    void failedConnectionAttemptsDuringAnOutageDoNotExhaustThePostgresPool() throws Exception {
        // The postgres extension keeps a pool slot for every connection attempt that fails (64 slots): FedDuck
        // raises pg_connection_limit by one per failed attempt it sees, and health checks of PostgreSQL go
        // around the pool, so a source is usable again after any number of failed attempts.
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection c = f.open(""); Statement s = c.createStatement()) {
                assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                assertEquals(64, count(s, "SELECT current_setting('pg_connection_limit')::BIGINT"));
                pgLink.refuse();
                for (int i = 0; i < 12; i++) {
                    SQLException down = assertThrows(SQLException.class,
                            () -> count(s, "SELECT count(*) FROM pg.public.customers"));
                    assertTrue(down.getSQLState().startsWith("08"), down.getSQLState() + " " + down.getMessage());
                    Thread.sleep(20);
                }
                long limit = count(s, "SELECT current_setting('pg_connection_limit')::BIGINT");
                assertTrue(limit > 64 && limit <= 64 + 12, "the leaked slots are paid back: limit " + limit);
                pgLink.pass();
                assertEquals(Seed.CUSTOMERS, eventually(s, "SELECT count(*) FROM pg.public.customers"));
                for (int i = 0; i < 8; i++) {
                    assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                }
            }
        }
    }

    @Test
    void underHikariWithFedDucksOverrideASourceOutageEvictsNoConnectionAndThePoolRecovers() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setJdbcUrl(f.url(""));
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(1);
            config.setExceptionOverrideClassName("io.fedduck.pool.HikariSourceOutageOverride");
            try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
                Connection physical;
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    physical = c.unwrap(Connection.class);
                    s.execute("CREATE TABLE notes AS SELECT 7 AS n");
                    assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
                }
                pgLink.refuse();
                for (int i = 0; i < 6; i++) {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        SQLException down = assertThrows(SQLException.class,
                                () -> count(s, "SELECT count(*) FROM pg.public.customers"));
                        assertEquals("08001", down.getSQLState(), down.getMessage());
                        assertEquals(7, count(s, "SELECT n FROM notes"), "the local table, on the same connection");
                    }
                }
                pgLink.pass();
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    assertEquals(Seed.CUSTOMERS, eventually(s, "SELECT count(*) FROM pg.public.customers"));
                    assertEquals(7, count(s, "SELECT n FROM notes"), "the in-memory local database lived on");
                }
                try (Connection c = pool.getConnection()) {
                    assertTrue(c.unwrap(Connection.class) == physical, "HikariCP kept the connection: no eviction");
                }
            }
        }
    }

    @Test
    void checkConnectionsChecksNowAndGivesTheSameRows() throws Exception {
        try (FaultProxy myLink = proxy(RemoteDatabases.mysql())) {
            TestFederation f = new TestFederation(dir).mysql("my", through(myLink, RemoteDatabases.mysql()), "");
            try (Connection c = f.open("read_only=true"); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("CALL check_connections()")) {
                    assertTrue(rs.next());
                    assertEquals("connected", rs.getString("status"));
                    assertTrue(rs.getDouble("latency_ms") > 0, "latency_ms");
                }
                myLink.refuse();
                try (ResultSet rs = s.executeQuery("SELECT status, error_message, last_contact FROM check_connections()")) {
                    assertTrue(rs.next());
                    assertEquals("error", rs.getString(1));
                    assertNotNull(rs.getString(2));
                    assertNotNull(rs.getObject(3), "the last good contact is kept");
                    assertTrue(!rs.getString(2).contains(RemoteDatabases.mysql().password()), "no password");
                }
                myLink.pass();
                try (ResultSet rs = s.executeQuery("SELECT status, error_message FROM check_connections()")) {
                    assertTrue(rs.next());
                    assertEquals("connected", rs.getString(1));
                    assertNull(rs.getString(2));
                }
            }
        }
    }

    @Test
    void afterARestartPooledRemoteConnectionsFailNoStatement() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres());
             FaultProxy myLink = proxy(RemoteDatabases.mysql())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "")
                    .mysql("my", through(myLink, RemoteDatabases.mysql()), "");
            int threads = 6;
            List<Connection> connections = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int i = 0; i < threads; i++) {
                    connections.add(f.open(""));
                }
                List<Integer> failures = new ArrayList<>();
                Runnable round = () -> {
                    List<Future<?>> work = new ArrayList<>();
                    for (Connection c : connections) {
                        work.add(pool.submit(() -> {
                            try (Statement s = c.createStatement()) {
                                // pg_sleep keeps the remote connections busy together: the pool fills up
                                count(s, "SELECT count(*) FROM postgres_query('pg', 'SELECT 1 FROM pg_sleep(0.2)')");
                                count(s, "SELECT count(*) FROM pg.public.customers");
                                count(s, "SELECT count(*) FROM my.fedduck_test.events");
                            }
                            return null;
                        }));
                    }
                    for (Future<?> w : work) {
                        try {
                            w.get(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures.add(1);
                            }
                            e.printStackTrace();
                        }
                    }
                };
                round.run();
                assertEquals(List.of(), failures, "warm-up");
                assertTrue(pgLink.openConnections() > 0, "remote connections pooled");
                pgLink.resetAll();
                myLink.resetAll();
                assertEquals(0, pgLink.openConnections(), "every pooled remote connection was closed");
                round.run();
                round.run();
                assertEquals(List.of(), failures, "statements failed after the restart");
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSourceDownAtStartIsAttachedForOpenConnectionsOnceItAnswers() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            pgLink.refuse();
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection c = f.open("lockdown=false"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes AS SELECT 7 AS n");
                SQLException down = assertThrows(SQLException.class,
                        () -> count(s, "SELECT count(*) FROM pg.public.customers"));
                assertTrue(down.getSQLState().startsWith("08"), down.getSQLState() + " " + down.getMessage());
                assertTrue(down.getMessage().contains("'pg'"), down.getMessage());
                assertEquals(7, count(s, "SELECT n FROM notes"));

                pgLink.pass();
                assertEquals(Seed.CUSTOMERS, eventually(s, "SELECT count(*) FROM pg.public.customers"));
            }
        }
    }

    @Test
    void underLockdownASourceDownAtStartFailsWithClass08ThatSaysWhy() throws Exception {
        try (FaultProxy pgLink = proxy(RemoteDatabases.postgres())) {
            pgLink.refuse();
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", through(pgLink, RemoteDatabases.postgres()), "options:\n  connection_timeout: 3\n");
            try (Connection c = f.open(""); Statement s = c.createStatement()) {
                pgLink.pass();
                SQLException down = assertThrows(SQLException.class,
                        () -> count(s, "SELECT count(*) FROM pg.public.customers"));
                assertEquals("08001", down.getSQLState(), down.getMessage());
                assertTrue(down.getMessage().contains("lockdown"), down.getMessage());
                assertTrue(c.isValid(2));
            }
        }
    }
}
