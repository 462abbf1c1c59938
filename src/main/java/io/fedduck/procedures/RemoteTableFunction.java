package io.fedduck.procedures;

import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceReadRetry;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * A table function about one remote table, {@code f(connection_name, table_name, ...)}: describe_remote_table
 * and the remote_table_* functions.
 *
 * <p>Like list_remote_tables, FedDuck reads the catalog rows of every table of the sources a statement
 * names with constant SQL (the source name bound, nothing of the user's in the remote query), and the
 * macro picks the one table in DuckDB. {@code table_name} is {@code schema.table} or bare (the source's
 * default schema), each part plain (matched case-insensitively when no exact match exists) or quoted with
 * double quotes ({@code "weird.name"}, {@code "My Table"}).
 */
abstract class RemoteTableFunction implements TableFunction {
    static final String CONNECTION = "connection_name";
    static final String TABLE_NAME = "table_name";

    private final String name;
    private final String data;
    private final String tables;
    private final String sources;

    RemoteTableFunction(String name) {
        this.name = name;
        this.data = "fedduck_" + name;
        this.tables = data + "_tables";
        this.sources = data + "_sources";
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * The temp table's columns after connection_name, schema_name and table_name, as DDL; null when
     * the function keeps no catalog rows.
     */
    abstract String columns();

    /** Named parameters after connection_name and table_name, each with its leading comma, or "". */
    String extraParameters() {
        return "";
    }

    /** The default macro's select list over the temp table's row {@code d}. */
    String selectList() {
        throw new UnsupportedOperationException(name);
    }

    /** The default macro's GROUP BY and ORDER BY over {@code d}, after its WHERE. */
    String groupAndOrder() {
        throw new UnsupportedOperationException(name);
    }

    /**
     * A DuckDB query whose rows fill the temp table, in its column order; every {@code ?} in it is the
     * source's catalog name. Null when {@link #columns()} is.
     */
    abstract String catalogQuery(SourceDialect dialect);

    @Override
    public void install(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            if (columns() != null) {
                s.execute("CREATE TEMP TABLE " + data + " (connection_name VARCHAR, schema_name VARCHAR,"
                        + " table_name VARCHAR, " + columns() + ")");
            }
            s.execute("CREATE TEMP TABLE " + tables + " (connection_name VARCHAR, schema_name VARCHAR,"
                    + " table_name VARCHAR)");
            KnownSources.create(s, sources);
            s.execute("CREATE TEMP MACRO " + name + "(" + CONNECTION + ", " + TABLE_NAME + extraParameters()
                    + ") AS TABLE " + macroBody());
        }
    }

    /** The macro's query: by default the temp table's rows of the one table the arguments name. */
    String macroBody() {
        return "SELECT " + selectList()
                // One row more than the catalog's, so that the checks below run even when the table has
                // no rows here (no constraints, say); the row itself never matches.
                + " FROM (SELECT * FROM temp.main." + data
                + " UNION ALL BY NAME SELECT CAST(NULL AS VARCHAR) AS connection_name) d, " + checkedFrom()
                + " WHERE CASE" + failures()
                + " ELSE lower(d.connection_name) = lower(" + CONNECTION + ") AND d.schema_name = m.schema_name"
                + " AND d.table_name = m.table_name END " + groupAndOrder();
    }

    /** The rows {@code p} (the source) and {@code m} (the table) that {@link #failures()} checks. */
    final String checkedFrom() {
        return "(" + KnownSources.matchSql(sources, CONNECTION) + ") p,"
                + " (" + tableMatchSql(CONNECTION, TABLE_NAME) + ") m";
    }

    /** WHEN branches of a CASE over {@link #checkedFrom()} that fail for an unknown source or table. */
    final String failures() {
        return KnownSources.failures(name, CONNECTION)
                + " WHEN m.matches = 0 THEN error('" + name + ": table ''' || coalesce(" + TABLE_NAME
                + ", 'NULL') || ''' not found in connection ''' || p.name || '''')";
    }

    /**
     * One row: how many tables of the source {@code connection} the name {@code table} can mean, and
     * the best match's schema and name (an exact spelling before a case-insensitive one).
     */
    private String tableMatchSql(String connection, String table) {
        String s = "x.schema_name";
        String t = "x.table_name";
        String exact = table + " IN (" + quoted(s) + " || '.' || " + quoted(t) + ", " + s + " || '.' || " + t
                + ", " + s + " || '.' || " + quoted(t) + ", " + quoted(s) + " || '.' || " + t + ")"
                + " OR (" + s + " = k.default_schema AND " + table + " IN (" + t + ", " + quoted(t) + "))";
        String loose = "lower(" + table + ") = lower(" + s + " || '.' || " + t + ")"
                + " OR (" + s + " = k.default_schema AND lower(" + table + ") = lower(" + t + "))";
        String rank = "CASE WHEN " + exact + " THEN 0 ELSE 1 END, " + s + ", " + t;
        return "SELECT count(*) AS matches, first(" + s + " ORDER BY " + rank + ") AS schema_name,"
                + " first(" + t + " ORDER BY " + rank + ") AS table_name"
                + " FROM temp.main." + tables + " x JOIN temp.main." + sources + " k"
                + " ON lower(k.name) = lower(x.connection_name)"
                + " WHERE lower(x.connection_name) = lower(" + connection + ") AND (" + exact + " OR " + loose + ")";
    }

    private static String quoted(String column) {
        return "'\"' || replace(" + column + ", '\"', '\"\"') || '\"'";
    }

    /** True when the function reads a table's rows, which needs select on its connection, not only sight of it. */
    boolean readsRows() {
        return false;
    }

    @Override
    public boolean readsSourceCatalogs() {
        return true;
    }

    @Override
    public void refresh(Connection session, Federation federation, StatementCalls statement) throws SQLException {
        List<SourceState> sourceStates = readsRows() ? statement.readable(federation.sources())
                : statement.visible(federation.sources());
        List<Optional<String>> connections = statement.stringArguments(name, 0, CONNECTION);
        List<Optional<String>> tableNames = statement.stringArguments(name, 1, TABLE_NAME);
        KnownSources.Selection selection = KnownSources.select(name, sourceStates, connections);
        KnownSources.fill(session, sources, sourceStates);
        try (Statement s = session.createStatement()) {
            if (columns() != null) {
                s.execute("DELETE FROM temp.main." + data);
            }
            s.execute("DELETE FROM temp.main." + tables);
        }
        for (SourceState state : sourceStates) {
            if (selection.includes(state)) {
                readCatalog(session, federation, state);
            }
        }
        // Constant names are checked here, for a precise SQLState; the macro checks the rest.
        for (int i = 0; i < connections.size() && i < tableNames.size(); i++) {
            if (connections.get(i).isPresent() && tableNames.get(i).isPresent()) {
                requireTable(session, connections.get(i).get(), tableNames.get(i).get());
            }
        }
    }

    private void readCatalog(Connection session, Federation federation, SourceState state) throws SQLException {
        SourceDialect dialect = SourceDialect.of(state.config().type());
        // Bound source names, as in list_remote_tables (also for duckdb/duckdb-sqlite#224).
        try {
            insert(session, tables, "SELECT CAST(? AS VARCHAR), q.schema_name, q.table_name FROM ("
                    + dialect.remoteTableNamesQuery() + ") q(schema_name, table_name)", state.name());
            if (columns() != null) {
                readRows(session, federation, state, dialect);
            }
        } catch (SQLException e) {
            // DuckDB's error class stays first in the message, so the SQLState derived from it still fits.
            throw new SQLException(e.getMessage() + " [" + name + ": reading the catalog of source '"
                    + state.name() + "']", e.getSQLState(), e);
        }
    }

    /** Adds the source's catalog rows to the temp table. */
    void readRows(Connection session, Federation federation, SourceState state, SourceDialect dialect)
            throws SQLException {
        insert(session, data, "SELECT CAST(? AS VARCHAR), * FROM (" + catalogQuery(dialect) + ")", state.name());
    }

    /** The temp table of catalog rows. */
    final String data() {
        return data;
    }

    static void insert(Connection session, String table, String query, String source) throws SQLException {
        SourceReadRetry.runRetryingOnce(() -> {
            try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + table + " " + query)) {
                int parameters = insert.getParameterMetaData().getParameterCount();
                for (int i = 1; i <= parameters; i++) {
                    insert.setString(i, source);
                }
                insert.executeUpdate();
            }
        });
    }

    private void requireTable(Connection session, String connection, String table) throws SQLException {
        try (PreparedStatement check = session.prepareStatement("SELECT m.matches FROM (SELECT CAST(? AS VARCHAR)"
                + " AS c, CAST(? AS VARCHAR) AS t) a, LATERAL (" + tableMatchSql("a.c", "a.t") + ") m")) {
            check.setString(1, connection);
            check.setString(2, table);
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next() && rs.getLong(1) == 0) {
                    throw SqlStates.undefinedObject(name + ": table '" + table + "' not found in connection '"
                            + connection + "'");
                }
            }
        }
    }
}
