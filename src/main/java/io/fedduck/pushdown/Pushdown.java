package io.fedduck.pushdown;

import io.fedduck.config.SourceType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, for one statement text, whether its source runs it, and writes what then runs: reads the text
 * with DuckDB's parser, looks up the table's columns on the source (kept for the metadata TTL, and until a
 * source's catalog cache is emptied), asks DuckDB for the result's names and types, and plans. Everything
 * runs on a connection of FedDuck's own (never the session's, whose transaction a failed lookup would
 * abort). Not thread-safe per instance beyond its caches, which are synchronized.
 */
public final class Pushdown {
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");
    private static final int KEPT = 256;

    /** Runs a DuckDB query with bound parameters and returns its rows. */
    @FunctionalInterface
    public interface Queries {
        List<List<Object>> rows(String sql, List<?> parameters) throws SQLException;
    }

    /** What a mark may hold: nothing that could end the comment it is written in. */
    private static final java.util.regex.Pattern MARK = java.util.regex.Pattern.compile("[A-Za-z0-9 ]+");

    /**
     * What runs instead of the user's statement: DuckDB SQL over the source's query function, and that source
     * SQL; or (catalog null) the statement as DuckDB runs it with some tables read through their sources'
     * queries, whose SQL is then {@code sourceSql}, one query a line.
     */
    public record Pushed(String catalog, String sourceSql, String duckDbSql, String maskedSourceSql, String mark) {
        public Pushed(String catalog, String sourceSql, String duckDbSql, String maskedSourceSql) {
            this(catalog, sourceSql, duckDbSql, maskedSourceSql, null);
        }

        /**
         * This statement with its source SQL led by the comment {@code mark} (letters, digits, blanks), which
         * the source's list of running statements shows: cancelling it then needs no round trip beforehand to
         * learn which session runs it. Itself when it does not run on the source (an EXPLAIN's).
         */
        public Pushed marked(String mark) {
            String call = io.fedduck.internal.SqlText.literal(sourceSql) + ")";
            if (catalog == null || this.mark != null || !duckDbSql.endsWith(call) || !MARK.matcher(mark).matches()) {
                return this;
            }
            String markedCall = io.fedduck.internal.SqlText.literal("/* " + mark + " */ " + sourceSql) + ")";
            return new Pushed(catalog, sourceSql, duckDbSql.substring(0, duckDbSql.length() - call.length())
                    + markedCall, maskedSourceSql, mark);
        }
    }

    /** A catalog whose statements may be pushed: its name as attached, and its type. */
    public record Source(String catalog, SourceType type) {
    }

    /** A table's columns as DuckDB and the source declare them, looked up at a generation and a time. */
    record Table(List<RemoteColumn> columns, Map<String, Integer> scales, long generation, long atNanos) {
    }

    private record Described(List<PushdownPlanner.Output> outputs, long generation) {
    }

    /** A statement's plan, good while its table's columns are (the same generation, within the TTL). */
    private record Planned(Optional<Pushed> pushed, long generation, long atNanos) {
    }

    /** DuckDB's reading of a statement: as a whole statement of one source, and as tables of sources. */
    private record Reading(Optional<SelectTree> whole, Optional<SourceParts.Reading> parts, List<Integer> locations) {
        static final Reading NONE = new Reading(Optional.empty(), Optional.empty(), List.of());
    }

