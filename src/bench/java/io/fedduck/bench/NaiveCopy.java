package io.fedduck.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The baseline a user would write without FedDuck: read bench_rows with the source's own JDBC driver,
 * streamed, and write every row with DuckDB's Appender into a table of a plain DuckDB database, one
 * typed append per value.
 */
final class NaiveCopy {
    static final String TABLE = "naive_copy";

    /** Rows per round trip. pgjdbc streams only with auto-commit off and a fetch size; MariaDB with a fetch size. */
    static final int FETCH_SIZE = 10_000;

    private static final String TARGET_DDL = "CREATE OR REPLACE TABLE " + TABLE + " (id BIGINT, updated_at TIMESTAMP,"
            + " customer_id INTEGER, amount DECIMAL(12,2), price DOUBLE, quantity SMALLINT, status VARCHAR,"
            + " note VARCHAR, created_on DATE, is_active BOOLEAN, score BIGINT, category VARCHAR)";

    private NaiveCopy() {
    }

    /** Replaces {@value #TABLE} in duckdb with the source's bench_rows; returns the rows copied. */
    static long copy(Source source, Connection duckdb) throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute(TARGET_DDL);
        }
        long rows = 0;
        try (Connection in = source.open()) {
            // pgjdbc buffers the whole result unless auto-commit is off (it needs a cursor in a transaction).
            in.setAutoCommit(false);
            try (Statement read = in.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                // pgjdbc: cursor fetches of this size; MariaDB Connector/J 3: streaming in batches of this size.
                read.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = read.executeQuery("SELECT " + BenchTable.COLUMNS + " FROM " + BenchTable.NAME);
                        DuckDBAppender out = duckdb.unwrap(DuckDBConnection.class).createAppender(
                                DuckDBConnection.DEFAULT_SCHEMA, TABLE)) {
                    while (rs.next()) {
                        appendRow(rs, out);
                        rows++;
                    }
                }
            }
            in.commit();
        }
        return rows;
    }

    private static void appendRow(ResultSet rs, DuckDBAppender out) throws SQLException {
        out.beginRow();
        out.append(rs.getLong(1));
        out.append(rs.getObject(2, LocalDateTime.class));
        out.append(rs.getInt(3));
        out.append(scale2(rs.getBigDecimal(4)));
        out.append(rs.getDouble(5));
        out.append(rs.getShort(6));
        out.append(rs.getString(7));
        String note = rs.getString(8);
        if (note == null) {
            out.appendNull();
        } else {
            out.append(note);
        }
        out.append(rs.getObject(9, LocalDate.class));
        out.append(rs.getBoolean(10));
        out.append(rs.getLong(11));
        out.append(rs.getString(12));
        out.endRow();
    }

    /** The Appender wants the column's scale; the drivers already give scale 2 for numeric(12,2). */
    private static BigDecimal scale2(BigDecimal value) {
        return value.scale() == 2 ? value : value.setScale(2);
    }
}
