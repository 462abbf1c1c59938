package io.fedduck.jdbc.metadata;

import io.fedduck.sql.SimpleSelect;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.rowset.CachedRowSet;

/**
 * Which table column each result column of a statement is, for ResultSetMetaData: known for a simple select
 * ({@link SimpleSelect}: one table, plain column references and {@code *}), none for anything else. The
 * statement is read by DuckDB's own parser (json_serialize_sql, bound) and the table looked up on the
 * metadata connection, never on the session connection, whose result may be streaming. Answers are kept per
 * statement text, current catalog and schema, for metadata_ttl.
 */
public final class ResultColumnOrigins {
    private static final int KEPT = 64;

    /** Where one result column comes from: the table's stored names and the column's. */
    public record Origin(String catalog, String schema, String table, String column) {
    }

    private record Key(String sql, String catalog, String schema) {
    }

    private record Kept(List<Origin> origins, long atNanos) {
    }

    private final MetadataSession session;
    private final TableLookup tables;
    private final Map<Key, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
            return size() > KEPT;
        }
    };

    public ResultColumnOrigins(MetadataSession session) {
        this.session = session;
        this.tables = new TableLookup(session);
    }

    /**
     * The origin of each result column of {@code sql} run on a connection whose current catalog and schema
     * are the ones given, in result order; empty when the statement is not a simple select or its table is
     * not found.
     */
    public synchronized List<Origin> of(String sql, String currentCatalog, String currentSchema) throws SQLException {
        Key key = new Key(sql, currentCatalog, currentSchema);
        long ttl = session.metadataTtl().toNanos();
        Kept known = kept.get(key);
        if (known != null && System.nanoTime() - known.atNanos() < ttl) {
            return known.origins();
        }
        List<Origin> origins = lookUp(sql, currentCatalog, currentSchema);
        if (ttl > 0) {
            kept.put(key, new Kept(origins, System.nanoTime()));
        }
        return origins;
    }

    private List<Origin> lookUp(String sql, String currentCatalog, String currentSchema) throws SQLException {
        Optional<SimpleSelect> select = SimpleSelect.read(serialized(sql));
        if (select.isEmpty()) {
            return List.of();
        }
        SimpleSelect s = select.get();
        Optional<TableLookup.Table> table = tables.find(s.catalog(), s.schema(), s.table(), currentCatalog, currentSchema);
        if (table.isEmpty()) {
            return List.of();
        }
        TableLookup.Table t = table.get();
        return s.resultColumns(t.catalog(), t.schema(), t.columns())
                .map(columns -> columns.stream().map(c -> new Origin(t.catalog(), t.schema(), t.name(), c)).toList())
                .orElse(List.of());
    }

    /** DuckDB's parse tree of {@code sql} as JSON (with {@code "error": true} when it does not parse). */
    private String serialized(String sql) throws SQLException {
        // Without the cast DuckDB cannot type the parameter ("first argument must be a VARCHAR").
        try (CachedRowSet rows = session.query("SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)", List.of(sql))) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}
