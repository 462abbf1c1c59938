package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.jdbc.FedDuckConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL result the application leaves open (a data grid) while the connection goes on: it neither
 * keeps the connection's later auto-commit statements in its transaction nor blocks a catalog refresh.
 */
class OpenSourceResultIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void table() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS open_result_rows");
            s.execute("CREATE TABLE open_result_rows AS SELECT g AS id FROM generate_series(1, 5000) g");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS open_result_rows");
        }
    }

    private static Connection open() throws Exception {
        return DriverManager.getConnection(new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .url(dir.resolve("local.duckdb"), ""));
    }

    private static long count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM open_result_local")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void anAutoCommitWriteAfterAnOpenSourceResultIsCommittedAtOnceAndStays() throws Exception {
        try (Connection c = open(); Statement grid = c.createStatement(); Statement s = c.createStatement();
             Connection other = open(); Statement o = other.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE open_result_local (i INT)");
            ResultSet open = grid.executeQuery("SELECT id FROM pg.public.open_result_rows");
            assertTrue(open.next());
            assertEquals(1, s.executeUpdate("INSERT INTO open_result_local VALUES (1)"));
            assertEquals(1, count(o), "another connection does not see the auto-committed insert");
            assertThrows(SQLException.class, () -> s.execute("SELECT * FROM no_such_table"));
            assertEquals(1, count(o), "a later error rolled the auto-committed insert back");
            int rows = 1;
            while (open.next()) {
                rows++;
            }
            assertEquals(5000, rows);
        }
    }

    @Test
    void aResultReadToItsEndButLeftOpenDoesNotHoldUpARefresh() throws Exception {
        try (Connection a = open(); Statement s = a.createStatement(); Connection b = open()) {
            ResultSet rs = s.executeQuery("SELECT id FROM pg.public.open_result_rows WHERE id < 10");
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertEquals(9, rows);
            long start = System.nanoTime();
            b.unwrap(FedDuckConnection.class).refreshCatalogs(); // waited 30 s, then failed with 55006
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "the refresh waited " + millis + " ms for a result read to its end");
            assertTrue(!rs.isClosed() && !rs.next());
            rs.close();
        }
    }
}
