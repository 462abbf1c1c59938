package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fedduck.sql.ParsedSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection reads a statement once: the policy and the routing of one execution share the reading. */
class StatementReadingTest {
    @TempDir
    Path dir;

    @Test
    void theSameTextIsReadOnce() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb"))) {
            FedDuckConnection connection = (FedDuckConnection) c;
            ParsedSql first = connection.read("SELECT 1");
            assertSame(first, connection.read(new String("SELECT 1")));
            ParsedSql other = connection.read("SELECT 2");
            assertNotSame(first, other);
            assertEquals("SELECT 2", other.text());
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SELECT 42");
            }
            assertEquals("SELECT 42", connection.read("SELECT 42").text());
        }
    }
}
