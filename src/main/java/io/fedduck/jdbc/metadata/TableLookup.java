package io.fedduck.jdbc.metadata;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.rowset.CachedRowSet;

/**
 * Finds the table or view a statement names, as DuckDB binds the name: a bare name in the connection's
 * current catalog and schema; {@code a.t} in catalog {@code a} (its default schema) when {@code a} is a
 * catalog, else in schema {@code a} of the current catalog; {@code c.s.t} as written. Names match without
 * regard to case, the exact spelling first. The answer is the stored names and the columns in order,
 * from duckdb_columns (read alone), so a table that does not exist is never claimed.
 */
final class TableLookup {
    /** A table or view as stored, with its columns in order. */
    record Table(String catalog, String schema, String name, List<String> columns) {
    }

    private final MetadataSession session;

    TableLookup(MetadataSession session) {
        this.session = session;
    }

    /**
     * The table that {@code catalog.schema.table} (as written; "" for a part not written) names on a
     * connection whose current catalog and schema are {@code currentCatalog} and {@code currentSchema}.
     */
    Optional<Table> find(String catalog, String schema, String table, String currentCatalog, String currentSchema)
            throws SQLException {
        List<MetadataSession.Catalog> catalogs = session.catalogs(null); // renews stale catalog caches first
        String inCatalog = currentCatalog;
        String inSchema = currentSchema;
        if (!catalog.isEmpty()) {
            inCatalog = catalog;
            inSchema = schema;
        } else if (!schema.isEmpty()) {
            Optional<MetadataSession.Catalog> named = catalogs.stream()
                    .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(schema.toLowerCase(Locale.ROOT))).findFirst();
            inCatalog = named.map(MetadataSession.Catalog::name).orElse(currentCatalog);
            inSchema = named.map(session::defaultSchema).orElse(schema);
        }
        if (inCatalog == null || inSchema == null) {
            return Optional.empty();
        }
        List<Table> found = new ArrayList<>();
        try (CachedRowSet rows = session.queryCatalogScan("SELECT database_name, schema_name, table_name, column_name"
                + " FROM duckdb_columns() WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?)"
                + " AND lower(table_name) = lower(?) ORDER BY database_name, schema_name, table_name, column_index",
                List.of(inCatalog, inSchema, table))) {
            Table current = null;
            while (rows.next()) {
                if (current == null || !current.catalog().equals(rows.getString(1))
                        || !current.schema().equals(rows.getString(2)) || !current.name().equals(rows.getString(3))) {
                    current = new Table(rows.getString(1), rows.getString(2), rows.getString(3), new ArrayList<>());
                    found.add(current);
                }
                current.columns().add(rows.getString(4));
            }
        }
        return pick(found, inCatalog, inSchema, table);
    }

    /** The one table found, else the one spelled exactly as asked; none when the spelling does not decide. */
    private static Optional<Table> pick(List<Table> found, String catalog, String schema, String table) {
        List<Table> candidates = found.size() <= 1 ? found : found.stream()
                .filter(t -> t.catalog().equals(catalog) && t.schema().equals(schema) && t.name().equals(table))
                .toList();
        return candidates.size() == 1
                ? Optional.of(new Table(candidates.get(0).catalog(), candidates.get(0).schema(), candidates.get(0).name(),
                        List.copyOf(candidates.get(0).columns())))
                : Optional.empty();
    }
}
