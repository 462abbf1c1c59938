package io.fedduck.procedures;

import io.fedduck.federation.dialect.SourceDialect;

/**
 * {@code remote_table_sample(connection_name, table_name, n := 5)}: the first n rows of one remote table,
 * with its own columns, as DuckDB reads them.
 *
 * <p>A table macro is expanded when a statement binds, so its column set may differ per call: the macro
 * reads the table with DuckDB's query_table, which takes {@code "<connection>".<table_name>} as a name to
 * look up, never as SQL (the connection part quoted as SqlText.identifier does it). FedDuck still checks,
 * before the statement runs, that a constant connection and table name exist, and the macro checks the
 * source.
 */
final class RemoteTableSampleFunction extends RemoteTableFunction {
    static final String NAME = "remote_table_sample";

    RemoteTableSampleFunction() {
        super(NAME);
    }

    @Override
    boolean readsRows() {
        return true;
    }

    @Override
    String columns() {
        return null;
    }

    @Override
    String extraParameters() {
        return ", n := 5";
    }

    @Override
    String macroBody() {
        return "SELECT * FROM query_table('\"' || replace(" + CONNECTION + ", '\"', '\"\"') || '\".' || "
                + TABLE_NAME + ")"
                + " WHERE (SELECT CASE" + failures() + " ELSE true END FROM " + checkedFrom() + ")"
                + " LIMIT n";
    }

    @Override
    String catalogQuery(SourceDialect dialect) {
        return null;
    }
}
