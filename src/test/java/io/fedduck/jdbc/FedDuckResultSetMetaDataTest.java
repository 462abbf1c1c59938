package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedduck.jdbc.metadata.ResultColumnOrigins.Origin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The names FedDuck adds to DuckDB's column metadata, over an in-memory DuckDB result. */
class FedDuckResultSetMetaDataTest {
    private static final List<Origin> ORIGINS = List.of(new Origin("pg", "public", "t", "id"),
            new Origin("pg", "public", "t", "Name"));

    private interface Check {
        void run(ResultSetMetaData raw) throws SQLException;
    }

    private static void withDuckDbMetaData(Check check) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 AS x, 'a' AS Name")) {
            check.run(rs.getMetaData());
        }
    }

    @Test
    void namesComeFromTheOriginsAndTheLabelStaysTheAlias() throws SQLException {
        withDuckDbMetaData(raw -> {
            ResultSetMetaData md = new FedDuckResultSetMetaData(raw, () -> ORIGINS);
            assertEquals(List.of("pg", "public", "t", "id", "x"), List.of(md.getCatalogName(1), md.getSchemaName(1),
                    md.getTableName(1), md.getColumnName(1), md.getColumnLabel(1)));
            assertEquals("Name", md.getColumnName(2));
            assertEquals(raw.getColumnType(1), md.getColumnType(1));
        });
    }

    @Test
    void theLookupRunsOnlyWhenANameIsAskedAndOnce() throws SQLException {
        withDuckDbMetaData(raw -> {
            AtomicInteger lookups = new AtomicInteger();
            ResultSetMetaData md = new FedDuckResultSetMetaData(raw, () -> {
                lookups.incrementAndGet();
                return ORIGINS;
            });
            md.getColumnCount();
            md.getColumnLabel(1);
            md.getColumnTypeName(2);
            md.isNullable(1);
            assertEquals(0, lookups.get(), "the hot path must not pay for the names");
            md.getTableName(1);
            md.getColumnName(2);
            md.getCatalogName(2);
            assertEquals(1, lookups.get());
        });
    }

    @Test
    void unknownOriginsLeaveTheNamesEmptyAndTheColumnNameDuckDbs() throws SQLException {
        withDuckDbMetaData(raw -> {
            ResultSetMetaData none = new FedDuckResultSetMetaData(raw, FedDuckResultSetMetaData.Origins.NONE);
            ResultSetMetaData tooFew = new FedDuckResultSetMetaData(raw, () -> ORIGINS.subList(0, 1));
            ResultSetMetaData failing = new FedDuckResultSetMetaData(raw, () -> {
                throw new SQLException("metadata connection closed");
            });
            for (ResultSetMetaData md : List.of(none, tooFew, failing)) {
                assertEquals(List.of("", "", "", "x"), List.of(md.getCatalogName(1), md.getSchemaName(1),
                        md.getTableName(1), md.getColumnName(1)));
            }
        });
    }

    @Test
    void aColumnOutsideTheResultIsAnInvalidDescriptorIndex() throws SQLException {
        withDuckDbMetaData(raw -> {
            ResultSetMetaData md = new FedDuckResultSetMetaData(raw, () -> ORIGINS);
            assertEquals("07009", assertThrows(SQLException.class, () -> md.getTableName(0)).getSQLState());
            assertEquals("07009", assertThrows(SQLException.class, () -> md.getColumnName(3)).getSQLState());
        });
    }
}
