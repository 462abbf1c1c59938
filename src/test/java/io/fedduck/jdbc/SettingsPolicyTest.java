package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setting changes through every JDBC path: only the session allow-list reaches DuckDB. */
class SettingsPolicyTest {
    @TempDir
    Path dir;

    private Connection open(String query) throws SQLException {
        return DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb") + query);
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void theFindingsAreRefusedWith42501OnEveryConnectionAndEveryPath() throws SQLException {
        Path target = dir.resolve("overwritten.txt");
        List<String> findings = List.of("PRAGMA enable_logging=true", "PRAGMA pg_debug_show_queries=true",
                "PRAGMA mysql_session_time_zone='+05:00'", "SET max_expression_depth TO 100000000",
                "SET profiling_output='" + target + "'", "SELECT 1; SET max_expression_depth TO 100000000",
                "RESET ALL", "PRAGMA threads = 1");
        for (String query : List.of("", "?read_only=true")) {
            try (Connection c = open(query); Statement s = c.createStatement()) {
                String depth = setting(s, "max_expression_depth");
                for (String sql : findings) {
                    assertEquals("42501", assertThrows(SQLException.class, () -> s.execute(sql)).getSQLState(), sql);
                    assertEquals("42501", assertThrows(SQLException.class, () -> c.prepareStatement(sql))
                            .getSQLState(), sql);
                    try (Statement batch = c.createStatement()) {
                        batch.addBatch("SET TimeZone = 'UTC'");
                        batch.addBatch(sql);
                        assertEquals("42501", assertThrows(SQLException.class, batch::executeBatch, sql)
                                .getSQLState(), sql);
                    }
                }
                assertEquals(depth, setting(s, "max_expression_depth"));
                assertEquals("", setting(s, "profiling_output"));
                s.execute("SELECT 42");
                assertFalse(Files.exists(target));
            }
        }
    }

    @Test
    void theSessionAllowListWorksAndStaysInItsSession() throws SQLException {
        try (Connection c = open("?read_only=true"); Statement s = c.createStatement();
             Connection other = open(""); Statement o = other.createStatement()) {
            s.execute("SET TimeZone = 'Asia/Tokyo'");
            s.execute("SET SESSION default_order = 'desc'");
            s.execute("PRAGMA enable_progress_bar");
            s.execute("SET VARIABLE answer = 42");
            assertEquals("Asia/Tokyo", setting(s, "TimeZone"));
            assertEquals("DESC", setting(s, "default_order"));
            assertEquals("true", setting(s, "enable_progress_bar"));
            assertEquals("ASCENDING", setting(o, "default_order"));
            assertEquals("false", setting(o, "enable_progress_bar"));
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> s.execute("SET default_order = 'desc'")).getSQLState());
        }
    }
}
