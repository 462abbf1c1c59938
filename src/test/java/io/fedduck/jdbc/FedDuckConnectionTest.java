package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.federation.FederationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delegating JDBC layer on a local-only federation (no remote source needed). */
class FedDuckConnectionTest {
    private static final String LONG_QUERY = "SELECT sum(hash(i)) FROM range(100000000000) t(i)";

    @TempDir
    Path dir;

    private Connection open(String query) throws SQLException {
        return DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb") + query);
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void readOnlyPropertyRefusesWritesWithSqlState25006AndAllowsReads() throws SQLException {
        try (Connection c = open("?read_only=true"); Statement s = c.createStatement()) {
            assertTrue(c.isReadOnly());
            SQLException e = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE t (x INTEGER)"));
            assertEquals("25006", e.getSQLState());
            assertEquals(1, single(s, "SELECT 1"));
            assertThrows(SQLException.class, () -> s.executeUpdate("SELECT 1; DROP TABLE IF EXISTS t"));
        }
    }

    @Test
    void setReadOnlyNeverThrowsAndIsEnforcedPerConnection() throws SQLException {
        try (Connection c = open(""); Connection other = open(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
            c.setReadOnly(true);
            SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1)"));
            assertEquals("25006", e.getSQLState());
            try (Statement o = other.createStatement()) {
                assertEquals(1, o.executeUpdate("INSERT INTO t VALUES (2)"));
            }
            c.setReadOnly(false);
            assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (3)"));
            assertEquals(2, single(s, "SELECT count(*) FROM t"));
        }
    }

    @Test
    void forbiddenFunctionsAreRefusedEvenOnWritableConnections() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM postgres_scan('host=evil', 'public', 't')"));
            assertEquals("42501", e.getSQLState());
            assertTrue(e.getMessage().contains("postgres_scan"), e.getMessage());
        }
    }

    @Test
    void statementStaysUsableAfterAFailedExecution() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELEC 1"));
            assertEquals("42601", e.getSQLState());
            assertFalse(s.isClosed());
            assertEquals(1, single(s, "SELECT 1"));
            SQLException missing = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nope"));
            assertEquals("42704", missing.getSQLState());
            assertEquals(2, single(s, "SELECT 2"));
        }
    }

    @Test
    void preparedStatementKeepsItsParametersAcrossAFailedExecution() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v VARCHAR)");
            s.execute("INSERT INTO t VALUES ('not a number')");
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::INTEGER + CAST((SELECT v FROM t) AS INTEGER)")) {
                ps.setInt(1, 40);
                SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                assertEquals("22018", e.getSQLState());
                s.execute("UPDATE t SET v = '2'");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                }
            }
        }
    }

    @Test
    void defaultQueryTimeoutStopsALongQueryWith57014AndTheConnectionStaysUsable() throws SQLException {
        try (Connection c = open("?query_timeout=1"); Statement s = c.createStatement()) {
            assertEquals(1, s.getQueryTimeout());
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(LONG_QUERY));
            // 57014 as pgjdbc reports it, and not a SQLTimeoutException, which HikariCP evicts the connection for
            assertFalse(e instanceof SQLTimeoutException, e.getClass().getName());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("timeout of 1 s"), e.getMessage());
            assertTrue(seconds < 30, "took " + seconds + " s");
            assertEquals(1, single(s, "SELECT 1"));
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void statementTimeoutOverridesTheConnectionDefault() throws SQLException {
        try (Connection c = open("?query_timeout=600"); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(LONG_QUERY));
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("timeout of 1 s"), e.getMessage());
        }
    }

    @Test
    void cancelFromAnotherThreadStopsTheQuery() throws Exception {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    s.executeQuery(LONG_QUERY);
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(500);
            s.cancel();
            SQLException e = outcome.get(60, TimeUnit.SECONDS);
            assertFalse(e instanceof SQLTimeoutException, e.getClass().getName());
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("cancel()"), e.getMessage());
            assertEquals(1, single(s, "SELECT 1"));
        }
    }

    @Test
    void maxRowsTruncatesResults() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.setMaxRows(3);
            int n = 0;
            try (ResultSet rs = s.executeQuery("SELECT * FROM range(10)")) {
                while (rs.next()) {
                    n++;
                }
            }
            assertEquals(3, n);
        }
    }

    @Test
    void objectsPointBackToFedDuckAndNeverExposeDuckDb() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            assertInstanceOf(FedDuckConnection.class, c);
            assertSame(c, s.getConnection());
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertSame(s, rs.getStatement());
                assertSame(rs, s.getResultSet());
            }
            assertSame(c, c.getMetaData().getConnection());
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                assertSame(c, ps.getConnection());
            }
            assertFalse(c.isWrapperFor(DuckDBConnection.class));
            assertThrows(SQLException.class, () -> c.unwrap(DuckDBConnection.class));
            assertSame(c, c.unwrap(FedDuckConnection.class));
        }
    }

    @Test
    void poolAndToolCallsDuckDbRefusesAreAccepted() throws SQLException {
        try (Connection c = open("")) {
            c.setClientInfo("ApplicationName", "test");
            assertEquals("test", c.getClientInfo("ApplicationName"));
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, c.getHoldability());
            c.setNetworkTimeout(Runnable::run, 1000);
            assertEquals(1000, c.getNetworkTimeout());
        }
    }

    @Test
    void connectionsOfOneLocalDatabaseShareOneFederationReleasedByTheLastClose() throws SQLException {
        int before = FederationRegistry.openCount();
        Connection a = open("");
        Connection b = open("");
        assertEquals(before + 1, FederationRegistry.openCount());
        try (Statement s = a.createStatement()) {
            s.execute("CREATE TABLE shared (x INTEGER)");
            s.execute("INSERT INTO shared VALUES (7)");
        }
        try (Statement s = b.createStatement()) {
            assertEquals(7, single(s, "SELECT x FROM shared"));
        }
        a.close();
        assertEquals(before + 1, FederationRegistry.openCount());
        b.close();
        assertEquals(before, FederationRegistry.openCount());
        assertTrue(b.isClosed());
        assertThrows(SQLException.class, b::createStatement);
    }

    @Test
    void auditLogHasOneJsonLinePerStatementWithOutcomeRowsAndMaskedSql() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        try (Connection c = open("?audit_log=" + audit + "&user=alice"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT * FROM range(3)")) {
                while (rs.next()) {
                    rs.getLong(1);
                }
            }
            s.execute("CREATE TABLE t AS SELECT 'password=topsecret123' AS conn");
            assertThrows(SQLException.class, () -> s.execute("SELEC 1"));
            c.setReadOnly(true);
            assertThrows(SQLException.class, () -> s.execute("DROP TABLE t"));
        }
        List<String> all = Files.readAllLines(audit);
        assertEquals(6, all.size(), String.join("\n", all));
        // the connection's own records first and last
        assertTrue(all.get(0).contains("\"kind\":\"connect\"") && all.get(0).contains("\"sql\":null"), all.get(0));
        assertTrue(all.get(5).contains("\"kind\":\"disconnect\"") && all.get(5).contains("\"user\":\"alice\""),
                all.get(5));
        List<String> lines = all.subList(1, 5);
        assertTrue(lines.get(0).contains("\"outcome\":\"ok\"") && lines.get(0).contains("\"rows\":3"), lines.get(0));
        assertTrue(lines.get(0).contains("\"user\":\"alice\"") && lines.get(0).contains("\"kind\":\"read\""),
                lines.get(0));
        assertTrue(lines.get(1).contains("\"outcome\":\"ok\"") && lines.get(1).contains("\"kind\":\"write\""),
                lines.get(1));
        assertTrue(lines.get(2).contains("\"outcome\":\"error\"") && lines.get(2).contains("42601"), lines.get(2));
        assertTrue(lines.get(3).contains("\"outcome\":\"refused\"") && lines.get(3).contains("25006"), lines.get(3));
        assertTrue(lines.stream().allMatch(l -> l.endsWith("\"catalogs\":[]}")), "local work names no source");
        assertFalse(String.join("\n", all).contains("topsecret123"));
    }

    @Test
    void auditLevelSensitiveLeavesOutPlainReadsOnly() throws Exception {
        Path audit = dir.resolve("sensitive.jsonl");
        try (Connection c = open("?audit_log=" + audit + "&audit_level=sensitive"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 42")) {
                assertTrue(rs.next());
            }
            s.execute("CREATE TABLE kept AS SELECT 1 AS x");
            s.execute("SET TimeZone = 'UTC'");
            assertThrows(SQLException.class, () -> s.execute("SELEC 1"));
            // a SELECT over a source's execute function writes: it is recorded as one
            assertThrows(SQLException.class, () -> s.execute("SELECT * FROM postgres_execute('nosuch', 'DROP TABLE t')"));
        }
        List<java.util.Map<String, Object>> records = Files.readAllLines(audit).stream()
                .map(io.fedduck.audit.JsonLine::parse).toList();
        assertEquals(List.of("connect", "write", "session", "write", "write", "disconnect"),
                records.stream().map(r -> r.get("kind")).toList(), records.toString());
        assertEquals(List.of("ok", "ok", "ok", "error"), records.subList(0, 4).stream().map(r -> r.get("outcome")).toList());
        assertTrue(!"ok".equals(records.get(4).get("outcome")), records.get(4).toString());
        SQLException wrong = assertThrows(SQLException.class, () -> open("?audit_log=" + audit + "&audit_level=some"));
        assertTrue(wrong.getMessage().contains("all, sensitive"), wrong.getMessage());
    }

    @Test
    void timestamptzIsTheRightInstantOnADaylightSavingDay() throws SQLException {
        java.util.TimeZone jvmZone = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/Los_Angeles"));
        try (Connection c = open(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TIMESTAMPTZ '2024-03-10 12:34:56+00' AS t")) {
            assertTrue(rs.next());
            java.time.Instant expected = java.time.Instant.parse("2024-03-10T12:34:56Z");
            assertEquals(expected, rs.getTimestamp(1).toInstant());
            assertEquals(expected, rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
            assertEquals(expected, ((java.time.OffsetDateTime) rs.getObject("t")).toInstant());
            assertEquals(expected, rs.getObject(1, java.time.Instant.class));
            assertEquals("2024-03-10T05:34:56-07:00", rs.getString(1));
        } finally {
            java.util.TimeZone.setDefault(jvmZone);
        }
    }

    @Test
    void preparedStatementRunsOnlyItsOwnSqlAndBatchesPassThePolicy() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                SQLException e = assertThrows(SQLException.class, () -> ps.execute("DROP TABLE t"));
                assertEquals("42809", e.getSQLState());
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                ps.executeBatch();
                assertEquals(6, single(s, "SELECT sum(x) FROM t"));
                c.setReadOnly(true);
                ps.setInt(1, 10);
                ps.addBatch();
                assertEquals("25006", assertThrows(SQLException.class, ps::executeBatch).getSQLState());
            }
            assertEquals(6, single(s, "SELECT sum(x) FROM t"));
        }
    }

    @Test
    void readOnlyPropertyIsAFloorThatSetReadOnlyCannotLower() throws SQLException {
        try (Connection c = open("?read_only=true"); Statement s = c.createStatement()) {
            c.setReadOnly(false); // what HikariCP does on every borrow
            assertTrue(c.isReadOnly());
            assertEquals("25006", assertThrows(SQLException.class, () -> s.execute("CREATE TABLE t (x INT)")).getSQLState());
        }
    }

    @Test
    void prepareStatementChecksThePolicyBeforeDuckDbRunsAnything() throws SQLException {
        try (Connection c = open("?read_only=true"); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> c.prepareStatement("CREATE TEMP TABLE sneaky (i INT); SELECT 1"));
            assertEquals("25006", e.getSQLState());
            assertEquals(0, single(s, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sneaky'"));
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> c.prepareStatement("SELECT * FROM postgres_scan('host=x', 'public', 't')")).getSQLState());
        }
        try (Connection c = open("")) {
            assertEquals("42000", assertThrows(SQLException.class,
                    () -> c.prepareStatement("SELECT 1; SELECT 2")).getSQLState());
        }
    }

    @Test
    void updateCountAndResultSetCanBeAskedForAgain() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
            assertFalse(s.execute("INSERT INTO t VALUES (1), (2), (3)"));
            assertEquals(3, s.getUpdateCount());
            assertEquals(3, s.getLargeUpdateCount());
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
            assertTrue(s.execute("SELECT * FROM t"));
            assertEquals(-1, s.getUpdateCount());
            ResultSet first = s.getResultSet();
            assertSame(first, s.getResultSet());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM t WHERE x > ?")) {
                ps.setInt(1, 1);
                assertFalse(ps.execute());
                assertEquals(2, ps.getUpdateCount());
            }
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsResult() throws SQLException {
        try (Connection c = open("")) {
            Statement s = c.createStatement();
            s.closeOnCompletion();
            assertTrue(s.isCloseOnCompletion());
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
            assertTrue(s.isClosed());
        }
    }

    @Test
    void closingAStatementStopsItsRunningQueryPromptly() throws Exception {
        try (Connection c = open("")) {
            Statement s = c.createStatement();
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    s.executeQuery(LONG_QUERY);
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(500);
            long start = System.nanoTime();
            s.close();
            assertEquals("57014", outcome.get(60, TimeUnit.SECONDS).getSQLState());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 20);
            assertTrue(s.isClosed());
        }
    }

    @Test
    void metadataUsesTheJdbcTableTypeNamesSoToolsAskingForTablesFindThem() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER)");
            s.execute("CREATE VIEW recent AS SELECT * FROM orders");
            java.sql.DatabaseMetaData md = c.getMetaData();
            java.util.Set<String> types = new java.util.TreeSet<>();
            try (ResultSet rs = md.getTableTypes()) {
                while (rs.next()) {
                    types.add(rs.getString("TABLE_TYPE"));
                }
            }
            assertTrue(types.contains("TABLE") && types.contains("VIEW") && !types.contains("BASE TABLE"), types.toString());
            try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                assertTrue(rs.next());
                assertEquals("orders", rs.getString("TABLE_NAME"));
                assertEquals("TABLE", rs.getString("TABLE_TYPE"));
                assertEquals("TABLE", rs.getObject(4));
                assertFalse(rs.next(), "the view is not a table");
                assertSame(c, md.getConnection());
            }
        }
    }
}
