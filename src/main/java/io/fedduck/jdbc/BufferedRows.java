package io.fedduck.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The rest of a streamed result, read into memory because the connection had to run another statement
 * while the result was still open (a DuckDB connection streams one result at a time: the next statement
 * would cut the first off). Each cell keeps DuckDB's own object and text, so values read the same as
 * before; the getters that most clients use are served, the rest say that the result was buffered.
 */
final class BufferedRows extends ForwardingResultSet {
    private final ResultSetMetaData metaData;
    private final List<Object[]> objects;
    private final List<String[]> texts;
    private final int firstRowNumber;
    /** Why the rows end before the result did (the memory bound), or null when they are all of it. */
    private final String cutOff;
    private int position = -1;
    private boolean wasNull;
    private boolean closed;

    /** The most memory (estimated) the rest of one result may take; past it the rows end with an error. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private BufferedRows(ResultSetMetaData metaData, List<Object[]> objects, List<String[]> texts,
                         int firstRowNumber, String cutOff) {
        this.metaData = metaData;
        this.objects = objects;
        this.texts = texts;
        this.firstRowNumber = firstRowNumber;
        this.cutOff = cutOff;
    }

    /** No rows, past the end: what a result whose stream was abandoned reads from then on. */
    static BufferedRows none(ResultSetMetaData metaData, long rowsRead) {
        BufferedRows rows = new BufferedRows(metaData, List.of(), List.of(),
                (int) Math.min(Integer.MAX_VALUE, rowsRead + 1), null);
        rows.position = 0;
        return rows;
    }

    /**
     * Reads what is left of {@code open}, values through {@code cells} so that FedDuck's own corrections
     * apply, and closes it.
     *
     * @param limit the most rows to read after the current one; 0: all
     * @param rowsRead rows the caller already read from {@code open}
     * @param onRow the cursor is on a row, which is kept as the current row
     * @param none read no row: the result ends here (its max rows are read)
     */
    static BufferedRows readRest(ResultSet open, FedDuckResultSet cells, long limit, long rowsRead, boolean onRow,
                                 boolean none) throws SQLException {
        ResultSetMetaData md = open.getMetaData();
        int columns = md.getColumnCount();
        List<Object[]> objects = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        long bytes = 0;
        String cutOff = null;
        if (!none) {
            if (onRow) {
                bytes += addRow(cells, columns, objects, texts);
            }
            int current = objects.size();
            while ((limit == 0 || objects.size() - current < limit) && cells.rawNext()) {
                bytes += addRow(cells, columns, objects, texts);
                if (bytes > MAX_BYTES) {
                    // an IDE must not run out of memory: the rest of this result is given up, and says so
                    cutOff = "FedDuck read " + objects.size() + " more rows of this result into memory (about "
                            + (MAX_BYTES >> 20) + " MB) because another statement ran on the connection while it was"
                            + " open, and stopped there; read a large result to its end, or set max rows, before"
                            + " running another statement on the same connection, or use a second connection";
                    break;
                }
            }
        }
        open.close();
        BufferedRows rest = new BufferedRows(md, objects, texts,
                (int) Math.min(Integer.MAX_VALUE, onRow ? rowsRead : rowsRead + 1), cutOff);
        rest.position = onRow && !none ? 0 : none ? objects.size() : -1;
        return rest;
    }

    /** Adds the current row; returns about how many bytes it takes (its text twice, plus references). */
    private static long addRow(FedDuckResultSet cells, int columns, List<Object[]> objects, List<String[]> texts)
            throws SQLException {
        Object[] o = new Object[columns];
        String[] t = new String[columns];
        long bytes = 32;
        for (int i = 0; i < columns; i++) {
            o[i] = cells.cellObject(i + 1);
            t[i] = cells.cellText(i + 1);
            bytes += 32 + (t[i] == null ? 0 : 4L * t[i].length());
        }
        objects.add(o);
        texts.add(t);
        return bytes;
    }

    @Override
    protected ResultSet delegate() throws SQLException {
        throw new SQLFeatureNotSupportedException("FedDuck read the rest of this result into memory because"
                + " another statement ran on the connection while it was open; this call is not available on"
                + " such a result (run the other statement on another connection, or read this one first)");
    }

