package io.fedduck.pushdown;

/**
 * What a source column may take part in when pushed, from its DuckDB type and its type on the source:
 * only where both engines agree on its comparisons, order and aggregates. {@link #OTHER} columns are only
 * ever returned as they are, counted or tested for NULL.
 */
enum Category {
    /** Integers, signed or unsigned. */
    INTEGER,
    /** DECIMAL(p,s) from an exact decimal of the source. */
    DECIMAL,
    /** DOUBLE from the source's double precision type. */
    DOUBLE,
    /** REAL / FLOAT: ordered and grouped, never compared with a literal (the engines widen it differently). */
    FLOAT,
    /** Text compared byte by byte, as DuckDB compares it. */
    TEXT,
    DATE,
    /** A timestamp without a zone. */
    TIMESTAMP,
    /** An instant: ordered, grouped, min and max, never compared with a literal (its zone would be the session's). */
    TIMESTAMP_TZ,
    BOOLEAN,
    OTHER;

    boolean isNumeric() {
        return this == INTEGER || this == DECIMAL || this == DOUBLE || this == FLOAT;
    }

    boolean isTemporal() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMP_TZ;
    }

    /**
     * Whether rows can be sorted by it: not by floating point either, because DuckDB's sort hands back -0.0 as
     * 0.0, which the source does not.
     */
    boolean isOrdered() {
        return this != OTHER && this != BOOLEAN && this != DOUBLE && this != FLOAT;
    }

    /**
     * Whether rows can be grouped by it and min and max taken: not for floating point, where -0.0 and 0.0
     * are one group and which of them stands for it depends on the order the engine met them.
     */
    boolean isGroupable() {
        return this != OTHER && this != DOUBLE && this != FLOAT;
    }
}
