package io.fedduck.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.LongConsumer;

/**
 * A DuckDB result set as FedDuck hands it out: {@link #getStatement()} is the FedDuck statement, max rows
 * is enforced (duckdb_jdbc ignores it), the rows read are reported once when it closes (for the audit),
 * and TIMESTAMP WITH TIME ZONE values are the right instant on daylight-saving days.
 */
public final class FedDuckResultSet extends ForwardingResultSet {
    private final ResultSet raw;
    private final Statement statement;
    private final long maxRows;
    private final LongConsumer onClose;
    private long rowsRead;
    private boolean closed;
    private boolean[] zonedColumns;

    /**
     * @param raw the DuckDB result set
     * @param statement the FedDuck statement it belongs to, or null for metadata results
     * @param maxRows the most rows to return; 0 for all
     * @param onClose receives the number of rows read, once
     */
    FedDuckResultSet(ResultSet raw, Statement statement, long maxRows, LongConsumer onClose) {
        this.raw = raw;
        this.statement = statement;
        this.maxRows = maxRows;
        this.onClose = onClose;
    }

    boolean wraps(ResultSet other) {
        return raw == other;
    }

    @Override
    protected ResultSet delegate() {
        return raw;
    }

    @Override
    public boolean next() throws SQLException {
        if (maxRows > 0 && rowsRead >= maxRows) {
            return false;
        }
        boolean more = raw.next();
        if (more) {
            rowsRead++;
        }
        return more;
    }

    @Override
    public Statement getStatement() throws SQLException {
        raw.getStatement(); // throws when closed, as the spec asks
        return statement;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || raw.isClosed();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            raw.close();
        } finally {
            onClose.accept(rowsRead);
        }
    }

    // duckdb_jdbc 1.4.4.0 builds the OffsetDateTime of a TIMESTAMPTZ value with the JVM zone's offset at
    // the wrong moment, so on a daylight-saving day getObject and getString are an hour off while
    // getTimestamp is right. FedDuck builds those values from getTimestamp's instant instead.

    private boolean isZoned(int column) throws SQLException {
        if (zonedColumns == null) {
            ResultSetMetaData md = raw.getMetaData();
            boolean[] zoned = new boolean[md.getColumnCount() + 1];
            for (int i = 1; i < zoned.length; i++) {
                zoned[i] = md.getColumnType(i) == Types.TIMESTAMP_WITH_TIMEZONE;
            }
            zonedColumns = zoned;
        }
        return column > 0 && column < zonedColumns.length && zonedColumns[column];
    }

    private OffsetDateTime zoned(int column) throws SQLException {
        Timestamp t = raw.getTimestamp(column);
        return t == null ? null : OffsetDateTime.ofInstant(t.toInstant(), ZoneId.systemDefault());
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return isZoned(column) ? zoned(column) : raw.getObject(column);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(raw.findColumn(label));
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (isZoned(column)) {
            OffsetDateTime value = zoned(column);
            if (type == OffsetDateTime.class || type == Object.class) {
                return type.cast(value);
            }
            if (type == Instant.class) {
                return type.cast(value == null ? null : value.toInstant());
            }
            if (type == ZonedDateTime.class) {
                return type.cast(value == null ? null : value.atZoneSameInstant(ZoneId.systemDefault()));
            }
        }
        return raw.getObject(column, type);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(raw.findColumn(label), type);
    }

    @Override
    public String getString(int column) throws SQLException {
        if (isZoned(column)) {
            OffsetDateTime value = zoned(column);
            return value == null ? null : value.toString();
        }
        return raw.getString(column);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(raw.findColumn(label));
    }
}
