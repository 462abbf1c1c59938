package io.fedduck.procedures;

import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceReadRetry;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.dialect.SourceDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code list_remote_tables(connection_name, schema_filter := NULL, table_pattern := NULL)}: the tables
 * and views of one source, read from the source's own catalog in one round trip per call.
 *
 * <p>The temp table holds the rows of the sources refreshed for the current statement, the macro picks
 * one source and applies the filters in DuckDB, so user values never reach remote SQL. When the
 * statement names the source as a string constant only that source is asked; otherwise (a {@code ?}, an
 * expression) every attached source is.
 */
final class ListRemoteTablesFunction implements TableFunction {
    static final String NAME = "list_remote_tables";
    private static final String PARAMETER = "connection_name";
    private static final String TABLE = "fedduck_remote_tables";
    private static final String SOURCES = "fedduck_remote_table_sources";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + TABLE + " (connection_name VARCHAR, schema_name VARCHAR,"
                    + " table_name VARCHAR, table_type VARCHAR, row_estimate BIGINT, size_bytes BIGINT,"
                    + " last_modified TIMESTAMP WITH TIME ZONE)");
            KnownSources.create(s, SOURCES);
            s.execute("CREATE TEMP MACRO " + NAME + "(" + PARAMETER + ", schema_filter := NULL, table_pattern := NULL)"
                    + " AS TABLE SELECT t.schema_name, t.table_name, t.table_type, t.row_estimate, t.size_bytes,"
                    + " t.last_modified"
                    // One row more than the source's tables, so that the check below runs even when the
                    // temp table is empty; the row itself never matches.
                    + " FROM (SELECT * FROM temp.main." + TABLE
                    + " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL) t,"
                    + " (" + KnownSources.matchSql(SOURCES, PARAMETER) + ") p"
                    + " WHERE CASE" + KnownSources.failures(NAME, PARAMETER)
                    + " ELSE lower(t.connection_name) = lower(" + PARAMETER + ")"
                    + " AND (schema_filter IS NULL OR t.schema_name = schema_filter)"
                    + " AND (table_pattern IS NULL OR t.table_name LIKE table_pattern) END"
                    + " ORDER BY t.schema_name, t.table_name");
        }
    }

    @Override
    public boolean readsSourceCatalogs() {
        return true;
    }

    @Override
    public void refresh(Connection session, Federation federation, StatementCalls statement) throws SQLException {
        List<SourceState> sources = statement.visible(federation.sources());
        KnownSources.Selection selection = KnownSources.select(NAME, sources, statement.stringArguments(NAME, PARAMETER));
        KnownSources.fill(session, SOURCES, sources);
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + TABLE);
        }
        for (SourceState state : sources) {
            if (selection.includes(state)) {
                readCatalog(session, state);
            }
        }
    }

    private static void readCatalog(Connection session, SourceState state) throws SQLException {
        SourceDialect dialect = SourceDialect.of(state.config().type());
        // The source's name is bound, not written into the SQL: besides keeping values out of SQL text, a
        // bound parameter makes DuckDB 1.4.4 bind sqlite_query in the transaction that runs it (its bind
        // data otherwise keeps the connection of the preparing transaction: duckdb/duckdb-sqlite#224).
        try {
            SourceReadRetry.runRetryingOnce(() -> {
                try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + TABLE
                        + " SELECT CAST(? AS VARCHAR), * FROM (" + dialect.remoteTablesQuery() + ")")) {
                    insert.setString(1, state.name());
                    insert.setString(2, state.name());
                    insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            // DuckDB's error class stays first in the message, so the SQLState derived from it still fits.
            throw new SQLException(e.getMessage() + " [list_remote_tables: reading the catalog of source '"
                    + state.name() + "']", e.getSQLState(), e);
        }
    }
}
