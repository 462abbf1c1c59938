package io.fedduck.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
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
 * is enforced (duckdb_jdbc ignores it) by reading no further than that, the rows read are reported once
 * when it closes (for the audit), and TIMESTAMP WITH TIME ZONE values are the right instant on
 * daylight-saving days.
 *
 * <p>A statement's result streams: DuckDB computes rows as they are read, so reading stops the scan. When
 * the max rows are read, the stream is closed at once (the remote scans end). When the connection must run
 * another statement while this result is open, {@link #buffer()} reads the rest into memory first.
 */
public final class FedDuckResultSet extends ForwardingResultSet {
    private final ResultSet raw;
    private final Statement statement;
    private final long maxRows;
    private final LongConsumer onClose;
    private final OpenResults openResults;
    private final long largeResultRows;
    /** raw while it streams; then the rows FedDuck read into memory, or none after max rows. */
    private ResultSet rows;
    private boolean buffered;
    /** Why the stream failed, reported again by next(); null while it has not. */
    private SQLException failed;
    private boolean onRow;
    /** The DuckDB result is with a fetch abandoned on a stalled link: FedDuck no longer touches it. */
    private boolean heldByStalledCall;
    private long rowsRead;
    private boolean closed;
    private boolean[] zonedColumns;
    private SQLWarning warnings;
    private final FedDuckResultSetMetaData.Origins origins;
    private FedDuckResultSetMetaData metaData;

    /** The streamed results of a connection that are still open. */
    interface OpenResults {
        OpenResults NONE = new OpenResults() {
            @Override
            public void opened(FedDuckResultSet result) {
            }

            @Override
            public void ended(FedDuckResultSet result) {
            }
        };

        void opened(FedDuckResultSet result);

        void ended(FedDuckResultSet result);

        /**
         * DuckDB's result said it has no more rows. duckdb_jdbc 1.4.4.0 says so too when the stream failed
         * (an error in a later chunk, a source's statement_timeout): this throws when that is what happened.
         */
        default void endOfRows(FedDuckResultSet result) throws SQLException {
        }

        /**
         * Runs {@code fetch}, a {@code next()} that fetches the next chunk from DuckDB, which waits on the
         * sources: the statement bounds it by its query timeout and lets Statement.cancel() reach it, and
         * on a stalled link calls {@link FedDuckResultSet#abandon} and throws.
         */
        default boolean fetch(FedDuckResultSet result, DeepStack.Work<Boolean> fetch) throws SQLException {
            return fetch.run();
        }

        /**
         * The application closes the result before its last row, while it still streams: a source still
         * sending rows the statement wrote as one query (a pushed one) is told to stop, or DuckDB would read
         * the rest before the close returns.
         */
        default void closingEarly(FedDuckResultSet result) {
        }

        /** A DuckDB error met while reading rows, as the statement's errors are reported (SQLState, no secret). */
        default SQLException translate(SQLException e) {
            return e;
        }
    }

    /**
     * raw.next(), with the check that a stream that says "no more rows" really ended. When it fetches the
     * next chunk from DuckDB (which waits on the sources) it runs within the statement's bound
     * ({@link OpenResults#fetch}); within a chunk it is a plain call.
     */
    boolean rawNext() throws SQLException {
        boolean more = ChunkBoundary.nextFetches(raw) ? openResults.fetch(this, raw::next) : raw.next();
        if (!more) {
            openResults.endOfRows(this);
        }
        return more;
    }

    /**
     * @param raw the DuckDB result set
     * @param statement the FedDuck statement it belongs to, or null for metadata results
     * @param maxRows the most rows to return; 0 for all
     * @param onClose receives the number of rows read, once
     */
    FedDuckResultSet(ResultSet raw, Statement statement, long maxRows, LongConsumer onClose) {
        this(raw, statement, maxRows, onClose, OpenResults.NONE, 0, FedDuckResultSetMetaData.Origins.NONE);
    }

    /**
     * @param openResults told when this result opens and when it no longer streams
     * @param largeResultRows past this many rows read without max rows, a SQLWarning says so; 0: never
     * @param origins where the result columns come from, for {@link #getMetaData()}
     */
    FedDuckResultSet(ResultSet raw, Statement statement, long maxRows, LongConsumer onClose,
                     OpenResults openResults, long largeResultRows, FedDuckResultSetMetaData.Origins origins) {
        this.raw = raw;
        this.rows = raw;
        this.statement = statement;
        this.maxRows = maxRows;
        this.onClose = onClose;
        this.openResults = openResults;
        this.largeResultRows = largeResultRows;
        this.origins = origins;
        openResults.opened(this);
    }

    boolean wraps(ResultSet other) {
        return raw == other;
    }

    @Override
    protected ResultSet delegate() {
        return rows;
    }

    @Override
    public synchronized boolean next() throws SQLException {
        if (maxRows > 0 && rowsRead >= maxRows) {
            onRow = false;
            if (!buffered && !closed) {
                stopStreaming(BufferedRows.readRest(raw, this, 0, rowsRead, false, true));
            }
            return false;
        }
        if (failed != null) {
            throw failed;
        }
        boolean more;
        try {
            more = buffered ? rows.next() : rawNext();
        } catch (SQLException e) {
            SQLException translated = openResults.translate(e);
            giveUp(translated);
            throw translated;
        }
        onRow = more;
        if (!more && !buffered && !closed) {
            // read to its end: DuckDB's result is done, so it stops streaming (the catalog gate and the
            // auto-commit transaction it held are released) while the application's ResultSet stays open
            stopStreaming(BufferedRows.readRest(raw, this, 0, rowsRead, false, true));
        }
        if (more) {
            rowsRead++;
            if (rowsRead == largeResultRows + 1 && maxRows == 0 && largeResultRows > 0) {
                SQLWarning warning = new SQLWarning("the result has more than " + largeResultRows + " rows;"
                        + " set max rows or add a LIMIT to read fewer (property large_result_rows)", "01000");
                if (warnings == null) {
                    warnings = warning;
                } else {
                    warnings.setNextWarning(warning);
                }
            }
        }
        return more;
    }

    /**
     * Reads the rest of this result into memory (up to the max rows), so that the connection can run
     * another statement without cutting it off. The cursor stays on the row it is on.
     */
    synchronized void buffer() throws SQLException {
        if (buffered || closed) {
            return;
        }
        long limit = maxRows > 0 ? Math.max(0, maxRows - rowsRead) : 0;
        try {
            stopStreaming(BufferedRows.readRest(raw, this, limit, rowsRead, onRow, maxRows > 0 && limit == 0));
        } catch (SQLException e) {
            // this result's own failure: it is reported by its next(), not by the statement that had it copied
            giveUp(openResults.translate(e));
        }
    }

    /**
     * The stream failed (the source ended the scan, DuckDB closed the result): it no longer streams, so the
     * connection's next statement does not try to copy it aside again (and fail), and next() reports why.
     */
    private void giveUp(SQLException e) {
        if (buffered || closed) {
            return;
        }
        failed = e;
        onRow = false;
        buffered = true;
        try {
            raw.close();
        } catch (SQLException ignored) {
            // it is unusable either way
        }
        openResults.ended(this);
    }

    /**
     * The fetch of the next rows was abandoned on a stalled link ({@link OpenResults#fetch}): next() reports
     * {@code why} from now on, and nothing touches the DuckDB result again (the stalled call holds it, and
     * DuckDB closes it with the connection's session once that call ends).
     */
    synchronized void abandon(SQLException why) {
        failed = why;
        onRow = false;
        buffered = true;
        heldByStalledCall = true;
        ResultSetMetaData md;
        try {
            md = raw.getMetaData(); // kept by duckdb_jdbc apart from the rows: no lock, no native call
        } catch (SQLException e) {
            md = null;
        }
        // the getters must not read the DuckDB result while the stalled fetch replaces its rows
        rows = BufferedRows.none(md, rowsRead);
    }

    private void stopStreaming(BufferedRows rest) {
        rows = rest;
        buffered = true;
        openResults.ended(this);
    }

    @Override
    public synchronized ResultSetMetaData getMetaData() throws SQLException {
        if (metaData == null) {
            metaData = new FedDuckResultSetMetaData(rows.getMetaData(), origins);
        }
        return metaData;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        if (isClosed()) {
            throw new SQLException("the result set is closed", "24000");
        }
        return warnings;
    }

    @Override
    public void clearWarnings() {
        warnings = null;
    }

    @Override
    public Statement getStatement() throws SQLException {
        if (isClosed()) {
            throw new SQLException("the result set is closed", "24000");
        }
        return statement;
    }

    @Override
    public synchronized boolean isClosed() throws SQLException {
        if (closed) {
            return true;
        }
        try {
            return rows.isClosed();
        } catch (java.sql.SQLFeatureNotSupportedException e) {
            return false; // metadata rows are a CachedRowSet, which does not answer; FedDuck knows
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!heldByStalledCall) {
                if (!buffered) {
                    openResults.closingEarly(this);
                }
                rows.close();
                raw.close();
            }
        } finally {
            if (!buffered) {
                openResults.ended(this);
            }
            onClose.accept(rowsRead);
        }
    }

    /** The current row's value of {@code column}, as {@link #getObject(int)} gives it from DuckDB. */
    Object cellObject(int column) throws SQLException {
        return isZoned(column) ? zoned(column) : raw.getObject(column);
    }

    /** The current row's text of {@code column}, as {@link #getString(int)} gives it from DuckDB. */
    String cellText(int column) throws SQLException {
        if (isZoned(column)) {
            OffsetDateTime value = zoned(column);
            return value == null ? null : value.toString();
        }
        return raw.getString(column);
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
        return buffered ? rows.getObject(column) : cellObject(column);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(rows.findColumn(label));
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (buffered) {
            return rows.getObject(column, type);
        }
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
        return getObject(rows.findColumn(label), type);
    }

    @Override
    public String getString(int column) throws SQLException {
        return buffered ? rows.getString(column) : cellText(column);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(rows.findColumn(label));
    }
}
