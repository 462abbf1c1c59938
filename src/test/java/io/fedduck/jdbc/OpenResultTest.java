package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result the application leaves open while it runs other statements on the same connection (a data grid):
 * it is copied aside whole, and it no longer keeps the connection in its old transaction.
 */
class OpenResultTest {
    @TempDir
    Path dir;

    private Connection open(String query) throws SQLException {
        return DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb") + query);
    }

    @Test
    void aResultOfExecuteNotYetFetchedIsNotCutOffByTheNextStatement() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement(); Statement t = c.createStatement()) {
            assertTrue(s.execute("SELECT * FROM range(5000)"));
            try (ResultSet other = t.executeQuery("SELECT 42")) {
                assertTrue(other.next());
                assertEquals(42, other.getInt(1));
            }
            ResultSet rs = s.getResultSet();
            long n = 0;
            while (rs.next()) {
                assertEquals(n, rs.getLong(1));
                n++;
            }
            assertEquals(5000, n);
        }
    }

    @Test
    void aReadOnlyConnectionSeesNewDataWhileAnEarlierResultIsStillOpen() throws SQLException {
        try (Connection w = open(""); Statement ws = w.createStatement()) {
            ws.execute("CREATE TABLE t (i INT)");
            ws.execute("INSERT INTO t SELECT * FROM range(5000)");
        }
        try (Connection r = open("?read_only=true"); Statement grid = r.createStatement();
             Statement count = r.createStatement(); Connection w = open(""); Statement ws = w.createStatement()) {
            ResultSet open = grid.executeQuery("SELECT * FROM t");
            assertTrue(open.next());
            assertEquals(5000, count(count));
            ws.execute("INSERT INTO t VALUES (-1)");
            // The open result was copied aside by the first count: its read-only transaction must have ended
            // then, or every later statement reads that transaction's old snapshot.
            assertEquals(5001, count(count), "the connection still reads the open result's old snapshot");
            int rows = 1;
            while (open.next()) {
                rows++;
            }
            assertEquals(5000, rows);
        }
    }

    private static long count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    interface MetaDataCall {
        String run(DatabaseMetaData md) throws SQLException;
    }

    @Test
    void databaseMetaDataCallsThatRunQueriesLeaveAStreamingResultWhole() throws SQLException {
        Map<String, MetaDataCall> calls = Map.of(
                "getDatabaseProductVersion", DatabaseMetaData::getDatabaseProductVersion,
                "getSQLKeywords", DatabaseMetaData::getSQLKeywords,
                "getNumericFunctions", DatabaseMetaData::getNumericFunctions,
                "getStringFunctions", DatabaseMetaData::getStringFunctions,
                "getSystemFunctions", DatabaseMetaData::getSystemFunctions,
                "getTimeDateFunctions", DatabaseMetaData::getTimeDateFunctions);
        List<String> broken = new ArrayList<>();
        try (Connection c = open("")) {
            for (Map.Entry<String, MetaDataCall> call : calls.entrySet()) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT i FROM range(100000) r(i)")) {
                    assertTrue(rs.next());
                    assertTrue(!call.getValue().run(c.getMetaData()).isEmpty(), call.getKey());
                    long n = 1;
                    try {
                        while (rs.next()) {
                            assertEquals(n++, rs.getLong(1));
                        }
                        if (n != 100000) {
                            broken.add(call.getKey() + ": " + n + " rows");
                        }
                    } catch (SQLException e) {
                        broken.add(call.getKey() + ": " + e.getMessage()); // was: cut off the stream
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** A DuckDB result whose stream fails at its {@code failAt}-th row, as one whose source ended the scan. */
    private static ResultSet failingStream(int failAt, boolean[] closed) {
        int[] rows = {0};
        return (ResultSet) java.lang.reflect.Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> {
                        if (closed[0]) {
                            throw new SQLException("ResultSet was closed");
                        }
                        if (++rows[0] >= failAt) {
                            throw new SQLException("Invalid Input Error: Invalid result set");
                        }
                        yield true;
                    }
                    case "close" -> {
                        closed[0] = true;
                        yield null;
                    }
                    case "isClosed" -> closed[0];
                    case "getMetaData" -> {
                        if (closed[0]) {
                            throw new SQLException("ResultSet was closed");
                        }
                        throw new SQLException("not needed");
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aResultWhoseStreamFailsNoLongerCountsAsStreaming() throws SQLException {
        boolean[] closed = {false};
        List<String> events = new ArrayList<>();
        FedDuckResultSet.OpenResults open = new FedDuckResultSet.OpenResults() {
            @Override
            public void opened(FedDuckResultSet result) {
                events.add("opened");
            }

            @Override
            public void ended(FedDuckResultSet result) {
                events.add("ended");
            }
        };
        FedDuckResultSet rs = new FedDuckResultSet(failingStream(3, closed), null, 0, rows -> { }, open, 0,
                FedDuckResultSetMetaData.Origins.NONE);
        assertTrue(rs.next());
        assertTrue(rs.next());
        SQLException failure = assertThrows(SQLException.class, rs::next);
        assertTrue(failure.getMessage().contains("Invalid result set"));
        // Was: it stayed among the connection's streaming results, so every later statement of the connection
        // tried to copy it aside and failed with "ResultSet was closed" until the application closed it.
        assertEquals(List.of("opened", "ended"), events);
        rs.buffer(); // what the connection's next statement does: nothing left to copy, no error
        assertEquals(failure, assertThrows(SQLException.class, rs::next));
        rs.close();
        assertEquals(List.of("opened", "ended"), events);
    }

    @Test
    void aResultWhoseStreamFailsWhileCopiedAsideReportsItOnItsOwnNextNotOnTheOtherStatement() throws SQLException {
        boolean[] closed = {false};
        List<String> events = new ArrayList<>();
        FedDuckResultSet.OpenResults open = new FedDuckResultSet.OpenResults() {
            @Override
            public void opened(FedDuckResultSet result) {
            }

            @Override
            public void ended(FedDuckResultSet result) {
                events.add("ended");
            }
        };
        FedDuckResultSet rs = new FedDuckResultSet(failingStream(3, closed), null, 0, rows -> { }, open, 0,
                FedDuckResultSetMetaData.Origins.NONE);
        assertTrue(rs.next());
        rs.buffer(); // the copy fails: the statement that asked for it must not
        assertEquals(List.of("ended"), events);
        assertThrows(SQLException.class, rs::next);
    }
}
