package io.fedduck.pushdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The second way of pushdown, for a statement that no source runs whole: each of its PostgreSQL or MySQL
 * tables with conditions of its own is read through a query of its source that asks only for the columns
 * the statement uses and the rows those conditions keep (docs/pushdown.md, "Cross-source statements").
 * Pushdown resolves the tables and keeps the plans; this class decides what may be sent and writes the
 * statement DuckDB then runs.
 */
final class FilteredReads {
    private FilteredReads() {
    }

    /**
     * Whether every column that an aggregate reads, or that groups or DISTINCT use, is a source table's column
     * of a type whose equal values look alike ({@link #EXACT_TYPES}; a summed one also of {@link #SMALL_SUMS}):
     * then the answer does not depend on the order rows arrive in.
     */
    static boolean orderFree(List<SourceParts.ColumnOf> typedColumns, List<Pushdown.Table> columns) {
        for (SourceParts.ColumnOf typed : typedColumns) {
            List<RemoteColumn> found = new ArrayList<>();
            for (int t = 0; t < columns.size(); t++) {
                if (typed.table() >= 0 && typed.table() != t) {
                    continue;
                }
                if (columns.get(t) == null) {
                    return false; // a table whose columns are not known here (local, SQLite, unattached)
                }
                columns.get(t).columns().stream().filter(c -> c.name().equalsIgnoreCase(typed.name())).forEach(found::add);
            }
            if (found.size() != 1) {
                return false;
            }
            String type = found.get(0).duckType().toUpperCase(java.util.Locale.ROOT);
            if (!EXACT_TYPES.matcher(type).matches() || typed.summed() && !SMALL_SUMS.matcher(type).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The statement with each source table that has conditions to send read through its source's query;
     * empty when none has. Whether it still DESCRIBEs like the original, Pushdown checks.
     */
    static Optional<Pushdown.Pushed> rewritten(String sql, List<Rewrite> sources, List<Pushdown.Table> columns,
                                               List<Map<String, Object>> conditions) {
        List<String> sourceSql = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        io.fedduck.sql.ParsedSql text = io.fedduck.sql.ParsedSql.of(sql);
        for (int i = 0; i < sources.size(); i++) {
            Rewrite rewrite = sources.get(i);
            if (rewrite == null || columns.get(i) == null || rewrite.table().conditions().isEmpty()) {
                continue;
            }
            SourceParts.Table part = rewrite.table();
            SelectTree.From from = new SelectTree.From(rewrite.schema(), part.table(), "", false, null);
            if (!comparedAlike(rewrite, columns.get(i), conditions)) {
                continue;
            }
            Optional<PushdownPlanner.Plan[]> plan = filteredRead(rewrite, from, columns.get(i));
            int start = charOffset(sql, part.location());
            int end = start < 0 ? -1 : text.endOfDottedName(start);
            if (plan.isEmpty() || end < 0) {
                continue;
            }
            sourceSql.add(plan.get()[0].sourceSql());
            masked.add(plan.get()[1].sourceSql());
            spans.add(new int[] {start, end});
            replacements.add("(" + plan.get()[0].duckDbSql() + ")"
                    + (part.aliased() ? "" : " AS " + io.fedduck.internal.SqlText.identifier(part.binding())));
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder rewritten = new StringBuilder(sql);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(spans.get(b)[0], spans.get(a)[0])); // from the end: offsets hold
        for (int i : order) {
            rewritten.replace(spans.get(i)[0], spans.get(i)[1], replacements.get(i));
        }
        return Optional.of(new Pushdown.Pushed(null, String.join(";\n", sourceSql), rewritten.toString(),
                String.join(";\n", masked)));
    }

    /**
     * Types whose equal values look alike: a group, DISTINCT, min or max of them is the same whichever row
     * comes first. Not floating point (-0.0 and 0.0; sums differ in the last bits), not INTERVAL ('1 day' and
     * '24 hours' are equal), not TIME WITH TIME ZONE, nor anything nested.
     */
    private static final Pattern EXACT_TYPES = Pattern.compile("BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT"
            + "|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL\\(\\d+,\\s*\\d+\\)|VARCHAR|DATE|TIME"
            + "|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE|UUID|BLOB");

    /**
     * Types whose sum DuckDB adds up without overflow in any order: integers up to 64 bits and decimals of at
     * most 18 digits (into 128 bits); a sum of wider decimals or of HUGEINTs fails or not with the order of
     * the additions (the fifth attack review).
     */
    private static final Pattern SMALL_SUMS = Pattern.compile("TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT"
            + "|UINTEGER|UBIGINT|DECIMAL\\(([1-9]|1[0-8]),\\s*\\d+\\)");

    /** A table of a statement to read through its source, resolved: its catalog as attached and its schema. */
    record Rewrite(SourceParts.Table table, String catalog, String schema, PushdownDialect dialect) {
    }

    /**
     * The plan (and its masked twin) of reading one table's used columns filtered by those of its conditions
     * the source computes as DuckDB does (each tried alone first); empty when none is.
     */
    private static Optional<PushdownPlanner.Plan[]> filteredRead(Rewrite rewrite, SelectTree.From from, Pushdown.Table table) {
        SourceParts.Table part = rewrite.table();
        List<SelectTree.Item> items = new ArrayList<>();
        List<PushdownPlanner.Output> outputs = new ArrayList<>();
        for (RemoteColumn column : table.columns()) {
            boolean used = part.columns().stream().anyMatch(name -> name.equals(SourceParts.ALL)
                    || name.toLowerCase(java.util.Locale.ROOT).equals(column.name().toLowerCase(java.util.Locale.ROOT)));
            if (used) {
                items.add(new SelectTree.Item(new Expr.Column(0, column.name()), ""));
                outputs.add(new PushdownPlanner.Output(column.name(), column.duckType()));
            }
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<PushdownPlanner.Table> tables = List.of(new PushdownPlanner.Table(table.columns(), table.scales()));
        List<Expr> sent = new ArrayList<>();
        for (Map<String, Object> condition : part.conditions()) {
            Optional<Expr> expr = SelectTree.condition(condition, part.binding());
            if (expr.isPresent() && read(rewrite, from, tables, items, outputs, expr.get(), false).isPresent()) {
                sent.add(expr.get());
            }
        }
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        Expr where = sent.size() == 1 ? sent.get(0) : new Expr.Junction(true, List.copyOf(sent));
        Optional<PushdownPlanner.Plan> plan = read(rewrite, from, tables, items, outputs, where, false);
        Optional<PushdownPlanner.Plan> maskedPlan = read(rewrite, from, tables, items, outputs, where, true);
        return plan.isPresent() && maskedPlan.isPresent()
                ? Optional.of(new PushdownPlanner.Plan[] {plan.get(), maskedPlan.get()}) : Optional.empty();
    }

    /**
     * Whether the table's rows are kept as before once it is read through a query: DuckDB's own scan of a
     * PostgreSQL table sends PostgreSQL the filters DuckDB has for it (its own conditions, and those DuckDB
     * derives from join keys and from ORs over several tables), and PostgreSQL compares a {@code char(n)}
     * without its padding, text in its collation and a numeric NaN as NaN; read through a query, DuckDB
     * compares instead. So every column of the table that any condition of the statement names must be of a
     * kind both engines compare alike. (The mysql extension's filters are off: MySQL never decides.)
     */
    private static boolean comparedAlike(Rewrite rewrite, Pushdown.Table table, List<Map<String, Object>> conditions) {
        if (!rewrite.dialect().scanSendsFilters()) {
            return true;
        }
        for (Map<String, Object> condition : conditions) {
            for (String name : SourceParts.columnNames(condition, rewrite.table().binding())) {
                for (RemoteColumn column : table.columns()) {
                    if (column.name().equalsIgnoreCase(name) && !comparesAlike(column)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A column that PostgreSQL and DuckDB compare alike with any operator: integers, dates, timestamps, booleans, C text. */
    private static boolean comparesAlike(RemoteColumn column) {
        return switch (column.category()) {
            case INTEGER, DATE, TIMESTAMP, BOOLEAN -> true;
            case TEXT -> column.bytewise();
            default -> false;
        };
    }

    private static Optional<PushdownPlanner.Plan> read(Rewrite rewrite, SelectTree.From from, List<PushdownPlanner.Table> tables,
                                                       List<SelectTree.Item> items, List<PushdownPlanner.Output> outputs,
                                                       Expr where, boolean masked) {
        SelectTree tree = new SelectTree(rewrite.catalog(), List.of(from), items, where, List.of(), null, false,
                List.of(), null, null);
        try {
            return Optional.of(new PushdownPlanner(rewrite.dialect(), rewrite.catalog(), tables, masked)
                    .plan(tree, outputs, OrderDefaults.DUCKDB, 0));
        } catch (PushdownPlanner.NotPushable e) {
            return Optional.empty();
        }
    }

    /** The character offset of UTF-8 byte offset {@code bytes} of {@code text} (DuckDB counts bytes); -1 past the end. */
    static int charOffset(String text, int bytes) {
        int counted = 0;
        for (int i = 0; i < text.length(); i++) {
            if (counted == bytes) {
                return i;
            }
            if (counted > bytes) {
                return -1;
            }
            int c = text.codePointAt(i);
            counted += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (Character.isSupplementaryCodePoint(c)) {
                i++;
            }
        }
        return counted == bytes ? text.length() : -1;
    }
}
