package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error DuckDB meets while a result streams must reach the application. duckdb_jdbc 1.4.4.0 takes the
 * failed stream's missing chunk for the end of the result (here after about 8.87M of 10M rows; the same with
 * a PostgreSQL scan ended by the source's statement_timeout while a grid is read slowly); FedDuck runs every
 * query in a transaction and finds it aborted at that "end", and reports it.
 */
class StreamErrorTest {
    @TempDir
    Path dir;

    @Test
    void anErrorInALaterChunkOfAStreamedResultIsReported() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CASE WHEN i = 9000000 THEN error('boom') ELSE i END"
                     + " FROM range(10000000) r(i)")) {
            SQLException e = assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    rs.getLong(1);
                }
            }, "the result ended early without the error");
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("ended early"), e.getMessage());
        }
    }
}