    private Object cell(int column) throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
        if (position < 0 || position >= objects.size()) {
            throw new SQLException("the cursor is not on a row", "24000");
        }
        if (column < 1 || column > metaData.getColumnCount()) {
            throw new SQLException("column index " + column + " is out of range", "07009");
        }
        Object value = objects.get(position)[column - 1];
        wasNull = value == null;
        return value;
    }

    @Override
    public boolean next() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
        if (position < objects.size()) {
            position++;
        }
        if (position >= objects.size() && cutOff != null) {
            throw new SQLException(cutOff, "54000");
        }
        return position < objects.size();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public ResultSetMetaData getMetaData() {
        return metaData;
    }

    @Override
    public int findColumn(String label) throws SQLException {
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            if (metaData.getColumnLabel(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        throw new SQLException("no column labelled '" + label + "' in the result", "42703");
    }

    @Override
    public int getRow() {
        return position >= 0 && position < objects.size() ? firstRowNumber + position : 0;
    }

    @Override
    public boolean isBeforeFirst() {
        return position < 0 && !objects.isEmpty();
    }

    @Override
    public boolean isAfterLast() {
        return position >= objects.size() && !objects.isEmpty();
    }

    @Override
    public boolean isFirst() {
        return position == 0 && !objects.isEmpty();
    }

    @Override
    public boolean isLast() {
        return position == objects.size() - 1 && !objects.isEmpty();
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) {
            throw new SQLFeatureNotSupportedException("results are forward-only");
        }
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public void setFetchSize(int rows) {
        // all rows are in memory already
    }

    @Override
    public java.sql.SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
        // none kept
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return cell(column);
    }

    @Override
    public String getString(int column) throws SQLException {
        cell(column);
        return texts.get(position)[column - 1];
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("t") || s.equals("1");
    }

    private Number number(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new SQLException("column " + column + " is not a number: " + metaData.getColumnTypeName(column),
                    "22018");
        }
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return number(column).byteValue();
    }

    @Override
    public short getShort(int column) throws SQLException {
        return number(column).shortValue();
    }

    @Override
    public int getInt(int column) throws SQLException {
        return number(column).intValue();
    }

    @Override
    public long getLong(int column) throws SQLException {
        return number(column).longValue();
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return number(column).floatValue();
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return number(column).doubleValue();
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return null;
        }
        return v instanceof BigDecimal d ? d : new BigDecimal(number(column).toString());
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(column);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        return getString(column).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Instant instant(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.atZone(ZoneId.systemDefault()).toInstant();
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay(ZoneId.systemDefault()).toInstant();
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant();
        }
        return null;
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp t) {
            return t;
        }
        if (v instanceof LocalDateTime l) {
            return Timestamp.valueOf(l);
        }
        Instant i = instant(v);
        if (i == null) {
            throw new SQLException("column " + column + " is not a timestamp: " + metaData.getColumnTypeName(column),
                    "22007");
        }
        return Timestamp.from(i);
    }

    @Override
    public Date getDate(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Date d) {
            return d;
        }
        if (v instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        return Date.valueOf(getTimestamp(column).toLocalDateTime().toLocalDate());
    }

    @Override
    public Time getTime(int column) throws SQLException {
        Object v = cell(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Time t) {
            return t;
        }
        if (v instanceof LocalTime t) {
            return Time.valueOf(t);
        }
        return Time.valueOf(getTimestamp(column).toLocalDateTime().toLocalTime());
    }

    @Override
    public Array getArray(int column) throws SQLException {
        Object v = cell(column);
        if (v == null || v instanceof Array) {
            return (Array) v;
        }
        throw new SQLException("column " + column + " is not an array: " + metaData.getColumnTypeName(column),
                "22000");
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        Object v = cell(column);
        if (v == null || v instanceof Blob) {
            return (Blob) v;
        }
        if (v instanceof byte[] b) {
            return new javax.sql.rowset.serial.SerialBlob(b);
        }
        throw new SQLException("column " + column + " is not a blob: " + metaData.getColumnTypeName(column), "22000");
    }

    /**
     * As duckdb_jdbc answers with a calendar: a TIMESTAMP's wall-clock time is read in the calendar's zone,
     * a TIMESTAMP WITH TIME ZONE's instant is given as its wall-clock time in the calendar's zone, a DATE
     * ignores the calendar. getTime with a calendar follows getTimestamp for timestamps.
     */
    @Override
    public Timestamp getTimestamp(int column, java.util.Calendar calendar) throws SQLException {
        Object v = cell(column);
        if (v == null || calendar == null) {
            return getTimestamp(column);
        }
        ZoneId zone = calendar.getTimeZone().toZoneId();
        if (v instanceof OffsetDateTime o) {
            return Timestamp.valueOf(o.atZoneSameInstant(zone).toLocalDateTime());
        }
        if (v instanceof ZonedDateTime z) {
            return Timestamp.valueOf(z.withZoneSameInstant(zone).toLocalDateTime());
        }
        if (v instanceof LocalDate || v instanceof Date) {
            return getTimestamp(column);
        }
        Timestamp local = getTimestamp(column);
        Timestamp shifted = Timestamp.from(local.toLocalDateTime().atZone(zone).toInstant());
        shifted.setNanos(local.getNanos());
        return shifted;
    }

    /** duckdb_jdbc's getDate ignores the calendar. */
    @Override
    public Date getDate(int column, java.util.Calendar calendar) throws SQLException {
        return getDate(column);
    }

    @Override
    public Time getTime(int column, java.util.Calendar calendar) throws SQLException {
        Object v = cell(column);
        if (v == null || calendar == null || v instanceof Time || v instanceof LocalTime) {
            return getTime(column);
        }
        return Time.valueOf(getTimestamp(column, calendar).toLocalDateTime().toLocalTime());
    }

    /** A whole number for a narrowing getObject(column, Integer.class, ...): never silently cut off. */
    private BigDecimal exact(int column) throws SQLException {
        Number n = number(column);
        BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        if (d.stripTrailingZeros().scale() > 0) {
            throw new SQLException("column " + column + " holds " + d + ", not a whole number", "22003");
        }
        return d;
    }

    private SQLException outOfRange(int column, Class<?> type) throws SQLException {
        return new SQLException("column " + column + " holds " + getString(column) + ", out of the range of "
                + type.getSimpleName(), "22003");
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        Object v = cell(column);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        Object converted;
        if (type == String.class) {
            converted = getString(column);
        } else if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            BigDecimal whole = exact(column);
            try {
                converted = type == Integer.class ? (Object) whole.intValueExact()
                        : type == Long.class ? (Object) whole.longValueExact()
                        : type == Short.class ? (Object) whole.shortValueExact()
                        : type == Byte.class ? (Object) whole.byteValueExact() : whole.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw outOfRange(column, type);
            }
        } else if (type == Double.class) {
            converted = getDouble(column);
        } else if (type == Float.class) {
            converted = getFloat(column);
        } else if (type == Boolean.class) {
            converted = getBoolean(column);
        } else if (type == BigDecimal.class) {
            converted = getBigDecimal(column);
        } else if (type == Timestamp.class) {
            converted = getTimestamp(column);
        } else if (type == Date.class) {
            converted = getDate(column);
        } else if (type == Time.class) {
            converted = getTime(column);
        } else if (type == LocalDate.class) {
            converted = getDate(column).toLocalDate();
        } else if (type == LocalDateTime.class) {
            converted = getTimestamp(column).toLocalDateTime();
        } else if (type == LocalTime.class) {
            converted = getTime(column).toLocalTime();
        } else if (type == Instant.class) {
            converted = getTimestamp(column).toInstant();
        } else if (type == OffsetDateTime.class) {
            converted = OffsetDateTime.ofInstant(getTimestamp(column).toInstant(), ZoneId.systemDefault());
        } else if (type == UUID.class) {
            converted = UUID.fromString(getString(column));
        } else if (type == byte[].class) {
            converted = getBytes(column);
        } else {
            throw new SQLException("cannot read column " + column + " (" + metaData.getColumnTypeName(column)
                    + ") as " + type.getName(), "22000");
        }
        return type.cast(converted);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Blob getBlob(String label) throws SQLException {
        return getBlob(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label, java.util.Calendar calendar) throws SQLException {
        return getTimestamp(findColumn(label), calendar);
    }

    @Override
    public Date getDate(String label, java.util.Calendar calendar) throws SQLException {
        return getDate(findColumn(label), calendar);
    }

    @Override
    public Time getTime(String label, java.util.Calendar calendar) throws SQLException {
        return getTime(findColumn(label), calendar);
    }

    @Override
    public Array getArray(String label) throws SQLException {
        return getArray(findColumn(label));
    }
}
