package io.fedduck.pushdown;

/**
 * One column of a source table as pushdown needs it: its name as the source spells it, its DuckDB type, its category,
 * whether it may hold NULL (as DuckDB reads it), and whether the source's own comparison of it already
 * is DuckDB's byte order (PostgreSQL's "C" collation).
 */
record RemoteColumn(String name, String duckType, Category category, boolean nullable, boolean bytewise) {
}
