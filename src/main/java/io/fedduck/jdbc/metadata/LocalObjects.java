package io.fedduck.jdbc.metadata;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.rowset.CachedRowSet;
import io.fedduck.federation.Federation;

/**
 * What the access rules need to know of the local DuckDB catalogs: their names, the names of their schemas,
 * tables and views, and the SQL of their views and macros (which a statement may use to reach a source it
 * does not name). Read once per {@link Federation#catalogGeneration()}, shared by the federation's
 * connections.
 *
 * @param catalogs the local catalogs, lower case ({@code temp} included)
 * @param schemas the schema names of the local catalogs, lower case
 * @param relations the names of the local catalogs' tables, views, macros, sequences and types, lower case
 * @param definitions the SQL of each local view and macro by its lower-case name
 */
public record LocalObjects(Set<String> catalogs, Set<String> schemas, Set<String> relations,
                           Map<String, List<String>> definitions) {
    private static final Map<Federation, Snapshot> SNAPSHOTS = new WeakHashMap<>();

    private record Snapshot(long generation, LocalObjects objects) {
    }

    /** The local objects as of now, read on {@code session} when the catalog may have changed since last read. */
    static LocalObjects of(MetadataSession session) throws SQLException {
        Federation federation = session.federation();
        long generation = federation.catalogGeneration();
        synchronized (SNAPSHOTS) {
            Snapshot known = SNAPSHOTS.get(federation);
            if (known != null && known.generation() == generation) {
                return known.objects();
            }
        }
        LocalObjects objects = read(session);
        if (federation.catalogGeneration() == generation) { // nothing changed while it was read
            synchronized (SNAPSHOTS) {
                SNAPSHOTS.put(federation, new Snapshot(generation, objects));
            }
        }
        return objects;
    }

    private static LocalObjects read(MetadataSession session) throws SQLException {
        Set<String> sources = new HashSet<>();
        session.federation().sources().forEach(s -> sources.add(s.name().toLowerCase(Locale.ROOT)));
        Set<String> catalogs = new HashSet<>(Set.of("temp"));
        try (CachedRowSet rows = session.query("SELECT database_name FROM duckdb_databases()"
                + " WHERE NOT internal OR database_name = 'temp'", List.of())) {
            while (rows.next()) {
                String name = rows.getString(1).toLowerCase(Locale.ROOT);
                if (!sources.contains(name) && !name.equals("system")) {
                    catalogs.add(name);
                }
            }
        }
        Set<String> schemas = new HashSet<>();
        Set<String> relations = new HashSet<>();
        Map<String, List<String>> definitions = new HashMap<>();
        scan(session, catalogs, "SELECT database_name, schema_name, NULL FROM duckdb_schemas()",
                (name, sql) -> schemas.add(name));
        scan(session, catalogs, "SELECT database_name, table_name, NULL FROM duckdb_tables()",
                (name, sql) -> relations.add(name));
        // views and macros: their SQL too, which the access rules follow
        Row definition = (name, sql) -> {
            relations.add(name);
            definitions.computeIfAbsent(name, n -> new ArrayList<>()).add(sql);
        };
        scan(session, catalogs, "SELECT database_name, view_name, sql FROM duckdb_views()"
                + " WHERE NOT internal AND NOT temporary", definition);
        scan(session, catalogs, "SELECT database_name, function_name, macro_definition FROM duckdb_functions()"
                + " WHERE function_type IN ('macro', 'table_macro') AND NOT internal AND database_name <> 'temp'"
                + " AND macro_definition IS NOT NULL", definition);
        // a local type (an ENUM made from a query) or sequence holds data of its own
        scan(session, catalogs, "SELECT database_name, type_name, NULL FROM duckdb_types() WHERE NOT internal",
                (name, sql) -> relations.add(name));
        scan(session, catalogs, "SELECT database_name, sequence_name, NULL FROM duckdb_sequences()",
                (name, sql) -> relations.add(name));
        return new LocalObjects(Set.copyOf(catalogs), Set.copyOf(schemas), Set.copyOf(relations),
                Map.copyOf(definitions));
    }

    /** One row of a catalog scan: an object's lower-case name and, for views and macros, its SQL. */
    private interface Row {
        void accept(String name, String sql);
    }

    /**
     * Runs one catalog function scan (alone, under the federation's scan lock: duckdb/duckdb-sqlite#176) and
     * hands on the rows of the local catalogs; the query's columns are catalog, name, SQL.
     */
    private static void scan(MetadataSession session, Set<String> catalogs, String query, Row row) throws SQLException {
        try (CachedRowSet rows = session.queryCatalogScan(query, List.of())) {
            while (rows.next()) {
                if (catalogs.contains(rows.getString(1).toLowerCase(Locale.ROOT))) {
                    row.accept(rows.getString(2).toLowerCase(Locale.ROOT), rows.getString(3));
                }
            }
        }
    }
}
