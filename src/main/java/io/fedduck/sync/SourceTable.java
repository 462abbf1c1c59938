package io.fedduck.sync;

import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** A remote table as DuckDB names it: the source's catalog, the schema and the table, exactly spelled. */
record SourceTable(String catalog, String schema, String table) {
    private static final Logger LOG = Logger.getLogger(TableSync.class.getName());

    /** The quoted three-part name for DuckDB SQL. */
    String sql() {
        return SqlText.identifier(catalog) + "." + SqlText.identifier(schema) + "." + SqlText.identifier(table);
    }

    String describe() {
        return "'" + schema + "." + table + "' of connection '" + catalog + "'";
    }

    /**
     * Finds {@code name} ({@code schema.table} or a bare table in the source's default schema, each part
     * plain, matched case-insensitively when no exact match exists, or double-quoted) in the source.
     */
    static SourceTable resolve(Connection session, Federation federation, SourceState source, String name)
            throws SQLException {
        List<String> parts = NameParts.split(name, '.');
        if (parts.size() > 2) {
            throw SqlStates.invalidValue(SyncRequest.PROCEDURE + ": source_table '" + name + "' must be table or"
                    + " schema.table (quote a name that holds a dot: \"my.table\")");
        }
        SourceDialect dialect = SourceDialect.of(source.config().type());
        String schemaPart = parts.size() == 2 ? parts.get(0) : null;
        String tablePart = parts.get(parts.size() - 1);
        // The postgres and mysql extensions cache a catalog's tables and columns; a sync must see the
        // source's columns as they are now, for the schema check and for the copy itself.
        federation.refreshCatalogOf(source.name());
        Optional<SourceTable> found = find(session, source.name(), schemaPart, tablePart, dialect, source);
        return found.orElseThrow(() -> SqlStates.undefinedObject(SyncRequest.PROCEDURE + ": table '" + name
                + "' not found in connection '" + source.name() + "'"));
    }

    private static Optional<SourceTable> find(Connection session, String catalog, String schemaPart, String tablePart,
                                              SourceDialect dialect, SourceState source) throws SQLException {
        String schema = schemaPart == null ? dialect.defaultSchema(source.config()) : NameParts.unquote(schemaPart,
                "source_table");
        String table = NameParts.unquote(tablePart, "source_table");
        boolean exactSchema = schemaPart == null || NameParts.isQuoted(schemaPart);
        boolean exactTable = NameParts.isQuoted(tablePart);
        try (PreparedStatement ps = session.prepareStatement("SELECT schema_name, table_name FROM ("
                + "SELECT database_name, schema_name, table_name FROM duckdb_tables()"
                + " UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views() WHERE NOT internal)"
                + " WHERE database_name = ? AND (schema_name = ? OR (NOT ? AND lower(schema_name) = lower(?)))"
                + " AND (table_name = ? OR (NOT ? AND lower(table_name) = lower(?)))"
                + " ORDER BY (schema_name = ?) DESC, (table_name = ?) DESC LIMIT 1")) {
            ps.setString(1, catalog);
            ps.setString(2, schema);
            ps.setBoolean(3, exactSchema);
            ps.setString(4, schema);
            ps.setString(5, table);
            ps.setBoolean(6, exactTable);
            ps.setString(7, table);
            ps.setString(8, schema);
            ps.setString(9, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SourceTable(catalog, rs.getString(1), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The source's own estimate of the table's rows (PostgreSQL's reltuples, MySQL's TABLE_ROWS), or -1
     * when it keeps none (SQLite, a table never analyzed) or cannot be read. Progress only: a failure
     * here must not fail the sync.
     */
    long rowEstimate(Connection session, SourceDialect dialect) {
        Optional<String> query = dialect.rowEstimateQuery();
        if (query.isEmpty()) {
            return -1;
        }
        try (PreparedStatement ps = session.prepareStatement(query.get())) {
            ps.setString(1, catalog);
            ps.setString(2, schema);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long estimate = rs.getLong(1);
                    return rs.wasNull() || estimate <= 0 ? -1 : estimate; // 0: stale statistics, as good as none
                }
                return -1;
            }
        } catch (SQLException e) {
            // Only the SQLState: a source's error text is not run through the federation's redactor here.
            LOG.fine(() -> "no row estimate for " + describe() + " (SQLState " + e.getSQLState() + ")");
            return -1;
        }
    }
}
