package io.fedduck.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A SELECT that reads one table and returns its columns as they are: the statement as DuckDB's parser
 * reads it ({@code json_serialize_sql}), when it is one SELECT from one base table whose select list is
 * only column references (aliases allowed) and {@code *} (with EXCLUDE). Joins, expressions, aggregates,
 * GROUP BY and HAVING, subqueries in FROM, CTEs, set operations, table functions and column aliases on
 * the table are not simple. Which result column is which table column is then known from the table's
 * columns ({@link #resultColumns}), as JDBC's ResultSetMetaData names them.
 */
public final class SimpleSelect {
    private static final Set<String> PLAIN_MODIFIERS = Set.of("ORDER_MODIFIER", "LIMIT_MODIFIER",
            "LIMIT_PERCENT_MODIFIER", "DISTINCT_MODIFIER");

    /** One select-list item: a column reference (its dotted parts) or a star. */
    private sealed interface Item {
    }

    private record Column(List<String> parts) implements Item {
    }

    private record Star(String relation, List<String> excluded) implements Item {
    }

    private final String catalog;
    private final String schema;
    private final String table;
    private final String alias;
    private final List<Item> items;

    private SimpleSelect(String catalog, String schema, String table, String alias, List<Item> items) {
        this.catalog = catalog;
        this.schema = schema;
        this.table = table;
        this.alias = alias;
        this.items = items;
    }

    /**
     * The simple select that {@code serialized} (the JSON {@code json_serialize_sql} returns for one text)
     * describes, or empty when it is anything else: a parse error, several statements, or not simple.
     */
    public static Optional<SimpleSelect> read(String serialized) {
        try {
            Map<String, Object> node = JsonValue.onlyStatementNode(serialized);
            return node == null ? Optional.empty() : Optional.ofNullable(select(node));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            return Optional.empty(); // a shape this reading does not know is not simple
        }
    }

    private static SimpleSelect select(Map<String, Object> node) {
        if (!"SELECT_NODE".equals(node.get("type")) || !list(object(node.get("cte_map")).get("map")).isEmpty()
                || !list(node.get("group_expressions")).isEmpty() || !list(node.get("group_sets")).isEmpty()
                || node.get("having") != null || !"STANDARD_HANDLING".equals(node.get("aggregate_handling"))) {
            return null;
        }
        for (Object modifier : list(node.get("modifiers"))) {
            if (!PLAIN_MODIFIERS.contains(object(modifier).get("type"))) {
                return null;
            }
        }
        Map<String, Object> from = object(node.get("from_table"));
        if (!"BASE_TABLE".equals(from.get("type")) || !list(from.get("column_name_alias")).isEmpty()) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        for (Object entry : list(node.get("select_list"))) {
            Item item = item(object(entry));
            if (item == null) {
                return null;
            }
            items.add(item);
        }
        String table = string(from.get("table_name"));
        if (table.isEmpty() || items.isEmpty()) {
            return null;
        }
        return new SimpleSelect(string(from.get("catalog_name")), string(from.get("schema_name")), table,
                string(from.get("alias")), List.copyOf(items));
    }

    private static Item item(Map<String, Object> expression) {
        Object type = expression.get("class");
        if ("COLUMN_REF".equals(type)) {
            List<String> parts = new ArrayList<>();
            for (Object part : list(expression.get("column_names"))) {
                parts.add(string(part));
            }
            return parts.isEmpty() ? null : new Column(List.copyOf(parts));
        }
        if ("STAR".equals(type) && Boolean.FALSE.equals(expression.get("columns")) && expression.get("expr") == null
                && list(expression.get("replace_list")).isEmpty() && empty(expression.get("rename_list"))
                && empty(expression.get("qualified_exclude_list"))) {
            List<String> excluded = new ArrayList<>();
            for (Object name : list(expression.get("exclude_list"))) {
                excluded.add(string(name));
            }
            return new Star(string(expression.get("relation_name")), List.copyOf(excluded));
        }
        return null; // an expression, a function, an aggregate, COLUMNS(...), * REPLACE / RENAME
    }

    /** The catalog as written in FROM; "" when it was not written. */
    public String catalog() {
        return catalog;
    }

    /** The schema (or, DuckDB decides, the catalog) as written in FROM; "" when it was not written. */
    public String schema() {
        return schema;
    }

    /** The table as written in FROM. */
    public String table() {
        return table;
    }

    /**
     * The table column each result column is, in result order, given the table's columns in their order
     * and the catalog and schema the table was found in; empty when a reference is not one of them (a
     * struct field, a qualifier that is not the table, a column the table does not have).
     */
    public Optional<List<String>> resultColumns(String foundCatalog, String foundSchema, List<String> tableColumns) {
        String binding = alias.isEmpty() ? table : alias;
        List<String> result = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Column column) {
                List<String> parts = column.parts();
                int n = parts.size();
                boolean qualified = switch (n) {
                    case 1 -> true;
                    case 2 -> same(parts.get(0), binding);
                    case 3 -> alias.isEmpty() && same(parts.get(0), foundSchema) && same(parts.get(1), table);
                    case 4 -> alias.isEmpty() && same(parts.get(0), foundCatalog) && same(parts.get(1), foundSchema)
                            && same(parts.get(2), table);
                    default -> false;
                };
                String stored = qualified ? find(tableColumns, parts.get(n - 1)) : null;
                if (stored == null) {
                    return Optional.empty();
                }
                result.add(stored);
            } else if (item instanceof Star star) {
                if (!star.relation().isEmpty() && !same(star.relation(), binding)) {
                    return Optional.empty();
                }
                List<String> excluded = new ArrayList<>();
                for (String name : star.excluded()) {
                    String stored = find(tableColumns, name);
                    if (stored == null) {
                        return Optional.empty();
                    }
                    excluded.add(stored);
                }
                for (String name : tableColumns) {
                    if (!excluded.contains(name)) {
                        result.add(name);
                    }
                }
            }
        }
        return Optional.of(List.copyOf(result));
    }

    /** The column {@code name} names, as DuckDB binds it: exact spelling first, else the one that differs in case. */
    private static String find(List<String> columns, String name) {
        if (columns.contains(name)) {
            return name;
        }
        String found = null;
        for (String column : columns) {
            if (same(column, name)) {
                if (found != null) {
                    return null; // two columns differ only in case: DuckDB would not pick one either
                }
                found = column;
            }
        }
        return found;
    }

    private static boolean same(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) java.util.Objects.requireNonNull(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) java.util.Objects.requireNonNull(value);
    }

    private static boolean empty(Object value) {
        return value == null || list(value).isEmpty();
    }

    private static String string(Object value) {
        return value == null ? "" : (String) value;
    }

    @Override
    public String toString() {
        return "SimpleSelect[" + items.size() + " item(s)]"; // never names: the text may be sensitive
    }
}
