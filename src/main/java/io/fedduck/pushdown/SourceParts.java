package io.fedduck.pushdown;

import static io.fedduck.pushdown.ParseTree.list;
import static io.fedduck.pushdown.ParseTree.object;
import static io.fedduck.pushdown.ParseTree.same;
import static io.fedduck.pushdown.ParseTree.string;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables of a statement that DuckDB runs (it reads several catalogs, or something no source computes as
 * DuckDB does), read from DuckDB's parse tree so that each table of a source can be read through a query of
 * its own that only asks for the columns the statement uses and the rows its conditions keep: the conditions
 * of the WHERE clause (and of an inner join's ON) that name one table only, and the ON conditions of a LEFT
 * JOIN that name only its right side. DuckDB still evaluates every condition as written, so a condition
 * sent to the source only saves rows.
 *
 * <p>Only a SELECT whose FROM is tables joined left-deep by INNER, LEFT or CROSS joins, with no subquery,
 * lambda, CTE or star modifier anywhere, and no column named with more than two parts; anything else is
 * empty. Which source runs what, and whether it runs it as DuckDB would, Pushdown and its planner decide.
 */
final class SourceParts {

    /**
     * One table of the FROM clause.
     *
     * @param catalog the catalog as written ("" for a bare name)
     * @param schema the schema as written ("" when not written)
     * @param binding the name its columns are qualified with (the alias, else the table's name)
     * @param aliased whether the statement gives it an alias
     * @param location where its name starts in the statement text, in UTF-8 bytes (DuckDB's query_location)
     * @param nullable the right side of a LEFT JOIN: no WHERE condition of it may be sent (NULL rows)
     * @param columns the names of its columns the statement may use, as written ("*" when it uses them all)
     * @param conditions conditions that name it alone and may be sent with it
     */
    record Table(String catalog, String schema, String table, String binding, boolean aliased, int location,
                 boolean nullable, Set<String> columns, List<Map<String, Object>> conditions) {
    }

    /** Every column of a table: a star names them. */
    static final String ALL = "*";

    private static final Set<String> REFUSED_CLASSES = Set.of("SUBQUERY", "LAMBDA", "LAMBDA_REF", "WINDOW");

    /** Aggregates whose value does not depend on the order rows arrive in, whatever they count. */
    private static final Set<String> COUNTS = Set.of("count", "count_star");

    /** Aggregates whose value does not depend on the order rows arrive in, unless they are of floating point. */
    private static final Set<String> EXACT_AGGREGATES = Set.of("min", "max", "sum", "avg");

    /**
     * Scalar functions and operators that give the same value for the same arguments, whatever else runs: a
     * statement calling any other function (an order-sensitive aggregate such as string_agg or first, a macro)
     * is left as it is.
     */
    private static final Set<String> SCALARS = Set.of("+", "-", "*", "/", "//", "%", "^", "**", "||", "~~", "!~~",
            "~~*", "!~~*", "abs", "sign", "round", "floor", "ceil", "ceiling", "trunc", "sqrt", "power", "pow", "mod",
            "ln", "log", "log10", "log2", "exp", "lower", "upper", "lcase", "ucase", "length", "len", "strlen",
            "substring", "substr", "trim", "ltrim", "rtrim", "concat", "concat_ws", "replace", "left", "right",
            "starts_with", "ends_with", "contains", "prefix", "suffix", "strpos", "position", "instr", "lpad", "rpad",
            "reverse", "repeat", "md5", "regexp_matches", "regexp_replace", "regexp_extract", "date_trunc",
            "datetrunc", "date_part", "datepart", "extract", "year", "month", "day", "hour", "minute", "second",
            "quarter", "week", "dayofweek", "dayofyear", "epoch", "strftime", "date_diff", "datediff", "date_sub",
            "datesub", "age", "make_date", "nullif", "ifnull", "greatest", "least", "to_days", "to_hours",
            "to_minutes", "to_seconds");

    private final List<Table> tables = new ArrayList<>();

    /**
     * Every condition of the statement: the WHERE clause and HAVING whole, each operand of a join's ON. DuckDB derives filters
     * of a table from any of them (a join key's equality with a filtered column, an OR over two tables) and
     * its PostgreSQL scan sends them to PostgreSQL.
     */
    private final List<Map<String, Object>> conditions = new ArrayList<>();

    /**
     * The columns (as their references' names) that an aggregate other than count reads, or that the rows are
     * grouped or made DISTINCT by: Pushdown requires each to be a column of a source's table whose type is
     * not floating point. Read through a source's query, a table's rows may arrive in another order than
     * DuckDB's own scan brings them; a floating-point sum's last bits, and which of -0.0 and 0.0 stands for
     * a group, depend on that order.
     */
    private final List<List<Object>> typedColumns = new ArrayList<>();

    /** The positions in {@link #typedColumns} of the columns a sum or avg adds up. */
    private final Set<Integer> summed = new java.util.HashSet<>();

    private SourceParts() {
    }

    /**
     * A statement's tables, and the columns that must not be of floating point (see {@link #typedColumns}),
     * each as the table it belongs to ({@code -1}: a bare name, the table that has it) and its name.
     */
    record Reading(List<Table> tables, List<ColumnOf> typedColumns, List<Map<String, Object>> conditions) {
    }

    /**
     * A column reference: the index of the table its qualifier binds (-1 for a bare name), its name, and
     * whether it is summed (sum, avg: a 128-bit sum of wide decimals overflows or not with the order).
     */
    record ColumnOf(int table, String name, boolean summed) {
    }

    /** The tables of the one statement {@code node} describes, or empty when it is not of this shape. */
    static Optional<Reading> read(Map<String, Object> node) {
        try {
            SourceParts parts = new SourceParts();
            if (!parts.select(node)) {
                return Optional.empty();
            }
            List<ColumnOf> typed = new ArrayList<>();
            for (int i = 0; i < parts.typedColumns.size(); i++) {
                List<Object> names = parts.typedColumns.get(i);
                List<Integer> of = parts.tablesOf(names);
                typed.add(new ColumnOf(names.size() == 2 && of.size() == 1 ? of.get(0) : -1, parts.column(names),
                        parts.summed.contains(i)));
            }
            return Optional.of(new Reading(List.copyOf(parts.tables), List.copyOf(typed), List.copyOf(parts.conditions)));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Where each table of a FROM clause of tables joined left-deep starts in the text (DuckDB's query_location,
     * UTF-8 bytes), in FROM order; empty for any other FROM.
     */
    static List<Integer> tableLocations(Map<String, Object> node) {
        List<Integer> locations = new ArrayList<>();
        try {
            Map<String, Object> ref = object(node.get("from_table"));
            List<Integer> reversed = new ArrayList<>();
            while ("JOIN".equals(ref.get("type"))) {
                Map<String, Object> right = object(ref.get("right"));
                if (!"BASE_TABLE".equals(right.get("type"))) {
                    return List.of();
                }
                reversed.add(((Number) right.get("query_location")).intValue());
                ref = object(ref.get("left"));
            }
            if (!"BASE_TABLE".equals(ref.get("type"))) {
                return List.of();
            }
            locations.add(((Number) ref.get("query_location")).intValue());
            for (int i = reversed.size() - 1; i >= 0; i--) {
                locations.add(reversed.get(i));
            }
            return List.copyOf(locations);
        } catch (ClassCastException | NullPointerException e) {
            return List.of();
        }
    }

    private boolean select(Map<String, Object> node) {
        if (!"SELECT_NODE".equals(node.get("type")) || !list(object(node.get("cte_map")).get("map")).isEmpty()) {
            return false;
        }
        if (!"STANDARD_HANDLING".equals(node.get("aggregate_handling"))) {
            return false; // GROUP BY ALL: its groups are not written
        }
        List<Map<String, Object>> onConditions = new ArrayList<>();
        from(object(node.get("from_table")), onConditions);
        if (!allowed(node) || !orderFree(node)) {
            return false;
        }
        collectColumns(node);
        for (String clause : List.of("where_clause", "having")) {
            if (node.get(clause) != null) {
                conditions.add(object(node.get(clause)));
            }
        }
        onConditions.forEach(on -> conditions.add(object(on.get("condition"))));
        if (node.get("where_clause") != null) {
            for (Map<String, Object> condition : conjuncts(object(node.get("where_clause")))) {
                attach(condition, false);
            }
        }
        for (Map<String, Object> on : onConditions) {
            attach(on, true);
        }
        return true;
    }

    /**
     * The tables of a FROM clause, left to right; the ON conditions that may go to one table are added to
     * {@code onConditions}, each marked with the table index it may go to ({@code fedduck_table}).
     */
    private void from(Map<String, Object> ref, List<Map<String, Object>> onConditions) {
        String type = string(ref.get("type"));
        if ("BASE_TABLE".equals(type)) {
            if (!tables.isEmpty()) {
                throw new IllegalArgumentException("a table after the first outside a join");
            }
            tables.add(table(ref, false));
            return;
        }
        if (!string(ref.get("alias")).isEmpty() || ref.get("sample") != null) {
            throw new IllegalArgumentException("a join with an alias or a sample");
        }
        String kind = ParseTree.joinKind(ref);
        from(object(ref.get("left")), onConditions);
        boolean left = "LEFT".equals(kind);
        tables.add(table(object(ref.get("right")), left));
        if (!"CROSS".equals(kind)) {
            for (Map<String, Object> condition : conjuncts(object(ref.get("condition")))) {
                // an inner join's condition filters either side; a LEFT JOIN's only its right side
                onConditions.add(Map.of("condition", condition, "only", left ? tables.size() - 1 : -1));
            }
        }
    }

    private static Table table(Map<String, Object> ref, boolean nullable) {
        if (!list(ref.get("column_name_alias")).isEmpty() || ref.get("sample") != null || ref.get("at_clause") != null) {
            throw new IllegalArgumentException("a table with column aliases, a sample or AT");
        }
        String alias = string(ref.get("alias"));
        String name = string(ref.get("table_name"));
        return new Table(string(ref.get("catalog_name")), string(ref.get("schema_name")), name,
                alias.isEmpty() ? name : alias, !alias.isEmpty(), ((Number) ref.get("query_location")).intValue(),
                nullable, new LinkedHashSet<>(), new ArrayList<>());
    }

    /** No subquery, lambda or star modifier anywhere, and no column named with more than two parts. */
    private static boolean allowed(Object value) {
        for (Map<String, Object> node : ParseTree.nodes(value)) {
            Object cls = node.get("class");
            if (cls instanceof String c && REFUSED_CLASSES.contains(c)
                    || "COLUMN_REF".equals(cls) && list(node.get("column_names")).size() > 2
                    || "STAR".equals(cls) && (!list(node.get("exclude_list")).isEmpty()
                            || !list(node.get("replace_list")).isEmpty() || !list(node.get("rename_list")).isEmpty()
                            || Boolean.TRUE.equals(node.get("columns")) || node.get("expr") != null
                            || !list(node.get("qualified_exclude_list")).isEmpty())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the statement's answer is the same in whatever order a table's rows arrive, given that the
     * columns noted in {@link #typedColumns} are not of floating point: only {@link #COUNTS},
     * {@link #EXACT_AGGREGATES} of a plain column, and {@link #SCALARS}; groups and DISTINCT of plain columns.
     */
    private boolean orderFree(Map<String, Object> node) {
        if (!functionsOrderFree(node)) {
            return false;
        }
        for (Object group : list(node.get("group_expressions"))) {
            Map<String, Object> g = object(group);
            if (!"COLUMN_REF".equals(g.get("class"))) {
                return false;
            }
            typedColumns.add(list(g.get("column_names")));
        }
        for (Object m : list(node.get("modifiers"))) {
            if ("DISTINCT_MODIFIER".equals(object(m).get("type"))) {
                if (!list(object(m).get("distinct_on_targets")).isEmpty()) {
                    return false;
                }
                for (Object item : list(node.get("select_list"))) {
                    Map<String, Object> e = object(item);
                    if (!"COLUMN_REF".equals(e.get("class"))) {
                        return false; // a star or an expression: its types are not known here
                    }
                    typedColumns.add(list(e.get("column_names")));
                }
            }
        }
        return true;
    }

    private boolean functionsOrderFree(Object value) {
        for (Map<String, Object> node : ParseTree.nodes(value)) {
            if (!"FUNCTION".equals(node.get("class"))) {
                continue;
            }
            String name = string(node.get("function_name")).toLowerCase(Locale.ROOT);
            if (!string(node.get("schema")).isEmpty() || !string(node.get("catalog")).isEmpty()
                    || Boolean.TRUE.equals(node.get("export_state"))) {
                return false;
            }
            if (EXACT_AGGREGATES.contains(name)) {
                List<Object> children = list(node.get("children"));
                if (children.size() != 1 || !"COLUMN_REF".equals(object(children.get(0)).get("class"))) {
                    return false;
                }
                if (name.equals("sum") || name.equals("avg")) {
                    summed.add(typedColumns.size());
                }
                typedColumns.add(list(object(children.get(0)).get("column_names")));
            } else if (!COUNTS.contains(name) && !SCALARS.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** Notes every column the statement names, and every star, with the tables they may belong to. */
    private void collectColumns(Object value) {
        for (Map<String, Object> node : ParseTree.nodes(value)) {
            Object cls = node.get("class");
            if ("COLUMN_REF".equals(cls)) {
                for (int t : tablesOf(list(node.get("column_names")))) {
                    tables.get(t).columns().add(column(list(node.get("column_names"))));
                }
            } else if ("STAR".equals(cls)) {
                String relation = string(node.get("relation_name"));
                for (int t = 0; t < tables.size(); t++) {
                    if (relation.isEmpty() || same(relation, tables.get(t).binding())) {
                        tables.get(t).columns().add(ALL);
                    }
                }
            }
        }
    }

    /**
     * The tables a column name may belong to: the one its qualifier binds; for a bare name (or a struct field
     * {@code s.f} whose first part binds no table) every table, the planner then keeps the tables that have it.
     */
    private List<Integer> tablesOf(List<Object> names) {
        if (names.size() == 2) {
            for (int t = 0; t < tables.size(); t++) {
                if (same(string(names.get(0)), tables.get(t).binding())) {
                    return List.of(t);
                }
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int t = 0; t < tables.size(); t++) {
            all.add(t);
        }
        return all;
    }

    /** The column a reference names: its last part, or for a struct field whose first part binds no table, its first. */
    private String column(List<Object> names) {
        if (names.size() == 2 && tables.stream().noneMatch(t -> same(string(names.get(0)), t.binding()))) {
            return string(names.get(0));
        }
        return string(names.get(names.size() - 1));
    }

    /**
     * Gives a condition to the table it names: the one its qualified columns bind; with bare column names
     * only, every table, and the planner keeps it for the one table that has those columns (a name two tables
     * have is ambiguous in DuckDB: the statement's DESCRIBE, compared before anything runs, fails). Not to a
     * LEFT JOIN's right side, whose rows the join makes up with NULLs, except from that join's own ON.
     */
    private void attach(Map<String, Object> entry, boolean on) {
        Map<String, Object> condition = on ? object(entry.get("condition")) : entry;
        int only = on ? ((Number) entry.get("only")).intValue() : -1;
        Set<Integer> named = new LinkedHashSet<>();
        boolean bare = namedTables(condition, named);
        List<Integer> targets = new ArrayList<>(named);
        if (named.isEmpty() && bare) {
            targets = tablesOf(List.of());
        }
        if (targets.size() != 1 && !(named.isEmpty() && bare)) {
            return; // a condition of two tables, or of none
        }
        for (int t : targets) {
            if (only >= 0 ? t == only : !tables.get(t).nullable()) {
                tables.get(t).conditions().add(condition);
            }
        }
    }

    /** Adds the tables a condition's qualified columns bind; true when it also has a bare column name. */
    private boolean namedTables(Object value, Set<Integer> named) {
        boolean bare = false;
        for (Map<String, Object> node : ParseTree.nodes(value)) {
            if ("COLUMN_REF".equals(node.get("class"))) {
                List<Object> names = list(node.get("column_names"));
                List<Integer> of = tablesOf(names);
                if (names.size() == 2 && of.size() == 1) {
                    named.add(of.get(0));
                } else {
                    bare = true;
                }
            }
        }
        return bare;
    }

    /**
     * The names of the columns a condition may read of the table bound as {@code binding}: those qualified with
     * it, and the bare ones (and a struct field's column).
     */
    static Set<String> columnNames(Object value, String binding) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> node : ParseTree.nodes(value)) {
            if ("COLUMN_REF".equals(node.get("class"))) {
                List<Object> parts = list(node.get("column_names"));
                names.add(string(parts.get(parts.size() == 1 || !same(string(parts.get(0)), binding) ? 0 : 1)));
            }
        }
        return names;
    }

    /** The operands of a top-level AND, or the condition itself. */
    private static List<Map<String, Object>> conjuncts(Map<String, Object> condition) {
        if ("CONJUNCTION".equals(condition.get("class")) && "CONJUNCTION_AND".equals(condition.get("type"))) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Object child : list(condition.get("children"))) {
                all.addAll(conjuncts(object(child)));
            }
            return all;
        }
        return List.of(condition);
    }
}