    private final Function<String, Optional<Source>> pushableSources;
    private final LongSupplier generation;
    private final Duration ttl;
    private final Map<String, Table> tables = new HashMap<>();
    /**
     * DuckDB's reading of each statement text seen lately: a function of the text alone, kept so that a
     * repeated statement (a grid's refresh, an application's query) does not ask the parser again; about
     * 2 ms of a 5 ms pushed point lookup went to that round trip.
     */
    private final Map<String, Reading> trees = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Reading> eldest) {
            return size() > KEPT;
        }
    };
    private final Map<String, Described> described = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Described> eldest) {
            return size() > KEPT;
        }
    };
    /**
     * Whole plans, by statement text, max rows and ORDER BY defaults: planning a repeated statement again
     * (both planners, the lookups in the caches above) took a tenth of a pushed point lookup.
     */
    private final Map<String, Planned> planned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Planned> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * @param pushableSources the source a catalog name (as written, any case) stands for when its statements
     *     may be pushed (attached, of a type pushdown knows, not turned off for it), empty for any other
     * @param generation grows whenever a source's catalog cache is emptied (what was looked up is stale then)
     * @param ttl how long a table's columns are kept (metadata_ttl)
     */
    public Pushdown(Function<String, Optional<Source>> pushableSources, LongSupplier generation, Duration ttl) {
        this.pushableSources = pushableSources;
        this.generation = generation;
        this.ttl = ttl;
    }

    /**
     * DuckDB settings, given as connection properties when the federation opened, that change what a
     * statement means in ways the source's SQL does not follow (text comparison, identifier case, division,
     * floating-point comparison): under any of them nothing is pushed.
     */
    static final java.util.Set<String> MEANING_SETTINGS = java.util.Set.of("default_collation",
            "preserve_identifier_case", "integer_division", "ieee_floating_point_ops");

    /** Whether pushdown keeps its promise on a federation opened with these DuckDB settings. */
    public static boolean keepsMeaningUnder(java.util.Collection<String> duckdbSettings) {
        return duckdbSettings.stream().noneMatch(s -> MEANING_SETTINGS.contains(s.toLowerCase(java.util.Locale.ROOT)));
    }

    static PushdownDialect dialect(SourceType type) {
        return switch (type) {
            case POSTGRES -> new PostgresPushdown();
            case MYSQL -> new MySqlPushdown();
            default -> null; // SQLite: DuckDB reads the file itself, nothing to gain from a round trip
        };
    }

    /**
     * The pushed form of {@code sql}, or empty when it stays as it is.
     *
     * @param maxRows the statement's max rows, 0 for none: the source then sends no more
     * @param orderDefaults the session's default_order and default_null_order, asked only when needed
     * @param defaultSchemas where the session puts a table written {@code catalog.table}, asked only then
     */
    public Optional<Pushed> plan(String sql, long maxRows, Queries queries, OrderDefaultsSource orderDefaults,
                                 DefaultSchemas defaultSchemas) throws SQLException {
        Reading reading = reading(sql, queries);
        Optional<Pushed> whole = reading.whole().isEmpty() ? Optional.empty()
                : whole(sql, reading.whole().get(), reading.locations(), maxRows, queries, orderDefaults,
                        defaultSchemas);
        if (whole.isPresent() || reading.parts().isEmpty()) {
            return whole;
        }
        return parts(sql, reading.parts().get(), queries, defaultSchemas);
    }

    /** The statement run by its source as one query, when it reads one source and the source computes it exactly. */
    private Optional<Pushed> whole(String sql, SelectTree read, List<Integer> locations, long maxRows, Queries queries,
                                   OrderDefaultsSource orderDefaults, DefaultSchemas defaultSchemas) throws SQLException {
        String catalog = read.catalog();
        String schema = null;
        if (read.namesDefaultSchema()) { // x.t: catalog x's default schema, or schema x of the session's catalog
            Optional<TableName> named = defaultSchemas.of(read.catalog());
            if (named.isEmpty()) {
                return Optional.empty();
            }
            catalog = named.get().catalog();
            schema = named.get().schema();
        }
        Optional<Source> source = pushableSources.apply(catalog);
        PushdownDialect dialect = source.map(s -> dialect(s.type())).orElse(null);
        if (dialect == null) {
            return Optional.empty();
        }
        SelectTree tree = read.inCatalog(source.get().catalog());
        String described = sql;
        if (schema != null) {
            tree = tree.withDefaultSchema(schema);
            // FedDuck's own connection, which DESCRIBEs the statement, has DuckDB's default search path
            described = qualified(sql, tree, locations);
            if (described == null) {
                return Optional.empty();
            }
        }
        OrderDefaults defaults = OrderDefaults.DUCKDB;
        if (tree.orders().stream().anyMatch(o -> o.descending() == null || o.nullsFirst() == null)) {
            defaults = orderDefaults.get();
        }
        String key = source.get().catalog() + '\0' + schema + '\0' + maxRows + '\0' + defaults + '\0' + sql;
        long now = generation.getAsLong();
        synchronized (planned) {
            Planned known = planned.get(key);
            if (known != null && known.generation() == now && System.nanoTime() - known.atNanos() < ttl.toNanos()) {
                return known.pushed();
            }
        }
        List<PushdownPlanner.Table> tables = new ArrayList<>();
        long oldest = System.nanoTime();
        for (SelectTree.From from : tree.from()) {
            Table table = table(tree.catalog(), from, dialect, queries);
            if (table == null) {
                tables = null;
                break;
            }
            tables.add(new PushdownPlanner.Table(table.columns(), table.scales()));
            oldest = Math.min(oldest, table.atNanos());
        }
        Optional<Pushed> pushed = tables == null ? Optional.empty()
                : planned(tree, dialect, tables, outputs(described, queries), defaults, maxRows);
        synchronized (planned) {
            planned.put(key, new Planned(pushed, now, oldest));
        }
        return pushed;
    }

    private static Optional<Pushed> planned(SelectTree tree, PushdownDialect dialect, List<PushdownPlanner.Table> tables,
                                            List<PushdownPlanner.Output> outputs, OrderDefaults defaults, long maxRows) {
        try {
            PushdownPlanner.Plan plan = new PushdownPlanner(dialect, tree.catalog(), tables, false)
                    .plan(tree, outputs, defaults, maxRows);
            String masked = new PushdownPlanner(dialect, tree.catalog(), tables, true)
                    .plan(tree, outputs, defaults, maxRows).sourceSql();
            return Optional.of(new Pushed(tree.catalog(), plan.sourceSql(), plan.duckDbSql(), masked));
        } catch (PushdownPlanner.NotPushable e) {
            return Optional.empty();
        }
    }

    /**
     * What {@code EXPLAIN} of a pushed statement shows instead of DuckDB's plan (rows of explain_key and
     * explain_value, as DuckDB's EXPLAIN has): where it runs, the SQL sent, and the DuckDB statement around it.
     */
    public static String explanation(Pushed pushed, String sourceType) {
        String where = pushed.catalog() == null
                ? "runs in DuckDB, tables of sources read through the queries of source_sql"
                : "runs on " + sourceType + " source " + pushed.catalog() + " as one query";
        return "SELECT * FROM (VALUES ('pushdown', " + io.fedduck.internal.SqlText.literal(where) + "), ('source_sql', "
                + io.fedduck.internal.SqlText.literal(pushed.sourceSql()) + "), ('duckdb_sql', "
                + io.fedduck.internal.SqlText.literal(pushed.duckDbSql()) + ")) AS plan(explain_key, explain_value)";
    }

    /** The session's ORDER BY defaults. */
    @FunctionalInterface
    public interface OrderDefaultsSource {
        OrderDefaults get() throws SQLException;
    }

    /** A table's catalog (as attached) and schema. */
    public record TableName(String catalog, String schema) {
    }

    /**
     * Where the session reads a table written {@code x.t}, when that is certain: catalog x's default schema
     * (DuckDB takes x for an attached database's name first), or schema x of the source the session is in
     * ({@code USE pg.public}, setCatalog); empty when it is not (a local schema named x, a search path of
     * several entries, ...).
     */
    @FunctionalInterface
    public interface DefaultSchemas {
        Optional<TableName> of(String first) throws SQLException;
    }

    /** The statement with each table's name written in full ({@code "c"."s"."t"}); null when a name is not found. */
    private static String qualified(String sql, SelectTree tree, List<Integer> locations) {
        if (locations.size() != tree.from().size()) {
            return null;
        }
        io.fedduck.sql.ParsedSql text = io.fedduck.sql.ParsedSql.of(sql);
        StringBuilder out = new StringBuilder(sql);
        for (int i = tree.from().size() - 1; i >= 0; i--) { // FROM order is text order in a left-deep join
            int start = FilteredReads.charOffset(sql, locations.get(i));
            int end = start < 0 ? -1 : text.endOfDottedName(start);
            if (end < 0 || (i > 0 && FilteredReads.charOffset(sql, locations.get(i - 1)) >= start)) {
                return null;
            }
            SelectTree.From from = tree.from().get(i);
            out.replace(start, end, io.fedduck.internal.SqlText.identifier(tree.catalog()) + '.'
                    + io.fedduck.internal.SqlText.identifier(from.schema()) + '.'
                    + io.fedduck.internal.SqlText.identifier(from.table()));
        }
        return out.toString();
    }

    private Reading reading(String sql, Queries queries) throws SQLException {
        synchronized (trees) {
            Reading known = trees.get(sql);
            if (known != null) {
                return known;
            }
        }
        List<List<Object>> parsed = queries.rows("SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)",
                List.of(sql));
        Reading read = Reading.NONE;
        if (!parsed.isEmpty() && parsed.get(0).get(0) != null) {
            String serialized = (String) parsed.get(0).get(0);
            Map<String, Object> node;
            try {
                node = io.fedduck.sql.JsonValue.onlyStatementNode(serialized);
            } catch (IllegalArgumentException | ClassCastException e) {
                node = null;
            }
            read = node == null ? Reading.NONE
                    : new Reading(SelectTree.read(serialized), SourceParts.read(node), SourceParts.tableLocations(node));
        }
        synchronized (trees) {
            trees.put(sql, read);
        }
        return read;
    }

    /**
     * The statement as DuckDB runs it, with each table of a source that some of its conditions filter read
     * through a query of that source instead, which asks only for the columns the statement uses and the rows
     * those conditions keep (SourceParts); the conditions stay in the statement too. Empty when no table gains,
     * or when the rewritten statement's result would not have the same names and types.
     */
    private Optional<Pushed> parts(String sql, SourceParts.Reading reading, Queries queries,
                                   DefaultSchemas defaultSchemas) throws SQLException {
        long now = generation.getAsLong();
        List<FilteredReads.Rewrite> sources = new ArrayList<>(); // per table of the FROM clause: null unless a source's
        // the plan holds for this text and these tables as resolved (the session's search path may move)
        StringBuilder key = new StringBuilder("\1");
        boolean gains = false;
        for (SourceParts.Table table : reading.tables()) {
            FilteredReads.Rewrite rewrite = sourceTable(table, defaultSchemas);
            sources.add(rewrite);
            gains |= rewrite != null && !table.conditions().isEmpty();
            key.append(rewrite == null ? "-" : rewrite.catalog() + '.' + rewrite.schema()).append('\0');
        }
        key.append(sql);
        if (!gains) {
            return Optional.empty();
        }
        synchronized (planned) {
            Planned known = planned.get(key.toString());
            if (known != null && known.generation() == now && System.nanoTime() - known.atNanos() < ttl.toNanos()) {
                return known.pushed();
            }
        }
        List<Table> columns = new ArrayList<>();
        for (FilteredReads.Rewrite rewrite : sources) {
            columns.add(rewrite == null ? null : table(rewrite.catalog(),
                    new SelectTree.From(rewrite.schema(), rewrite.table().table(), "", false, null), rewrite.dialect(), queries));
        }
        Optional<Pushed> pushed = FilteredReads.orderFree(reading.typedColumns(), columns)
                ? FilteredReads.rewritten(sql, sources, columns, reading.conditions()) : Optional.empty();
        if (pushed.isPresent() && !sameResult(sql, pushed.get().duckDbSql(), queries)) {
            pushed = Optional.empty();
        }
        synchronized (planned) {
            planned.put(key.toString(), new Planned(pushed, now, columns.stream().filter(java.util.Objects::nonNull)
                    .mapToLong(Table::atNanos).min().orElse(System.nanoTime())));
        }
        return pushed;
    }

    /** A table of a source that pushdown knows, resolved as the session resolves it; null for any other. */
    private FilteredReads.Rewrite sourceTable(SourceParts.Table table, DefaultSchemas defaultSchemas) throws SQLException {
        if (table.catalog().isEmpty() && table.schema().isEmpty()) {
            return null; // a bare name: local, or where the search path says
        }
        // c.s.t as written; x.t is c.t when x is a source DuckDB reads from its default schema (schema x of
        // the session's source is not taken here: FedDuck's own connection could not DESCRIBE the statement)
        String written = table.catalog().isEmpty() ? table.schema() : table.catalog();
        Optional<Source> source = pushableSources.apply(written);
        PushdownDialect dialect = source.map(s -> dialect(s.type())).orElse(null);
        if (dialect == null) {
            return null;
        }
        String schema = table.schema();
        if (table.catalog().isEmpty()) {
            Optional<TableName> known = defaultSchemas.of(written);
            if (known.isEmpty() || !known.get().catalog().equals(source.get().catalog())) {
                return null;
            }
            schema = known.get().schema();
        }
        return new FilteredReads.Rewrite(table, source.get().catalog(), schema, dialect);
    }

    /** Whether DuckDB gives both statements the same result names and types (FedDuck's own connection asks). */
    private boolean sameResult(String sql, String rewritten, Queries queries) {
        try {
            List<PushdownPlanner.Output> original = outputs(sql, queries);
            List<PushdownPlanner.Output> changed = new ArrayList<>();
            for (List<Object> row : queries.rows("DESCRIBE " + rewritten, List.of())) {
                changed.add(new PushdownPlanner.Output((String) row.get(0), (String) row.get(1)));
            }
            return original.equals(changed);
        } catch (SQLException e) {
            return false; // the original does not bind there (a temporary table of the session's), or the rewrite
        }
    }

    private List<PushdownPlanner.Output> outputs(String sql, Queries queries) throws SQLException {
        long now = generation.getAsLong();
        synchronized (described) {
            Described known = described.get(sql);
            if (known != null && known.generation() == now) {
                return known.outputs();
            }
        }
        List<PushdownPlanner.Output> outputs = new ArrayList<>();
        for (List<Object> row : queries.rows("DESCRIBE " + sql, List.of())) {
            outputs.add(new PushdownPlanner.Output((String) row.get(0), (String) row.get(1)));
        }
        synchronized (described) {
            described.put(sql, new Described(List.copyOf(outputs), now));
        }
        return outputs;
    }

    /** The columns of one table of a statement, as DuckDB and the source declare them; null when unknown. */
    private Table table(String catalog, SelectTree.From from, PushdownDialect dialect, Queries queries) throws SQLException {
        String key = catalog + '\0' + from.schema() + '\0' + from.table();
        long now = generation.getAsLong();
        synchronized (tables) {
            Table known = tables.get(key);
            if (known != null && known.generation() == now && System.nanoTime() - known.atNanos() < ttl.toNanos()) {
                return known.columns().isEmpty() ? null : known;
            }
        }
        List<List<Object>> duck = queries.rows("DESCRIBE " + io.fedduck.internal.SqlText.identifier(catalog) + '.'
                + io.fedduck.internal.SqlText.identifier(from.schema()) + '.'
                + io.fedduck.internal.SqlText.identifier(from.table()), List.of());
        List<List<Object>> source = queries.rows("SELECT * FROM " + dialect.queryFunction() + "(?, ?)",
                List.of(catalog, dialect.columnsQuery(from.schema(), from.table())));
        List<RemoteColumn> columns = new ArrayList<>();
        Map<String, Integer> scales = new HashMap<>();
        if (duck.size() == source.size()) {
            for (int i = 0; i < duck.size(); i++) {
                String name = (String) duck.get(i).get(0);
                String duckType = (String) duck.get(i).get(1);
                List<Object> s = source.get(i);
                if (!name.equals(s.get(0))) {
                    columns.clear(); // the source's table is not the one DuckDB read (another spelling)
                    break;
                }
                String flag = String.valueOf(s.get(3));
                Category category = flag.equals("n") ? Category.OTHER : dialect.category(duckType, String.valueOf(s.get(1)));
                columns.add(new RemoteColumn(name, duckType, category, "1".equals(String.valueOf(s.get(2))), flag.equals("1")));
                Matcher m = DECIMAL.matcher(duckType.replace(" ", ""));
                if (m.matches()) {
                    scales.put(name, Integer.parseInt(m.group(2)));
                }
            }
        }
        Table table = new Table(List.copyOf(columns), Map.copyOf(scales), now, System.nanoTime());
        synchronized (tables) {
            tables.put(key, table);
        }
        return columns.isEmpty() ? null : table;
    }
}
