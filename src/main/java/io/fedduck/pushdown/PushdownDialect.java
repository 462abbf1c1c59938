package io.fedduck.pushdown;

import java.math.BigDecimal;
import java.util.List;

/**
 * How one source type spells what pushdown sends it, so that it means what DuckDB would have computed.
 * Every literal is written by {@link #text} or as a number; every name by {@link #identifier}.
 */
interface PushdownDialect {

    /** The DuckDB table function that runs SQL on a catalog of this type. */
    String queryFunction();

    String identifier(String name);

    /** A text literal, whatever characters the value holds (no escape of the server's settings applies). */
    String text(String value);

    /**
     * Source SQL returning one row per column of {@code schema.table}, in column order: name, the source's
     * type, nullable (1/true or 0/false), and "1" when the source compares the column byte by byte.
     */
    String columnsQuery(String schema, String table);

    /** The category of a column DuckDB reads as {@code duckType} and the source declares as {@code sourceType}. */
    Category category(String duckType, String sourceType);

    /**
     * Whether a WHERE comparison of the column is pushed: DuckDB's extensions already send simple comparisons
     * of one column to the source, which evaluates them with its own collation and dates, so a statement that
     * compares a column where the source's meaning differs from DuckDB's gets different answers with and
     * without pushdown (depending on which filters the extension takes). Such statements stay in DuckDB.
     *
     * @param equality the comparison is =, <>, IN or NOT IN
     * @param nullTest the comparison is IS [NOT] NULL
     */
    boolean filterable(RemoteColumn c, boolean equality, boolean nullTest);

    /** The column's value as DuckDB's scan would return it (a NULL where the scan makes one). */
    default String value(String column, RemoteColumn c) {
        return column;
    }

    /** Whether a value can be NULL for DuckDB although the source's column is NOT NULL. */
    default boolean nullWhereSourceIsNot(RemoteColumn c) {
        return false;
    }

    /**
     * An expression that orders, groups and compares like DuckDB does the column's values ({@code value}: the
     * column's {@link #value}). It may be of another type (bytes): see {@link #fromKey}.
     */
    default String key(String value, RemoteColumn c) {
        return value;
    }

    /** Like {@link #key}, for = and <> only (where the source's own equality already is DuckDB's). */
    default String equalityKey(String value, RemoteColumn c) {
        return key(value, c);
    }

    /** The value back from a {@link #key} of a column of this category, for select lists that group by keys. */
    default String fromKey(String key, Category category) {
        return key;
    }

    /** A text constant in the domain {@link #key} compares in. */
    default String textKey(String value) {
        return text(value);
    }

    /** A literal of DuckDB type {@code type} (DATE or TIMESTAMP) from its checked text. */
    default String temporalLiteral(String type, String text) {
        return type + " " + text(text);
    }

    /** A literal of DuckDB's DOUBLE type with this exact value. */
    String doubleLiteral(BigDecimal value);

    /**
     * A condition that holds exactly where DuckDB sees a value (not NULL), to be added to a comparison of the
     * column; null when the comparison alone says it.
     */
    default String present(String column, RemoteColumn c) {
        return null;
    }

    /** {@code sum} of an integer or decimal column, in a type that holds the exact sum with {@code scale}. */
    String sum(String column, int scale);

    /**
     * Whether grouping by the column (GROUP BY, DISTINCT, count(DISTINCT)) and its min and max are worth
     * sending: not where the source can only compute them over an expression that no index serves and DuckDB
     * is faster reading the column (MySQL text by its bytes, MySQL dates without their zero dates).
     */
    default boolean groupsWell(RemoteColumn c) {
        return true;
    }

    /**
     * Whether DuckDB's own scan of this source's tables sends it simple conditions (the postgres extension
     * does; FedDuck turns the mysql extension's off), so that the source's comparison rules decide them.
     */
    default boolean scanSendsFilters() {
        return false;
    }

    /** Whether two columns of this category are compared on the source (not text in PostgreSQL: two collations). */
    default boolean comparesColumnsOf(Category category) {
        return true;
    }

    /** A select-list value as sent back to DuckDB, which casts it to the statement's type. */
    default String output(String value, Category category) {
        return value;
    }

    /** {@link #output(String, Category)}, knowing the DuckDB type of the statement's column ({@code duckType}). */
    default String output(String value, Category category, String duckType) {
        return output(value, category);
    }

    /** One ORDER BY key with DuckDB's direction and NULL placement. */
    String orderKey(String key, boolean descending, boolean nullsFirst, boolean nullable);

    /** LIMIT / OFFSET; either may be null. */
    String limit(Long limit, Long offset);

    /** Joins items with ", ". */
    static String list(List<String> items) {
        return String.join(", ", items);
    }
}
