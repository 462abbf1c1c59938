package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
}
