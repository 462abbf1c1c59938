package io.fedduck.sync;

import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** The table a sync writes: always in the local DuckDB database, never in a source's catalog. */
record LocalTable(String catalog, String schema, String table) {

    /** The quoted three-part name for DuckDB SQL. */
    String sql() {
        return SqlText.identifier(catalog) + "." + SqlText.identifier(schema) + "." + SqlText.identifier(table);
    }

    /** {@code schema.table}, the name sync state and messages use. */
    String name() {
        return schema + "." + table;
    }

    /** The key for the per-table sync lock. */
    String lockKey() {
        return (catalog + "." + schema + "." + table).toLowerCase(Locale.ROOT);
    }

    /** {@code table}, {@code schema.table} or {@code <local catalog>.schema.table}. */
    static LocalTable parse(String name, String localCatalog) throws SQLException {
        List<String> parts = NameParts.split(name, '.');
        if (parts.size() > 3) {
            throw SqlStates.invalidValue(SyncRequest.PROCEDURE + ": local_table '" + name + "' must be table,"
                    + " schema.table or catalog.schema.table");
        }
        if (parts.size() == 3) {
            String catalog = NameParts.unquote(parts.get(0), "local_table");
            if (!catalog.equalsIgnoreCase(localCatalog)) {
                throw SqlStates.forbidden(SyncRequest.PROCEDURE + ": local_table '" + name + "' names catalog '"
                        + catalog + "'; sync_table writes only into the local DuckDB database ('" + localCatalog
                        + "'), never into a source");
            }
        }
        String schema = parts.size() >= 2 ? NameParts.unquote(parts.get(parts.size() - 2), "local_table") : "main";
        String table = NameParts.unquote(parts.get(parts.size() - 1), "local_table");
        if (schema.equalsIgnoreCase(SyncStateStore.SCHEMA)) {
            throw SqlStates.forbidden(SyncRequest.PROCEDURE + ": local_table '" + name + "' is in schema '"
                    + SyncStateStore.SCHEMA + "', which holds FedDuck's sync state");
        }
        return new LocalTable(localCatalog, schema, table);
    }

    /** Whether a table of this name exists (DuckDB names are case-insensitive); a view of it is refused. */
    boolean exists(Connection session) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT 'table' FROM duckdb_tables() WHERE"
                + " database_name = ? AND lower(schema_name) = lower(?) AND lower(table_name) = lower(?)"
                + " UNION ALL SELECT 'view' FROM duckdb_views() WHERE database_name = ?"
                + " AND lower(schema_name) = lower(?) AND lower(view_name) = lower(?)")) {
            for (int i = 0; i < 2; i++) {
                ps.setString(3 * i + 1, catalog);
                ps.setString(3 * i + 2, schema);
                ps.setString(3 * i + 3, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if ("view".equals(rs.getString(1))) {
                    throw SqlStates.forbidden(SyncRequest.PROCEDURE + ": local_table '" + name()
                            + "' is a view; sync_table writes tables");
                }
                return true;
            }
        }
    }
}
