package io.fedduck.pushdown;

import static io.fedduck.pushdown.ParseTree.list;
import static io.fedduck.pushdown.ParseTree.object;
import static io.fedduck.pushdown.ParseTree.same;
import static io.fedduck.pushdown.ParseTree.string;

import io.fedduck.sql.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A SELECT that pushdown may hand to its source, read from DuckDB's own parse tree ({@code json_serialize_sql}):
 * one statement reading base tables of one catalog, each written with that catalog ({@code c.s.t}, or
 * {@code c.t} for the catalog's default schema, one form for all), joined (if more than one) by INNER, LEFT or CROSS joins with ON conditions, and only the constructs of {@link Expr} in the
 * select list, ON, WHERE, GROUP BY and ORDER BY, with constant LIMIT and OFFSET. Whether the source gives
 * these the same meaning as DuckDB is decided later, per column type ({@link PushdownPlanner}); this class
 * only reads the shape. Anything it does not know makes it empty.
 */
record SelectTree(String catalog, List<From> from, List<Item> items, Expr where, List<Expr> groupBy,
                  Expr having, boolean distinct, List<Order> orders, Long limit, Long offset) {

    /**
     * One table of the FROM clause, in order: its schema ("" when written {@code catalog.table}: the catalog's
     * default schema, as the session resolves it, see {@link #withDefaultSchema}), name and alias ("" when
     * none); for every table
     * after the first, whether it is the right side of a LEFT JOIN ({@code outer}: its columns are NULL in
     * rows without a match) and its join condition ({@code on}, null for a CROSS join).
     */
    record From(String schema, String table, String alias, boolean outer, Expr on) {
        /** The name its columns are qualified with in the statement. */
        String binding() {
            return alias.isEmpty() ? table : alias;
        }
    }

    /**
     * One select-list entry: an expression with its alias ("" when none), or {@code *} (expr null) of every
     * table ({@code starTable} -1) or of one ({@code t.*}: that table's 0-based position).
     */
    record Item(Expr expr, String alias, int starTable) {
        Item(Expr expr, String alias) {
            this(expr, alias, -1);
        }

        boolean isStar() {
            return expr == null;
        }
    }

    /** One ORDER BY key: an expression, or the 1-based position of a select-list entry (expr null). */
    record Order(Expr expr, int position, Boolean descending, Boolean nullsFirst) {
    }

    /** Whether its tables are written {@code catalog.table}, so that their schema is the catalog's default one. */
    boolean namesDefaultSchema() {
        return from.get(0).schema().isEmpty();
    }

    /** The same tree with {@code schema} for the tables written {@code catalog.table}. */
    SelectTree withDefaultSchema(String schema) {
        List<From> resolved = from.stream().map(f -> f.schema().isEmpty()
                ? new From(schema, f.table(), f.alias(), f.outer(), f.on()) : f).toList();
        return new SelectTree(catalog, resolved, items, where, groupBy, having, distinct, orders, limit, offset);
    }

    /** The same tree with the catalog spelled as attached. */
    SelectTree inCatalog(String attachedName) {
        return new SelectTree(attachedName, from, items, where, groupBy, having, distinct, orders, limit, offset);
    }

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg");

    /** The tree of the one statement {@code serialized} holds, or empty when it is not of this shape. */
    static Optional<SelectTree> read(String serialized) {
        try {
            Map<String, Object> node = JsonValue.onlyStatementNode(serialized);
            return node == null ? Optional.empty() : Optional.ofNullable(new Reader().select(node));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | ArithmeticException e) {
            return Optional.empty(); // a shape this reading does not know is not pushed
        }
    }

    /**
     * One condition over the columns of one table, bound in the statement as {@code binding} (its alias, or
     * its name): as an {@link Expr} whose columns name table 0, or empty when it is not of this shape.
     */
    static Optional<Expr> condition(Map<String, Object> node, String binding) {
        Reader reader = new Reader();
        reader.catalogName = "";
        reader.tables.add(new From("", binding, "", false, null));
        try {
            return Optional.of(reader.expr(node));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static final class Reader {
        private String catalogName;
        private final List<From> tables = new ArrayList<>();

        SelectTree select(Map<String, Object> node) {
            if (!"SELECT_NODE".equals(node.get("type")) || !list(object(node.get("cte_map")).get("map")).isEmpty()
                    || !plainGrouping(node) || node.get("qualify") != null
                    || node.get("sample") != null || "FORCE_AGGREGATES".equals(node.get("aggregate_handling"))) {
                return null;
            }
            from(object(node.get("from_table")));
            List<Item> items = new ArrayList<>();
            for (Object entry : list(node.get("select_list"))) {
                Map<String, Object> e = object(entry);
                if ("STAR".equals(e.get("class"))) {
                    if (!plainStar(e)) {
                        return null;
                    }
                    String relation = string(e.get("relation_name"));
                    items.add(new Item(null, "", relation.isEmpty() ? -1 : binding(relation)));
                } else {
                    items.add(new Item(expr(e), string(e.get("alias"))));
                }
            }
            Expr where = node.get("where_clause") == null ? null : expr(object(node.get("where_clause")));
            List<Expr> groupBy = new ArrayList<>();
            for (Object g : list(node.get("group_expressions"))) {
                groupBy.add(expr(object(g)));
            }
            Expr having = node.get("having") == null ? null : expr(object(node.get("having")));
            boolean distinct = false;
            List<Order> orders = List.of();
            Long limit = null;
            Long offset = null;
            for (Object m : list(node.get("modifiers"))) {
                Map<String, Object> modifier = object(m);
                switch (string(modifier.get("type"))) {
                    case "DISTINCT_MODIFIER" -> {
                        if (!list(modifier.get("distinct_on_targets")).isEmpty() || distinct) {
                            return null; // DISTINCT ON
                        }
                        distinct = true;
                    }
                    case "ORDER_MODIFIER" -> {
                        if (!orders.isEmpty() || limit != null || offset != null) {
                            return null; // an ORDER BY after a LIMIT is another query
                        }
                        orders = orders(list(modifier.get("orders")));
                    }
                    case "LIMIT_MODIFIER" -> {
                        if (limit != null || offset != null) {
                            return null;
                        }
                        limit = count(modifier.get("limit"));
                        offset = count(modifier.get("offset"));
                    }
                    default -> {
                        return null; // LIMIT PERCENT and modifiers this reading does not know
                    }
                }
            }
            if (items.isEmpty()) {
                return null;
            }
            return new SelectTree(catalogName, List.copyOf(tables), List.copyOf(items), where,
                    List.copyOf(groupBy), having, distinct, orders, limit, offset);
        }

        /** The tables of a FROM clause, left to right: base tables, joined left-deep. */
        private void from(Map<String, Object> ref) {
            String type = string(ref.get("type"));
            if (ref.get("sample") != null || !string(ref.get("alias")).isEmpty() && !"BASE_TABLE".equals(type)) {
                throw new IllegalArgumentException("a FROM entry with a sample or an alias of a join");
            }
            if ("BASE_TABLE".equals(type)) {
                if (!tables.isEmpty()) {
                    throw new IllegalArgumentException("a table after the first outside a join");
                }
                tables.add(table(ref, false, null));
                return;
            }
            String kind = ParseTree.joinKind(ref);
            from(object(ref.get("left")));
            From added = table(object(ref.get("right")), "LEFT".equals(kind), null);
            tables.add(added);
            if (!"CROSS".equals(kind)) {
                // read once the right table is known: the condition names it and the tables before it
                Expr on = expr(object(ref.get("condition")));
                tables.set(tables.size() - 1, new From(added.schema(), added.table(), added.alias(), added.outer(), on));
            }
        }

        private From table(Map<String, Object> ref, boolean outer, Expr on) {
            if (!list(ref.get("column_name_alias")).isEmpty() || ref.get("sample") != null || ref.get("at_clause") != null) {
                throw new IllegalArgumentException("a table with column aliases, a sample or AT");
            }
            String catalog = string(ref.get("catalog_name"));
            String schema = string(ref.get("schema_name"));
            String table = string(ref.get("table_name"));
            if (catalog.isEmpty() && !schema.isEmpty()) {
                // c.t: DuckDB's parser calls the first part a schema; it names catalog c when the session has
                // no schema of that name (Pushdown asks the session before anything is pushed)
                catalog = schema;
                schema = "";
            }
            if (catalog.isEmpty() || table.isEmpty()) {
                throw new IllegalArgumentException("a bare table name depends on the search path");
            }
            if (catalogName == null) {
                catalogName = catalog;
            } else if (!same(catalogName, catalog)) {
                throw new IllegalArgumentException("tables of two catalogs");
            }
            if (!tables.isEmpty() && tables.get(0).schema().isEmpty() != schema.isEmpty()) {
                throw new IllegalArgumentException("tables written c.t and c.s.t in one statement");
            }
            return new From(schema, table, string(ref.get("alias")), outer, on);
        }

        /** No GROUP BY, or one grouping set of every group expression (not ROLLUP, CUBE, GROUPING SETS). */
        private static boolean plainGrouping(Map<String, Object> node) {
            List<Object> sets = list(node.get("group_sets"));
            int expressions = list(node.get("group_expressions")).size();
            if (sets.isEmpty()) {
                return expressions == 0;
            }
            if (sets.size() != 1 || list(sets.get(0)).size() != expressions) {
                return false;
            }
            for (int i = 0; i < expressions; i++) {
                if (((java.math.BigDecimal) list(sets.get(0)).get(i)).intValueExact() != i) {
                    return false;
                }
            }
            return true;
        }

        /** {@code *} or {@code t.*}, without EXCLUDE, REPLACE, RENAME or COLUMNS(...). */
        private static boolean plainStar(Map<String, Object> e) {
            return Boolean.FALSE.equals(e.get("columns")) && e.get("expr") == null
                    && list(e.get("exclude_list")).isEmpty() && list(e.get("replace_list")).isEmpty()
                    && empty(e.get("rename_list")) && empty(e.get("qualified_exclude_list"));
        }

        /** The position of the one table whose alias, or name when it has none, is {@code name}. */
        private int binding(String name) {
            int found = -1;
            for (int i = 0; i < tables.size(); i++) {
                if (same(name, tables.get(i).binding())) {
                    if (found >= 0) {
                        throw new IllegalArgumentException("a qualifier that names two tables");
                    }
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("a qualifier that names no table");
            }
            return found;
        }

        private List<Order> orders(List<Object> entries) {
            List<Order> orders = new ArrayList<>();
            for (Object entry : entries) {
                Map<String, Object> order = object(entry);
                Boolean descending = switch (string(order.get("type"))) {
                    case "ASCENDING" -> false;
                    case "DESCENDING" -> true;
                    case "ORDER_DEFAULT" -> null;
                    default -> throw new IllegalArgumentException("order type");
                };
                Boolean nullsFirst = switch (string(order.get("null_order"))) {
                    case "NULLS FIRST", "NULLS_FIRST" -> true;
                    case "NULLS LAST", "NULLS_LAST" -> false;
                    case "ORDER_DEFAULT" -> null;
                    default -> throw new IllegalArgumentException("null order");
                };
                Map<String, Object> e = object(order.get("expression"));
                Expr key = expr(e);
                if (key instanceof Expr.Constant c) {
                    if (!"INTEGER".equals(c.kind()) || !(c.value() instanceof BigDecimal n) || n.signum() <= 0) {
                        throw new IllegalArgumentException("ORDER BY constant");
                    }
                    orders.add(new Order(null, n.intValueExact(), descending, nullsFirst));
                } else {
                    orders.add(new Order(key, 0, descending, nullsFirst));
                }
            }
            return List.copyOf(orders);
        }

        private Long count(Object value) {
            if (value == null) {
                return null;
            }
            Expr e = expr(object(value));
            if (e instanceof Expr.Constant c && c.value() instanceof BigDecimal n && c.scale() == 0
                    && ("INTEGER".equals(c.kind()) || "BIGINT".equals(c.kind())) && n.signum() >= 0) {
                return n.longValueExact();
            }
            throw new IllegalArgumentException("LIMIT or OFFSET that is not a constant count");
        }

        Expr expr(Map<String, Object> e) {
            String cls = string(e.get("class"));
            String type = string(e.get("type"));
            switch (cls) {
                case "COLUMN_REF":
                    return column(list(e.get("column_names")));
                case "CONSTANT":
                    return constant(object(e.get("value")));
                case "CAST":
                    return typedText(e);
                case "COMPARISON":
                    return new Expr.Comparison(comparison(type), expr(object(e.get("left"))),
                            expr(object(e.get("right"))));
                case "CONJUNCTION": {
                    List<Expr> children = new ArrayList<>();
                    for (Object c : list(e.get("children"))) {
                        children.add(expr(object(c)));
                    }
                    if (children.size() < 2) {
                        throw new IllegalArgumentException("conjunction");
                    }
                    return switch (type) {
                        case "CONJUNCTION_AND" -> new Expr.Junction(true, List.copyOf(children));
                        case "CONJUNCTION_OR" -> new Expr.Junction(false, List.copyOf(children));
                        default -> throw new IllegalArgumentException(type);
                    };
                }
                case "OPERATOR": {
                    List<Expr> children = new ArrayList<>();
                    for (Object c : list(e.get("children"))) {
                        children.add(expr(object(c)));
                    }
                    return switch (type) {
                        case "OPERATOR_NOT" -> new Expr.Not(only(children));
                        case "OPERATOR_IS_NULL" -> new Expr.IsNull(only(children), false);
                        case "OPERATOR_IS_NOT_NULL" -> new Expr.IsNull(only(children), true);
                        case "COMPARE_IN", "COMPARE_NOT_IN" -> {
                            if (children.size() < 2) {
                                throw new IllegalArgumentException("IN");
                            }
                            yield new Expr.In(children.get(0), List.copyOf(children.subList(1, children.size())),
                                    type.equals("COMPARE_NOT_IN"));
                        }
                        default -> throw new IllegalArgumentException(type);
                    };
                }
                case "BETWEEN":
                    return new Expr.Between(expr(object(e.get("input"))), expr(object(e.get("lower"))),
                            expr(object(e.get("upper"))));
                case "FUNCTION":
                    return aggregate(e);
                default:
                    throw new IllegalArgumentException(cls);
            }
        }

        private static Expr only(List<Expr> children) {
            if (children.size() != 1) {
                throw new IllegalArgumentException("operator arity");
            }
            return children.get(0);
        }

        private static String comparison(String type) {
            return switch (type) {
                case "COMPARE_EQUAL" -> "=";
                case "COMPARE_NOTEQUAL" -> "<>";
                case "COMPARE_LESSTHAN" -> "<";
                case "COMPARE_GREATERTHAN" -> ">";
                case "COMPARE_LESSTHANOREQUALTO" -> "<=";
                case "COMPARE_GREATERTHANOREQUALTO" -> ">=";
                default -> throw new IllegalArgumentException(type); // IS DISTINCT FROM and others
            };
        }

        private Expr aggregate(Map<String, Object> e) {
            String name = string(e.get("function_name")).toLowerCase(Locale.ROOT);
            if (!string(e.get("schema")).isEmpty() || !string(e.get("catalog")).isEmpty() || e.get("filter") != null
                    || !list(object(e.get("order_bys")).get("orders")).isEmpty()
                    || Boolean.TRUE.equals(e.get("export_state")) || Boolean.TRUE.equals(e.get("is_operator"))) {
                throw new IllegalArgumentException("function form");
            }
            List<Object> children = list(e.get("children"));
            boolean distinct = Boolean.TRUE.equals(e.get("distinct"));
            if (name.equals("count_star") && children.isEmpty() && !distinct) {
                return new Expr.Aggregate("count", null, false);
            }
            if (!AGGREGATES.contains(name) || children.size() != 1) {
                throw new IllegalArgumentException("function " + name);
            }
            Expr argument = expr(object(children.get(0)));
            if (!(argument instanceof Expr.Column)) {
                throw new IllegalArgumentException("aggregate of an expression");
            }
            return new Expr.Aggregate(name, argument, distinct);
        }

        /** A column reference: the table it names is resolved here, an unqualified name by the planner. */
        private Expr column(List<Object> names) {
            List<String> parts = new ArrayList<>();
            for (Object n : names) {
                parts.add(string(n));
            }
            int n = parts.size();
            if (n == 1) {
                return new Expr.Column(-1, parts.get(0));
            }
            int found = -1;
            for (int i = 0; i < tables.size(); i++) {
                From t = tables.get(i);
                boolean named = switch (n) {
                    case 2 -> same(parts.get(0), t.binding());
                    // a table written c.t: DuckDB also takes c.t.col and s.t.col; not pushed, not needed
                    case 3 -> t.alias().isEmpty() && !t.schema().isEmpty() && same(parts.get(0), t.schema())
                            && same(parts.get(1), t.table());
                    case 4 -> t.alias().isEmpty() && !t.schema().isEmpty() && same(parts.get(0), catalogName)
                            && same(parts.get(1), t.schema()) && same(parts.get(2), t.table());
                    default -> false;
                };
                if (named) {
                    if (found >= 0) {
                        throw new IllegalArgumentException("a qualifier that names two tables");
                    }
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("a column reference that is not a plain column of a table");
            }
            return new Expr.Column(found, parts.get(n - 1));
        }

        private static Expr constant(Map<String, Object> value) {
            if (Boolean.TRUE.equals(value.get("is_null"))) {
                return new Expr.Constant(null, null, 0);
            }
            Map<String, Object> type = object(value.get("type"));
            String id = string(type.get("id"));
            Object v = value.get("value");
            return switch (id) {
                case "INTEGER", "BIGINT" -> new Expr.Constant(id, (BigDecimal) v, 0);
                case "DECIMAL" -> {
                    int scale = ((BigDecimal) object(type.get("type_info")).get("scale")).intValueExact();
                    yield new Expr.Constant(id, ((BigDecimal) v).movePointLeft(scale), scale);
                }
                case "DOUBLE" -> new Expr.Constant(id, (BigDecimal) v, 0);
                case "VARCHAR" -> new Expr.Constant(id, (String) v, 0);
                default -> throw new IllegalArgumentException("constant of type " + id); // HUGEINT, BLOB, ...
            };
        }

        private static Expr typedText(Map<String, Object> e) {
            if (Boolean.TRUE.equals(e.get("try_cast"))) {
                throw new IllegalArgumentException("TRY_CAST");
            }
            Map<String, Object> child = object(e.get("child"));
            String target = string(object(e.get("cast_type")).get("id"));
            if (!"CONSTANT".equals(child.get("class")) || !(constant(object(child.get("value"))) instanceof
                    Expr.Constant c) || !"VARCHAR".equals(c.kind())) {
                throw new IllegalArgumentException("a cast that is not of a literal");
            }
            return switch (target) {
                case "DATE", "TIMESTAMP" -> new Expr.TypedText(target, (String) c.value());
                case "BOOLEAN" -> switch (((String) c.value()).toLowerCase(Locale.ROOT)) {
                    case "t", "true" -> new Expr.Constant("BOOLEAN", Boolean.TRUE, 0);
                    case "f", "false" -> new Expr.Constant("BOOLEAN", Boolean.FALSE, 0);
                    default -> throw new IllegalArgumentException("boolean literal");
                };
                default -> throw new IllegalArgumentException("cast to " + target);
            };
        }
    }

    private static boolean empty(Object value) {
        return value == null || (value instanceof List<?> l && l.isEmpty()) || (value instanceof Map<?, ?> m && m.isEmpty());
    }
}
