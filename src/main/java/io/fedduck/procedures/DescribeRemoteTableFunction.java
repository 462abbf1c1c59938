package io.fedduck.procedures;

import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.dialect.SourceDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code describe_remote_table(connection_name, table_name, include_sample := true)}: one row per column,
 * with the type as the source spells it and the type DuckDB reads it as (from DuckDB's own view of the
 * attached catalog, duckdb_columns()).
 */
final class DescribeRemoteTableFunction extends RemoteTableFunction {
    static final String NAME = "describe_remote_table";

    DescribeRemoteTableFunction() {
        super(NAME);
    }

    @Override
    String columns() {
        return "ordinal INTEGER, column_name VARCHAR, native_type VARCHAR, duckdb_type VARCHAR, nullable BOOLEAN,"
                + " column_default VARCHAR, is_primary_key BOOLEAN, comment VARCHAR";
    }

    // include_sample is for the CALL form that returns several result sets; the table function ignores it.
    @Override
    String extraParameters() {
        return ", include_sample := true";
    }

    @Override
    String selectList() {
        return "d.ordinal, d.column_name, d.native_type, d.duckdb_type, d.nullable, d.column_default,"
                + " d.is_primary_key, d.comment";
    }

    @Override
    String groupAndOrder() {
        return "ORDER BY d.ordinal";
    }

    /**
     * A column the source has but DuckDB's view of it lacks means the extension's cache predates the
     * table or column (the postgres and mysql extensions cache each catalog's tables until told
     * otherwise): FedDuck then empties that cache once and reads again, so duckdb_type is current.
     */
    @Override
    void readRows(Connection session, Federation federation, SourceState state, SourceDialect dialect)
            throws SQLException {
        super.readRows(session, federation, state, dialect);
        Optional<String> clearCache = dialect.clearCacheStatement();
        if (clearCache.isEmpty() || !hasColumnsUnknownToDuckDb(session, state)) {
            return;
        }
        federation.refreshCatalogOf(state.name());
        try (PreparedStatement delete = session.prepareStatement("DELETE FROM temp.main." + data()
                + " WHERE connection_name = ?")) {
            delete.setString(1, state.name());
            delete.executeUpdate();
        }
        super.readRows(session, federation, state, dialect);
    }

    private boolean hasColumnsUnknownToDuckDb(Connection session, SourceState state) throws SQLException {
        try (PreparedStatement check = session.prepareStatement("SELECT count(*) FROM temp.main." + data()
                + " WHERE connection_name = ? AND duckdb_type IS NULL")) {
            check.setString(1, state.name());
            try (ResultSet rs = check.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    @Override
    String catalogQuery(SourceDialect dialect) {
        return "SELECT r.schema_name, r.table_name, r.ordinal, r.column_name, r.native_type, c.data_type,"
                + " r.nullable, r.column_default, r.is_primary_key, r.comment"
                + " FROM (" + dialect.remoteColumnsQuery() + ") r(schema_name, table_name, ordinal, column_name,"
                + " native_type, nullable, column_default, is_primary_key, comment)"
                + " LEFT JOIN duckdb_columns() c ON c.database_name = ? AND c.schema_name = r.schema_name"
                + " AND c.table_name = r.table_name AND c.column_name = r.column_name";
    }
}
