package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fedduck.jdbc.FedDuckConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HikariCP, the pool of most applications and BI servers, as a real client: a pool whose catalog is a
 * source starts, borrows are reset, and a connection is evicted only when it is broken, never for a
 * timeout, a cancel or a user error (HikariCP evicts on SQLState class 08, 0A000 and any
 * SQLTimeoutException).
 */
class HikariPoolIT {
    @TempDir
    Path dir;

    private HikariDataSource pool(String catalog) throws Exception {
        TestFederation federation = new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(federation.url(""));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        if (catalog != null) {
            config.setCatalog(catalog);
        }
        return new HikariDataSource(config);
    }

    private static FedDuckConnection physical(Connection pooled) throws SQLException {
        return pooled.unwrap(FedDuckConnection.class);
    }

    @Test
    void aPoolConfiguredWithASourceAsItsCatalogStartsAndQueriesIt() throws Exception {
        try (HikariDataSource ds = pool("pg"); Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), current_schema()")) {
            assertTrue(rs.next());
            assertEquals("pg", rs.getString(1));
            assertEquals("public", rs.getString(2));
        }
    }

    @Test
    void timeoutsCancelsAndUserErrorsKeepThePooledConnection() throws Exception {
        try (HikariDataSource ds = pool(null)) {
            FedDuckConnection first;
            try (Connection c = ds.getConnection()) {
                first = physical(c);
                assertTrue(c.isValid(2));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
                        "SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(10) IS NULL AS slept')").close());
                assertEquals("57014", e.getSQLState());
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                Thread canceller = new Thread(() -> {
                    try {
                        Thread.sleep(700);
                        s.cancel();
                    } catch (Exception ignored) {
                        // the assertion below fails if the cancel did not happen
                    }
                });
                canceller.start();
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
                        "SELECT * FROM mysql_query('my', 'SELECT SLEEP(10) AS s')").close());
                canceller.join();
                assertEquals("57014", e.getSQLState());
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals("42", assertThrows(SQLException.class, () -> s.executeQuery("SELEC 1")).getSQLState()
                        .substring(0, 2));
                assertThrows(SQLException.class,
                        () -> s.executeUpdate("CREATE TABLE k AS SELECT 1 AS id", Statement.RETURN_GENERATED_KEYS));
                assertThrows(SQLException.class, () -> c.prepareCall("CALL x()"));
            }
            try (Connection c = ds.getConnection()) {
                assertSame(first, physical(c), "HikariCP evicted a healthy connection after a timeout, cancel or error");
                assertEquals(0, ds.getHikariPoolMXBean().getActiveConnections() - 1);
            }
        }
    }

    @Test
    void borrowsAreResetAndABrokenConnectionIsReplaced() throws Exception {
        try (HikariDataSource ds = pool(null)) {
            FedDuckConnection first;
            try (Connection c = ds.getConnection()) {
                first = physical(c);
                c.setAutoCommit(false);
                c.setReadOnly(true);
                c.setCatalog("pg");
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertSame(first, physical(c));
                assertTrue(c.getAutoCommit(), "HikariCP's reset of auto-commit did not hold");
                assertFalse(c.isReadOnly(), "HikariCP's reset of read-only did not hold");
                s.execute("CREATE TEMP TABLE written AS SELECT 1 AS one"); // a write works again
                // A statement past the network timeout breaks the connection (class 08): the pool replaces it.
                c.setNetworkTimeout(Runnable::run, 500);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
                        "SELECT * FROM postgres_query('pg', 'SELECT pg_sleep(10) IS NULL AS slept')").close());
                assertEquals("08", e.getSQLState().substring(0, 2));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 42")) {
                assertNotSame(first, physical(c), "the broken connection was handed out again");
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }
}
