package io.fedduck.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random SELECTs over one source table, shaped like what clients send and pushdown takes: filters (every
 * comparison, IN, BETWEEN, IS NULL, NOT, AND/OR), projections and *, ORDER BY with every direction and NULL
 * placement, LIMIT/OFFSET, count/sum/min/max/avg with GROUP BY and HAVING, DISTINCT. Literals come from
 * the table's own values, with their case and trailing spaces changed, and from edge values. A LIMIT is
 * only written after an ORDER BY that ends in a unique key, so every query has one right answer.
 *
 * <p>Given a second table of the same source ({@link Join}), a share of the queries read both, joined
 * (JOIN, LEFT JOIN, or a comma with the condition in WHERE) on one of the join's conditions; the same
 * constructs then range over the columns of both, whose names differ, and the unique key is both keys.
 */
final class PushdownQueries {

    /** How a column may be used. */
    enum Kind { NUMBER, FLOATING, TEXT, DATE, TIMESTAMP, INSTANT, BOOLEAN, OTHER }

    /** One column of the table, with literals to compare it with (as DuckDB SQL). */
    record Column(String name, Kind kind, List<String> literals) {
    }

    /** One generated query, and whether its rows come in one defined order. */
    record Query(String sql, boolean ordered) {
    }

    /**
     * A second table to join with: its name, unique key and columns (none named like the first table's),
     * and join conditions written with the qualifiers {@code {a}} (the first table) and {@code {b}} (this one).
     */
    record Join(String table, String key, List<Column> columns, List<String> conditions) {
    }

    private final String table;
    private final String key;
    private final List<Column> tableColumns;
    private final Join join;
    private final Random random;
    private final Random naming;
    /** Whether the query being generated writes its tables {@code catalog.table}. */
    private boolean catalogDotTable;
    /** The FROM clause, columns and unique key of the query being generated. */
    private String from;
    private List<Column> columns;
    private List<String> keys;
    /** In a joined query, the second table's {@code b.*}; null otherwise. */
    private String joinedStar;

    PushdownQueries(String table, String key, List<Column> columns, long seed) {
        this(table, key, columns, null, seed);
    }

    PushdownQueries(String table, String key, List<Column> columns, Join join, long seed) {
        this.table = table;
        this.key = key;
        this.tableColumns = columns;
        this.join = join;
        this.random = new Random(seed);
        this.naming = new Random(~seed);
    }

    /**
     * Picks how the next query writes its tables: {@code catalog.schema.table} as given, or a third of the time
     * {@code catalog.table} (the catalog's default schema). Its own random numbers: the queries of a seed stay
     * the same as before this choice existed.
     */
    private String written(String qualified) {
        if (!catalogDotTable) {
            return qualified;
        }
        String[] parts = qualified.split("\\.");
        return parts[0] + "." + parts[2];
    }

    Query next() {
        catalogDotTable = naming.nextInt(3) == 0;
        if (join != null && random.nextInt(10) < 3) {
            joined();
        } else {
            from = written(table);
            columns = tableColumns;
            keys = List.of(key);
            joinedStar = null;
        }
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> aggregate();
            case 3 -> distinct();
            default -> plain();
        };
    }

    /** The next query reads both tables: a FROM clause that joins them, and the columns of both. */
    private void joined() {
        String a = pickOf("a", "");
        String b = pickOf("b", "");
        String first = written(table) + (a.isEmpty() ? "" : " " + pickOf("", "AS ") + a);
        String second = written(join.table()) + (b.isEmpty() ? "" : " " + b);
        String condition = join.conditions().get(random.nextInt(join.conditions().size()))
                .replace("{a}", a.isEmpty() ? bare(table) : a).replace("{b}", b.isEmpty() ? bare(join.table()) : b);
        from = switch (random.nextInt(5)) {
            case 0, 1 -> first + " JOIN " + second + " ON " + condition;
            case 2, 3 -> first + " LEFT JOIN " + second + " ON " + condition;
            default -> first + ", " + second + " WHERE " + condition; // a CROSS join, filtered
        };
        columns = new ArrayList<>(tableColumns);
        columns.addAll(join.columns());
        keys = List.of(key, join.key());
        joinedStar = (b.isEmpty() ? bare(join.table()) : b) + ".*";
    }

    private static String bare(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private Query plain() {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (random.nextInt(4) == 0) {
            sql.append(joinedStar != null && random.nextBoolean() ? joinedStar + ", " + pick().name() : "*");
        } else {
            List<String> picked = new ArrayList<>();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                Column c = pick();
                picked.add(random.nextInt(6) == 0 ? c.name() + " AS " + alias(c.name()) : c.name());
            }
            sql.append(String.join(", ", picked));
        }
        from(sql);
        boolean ordered = false;
        if (random.nextInt(3) > 0) {
            List<String> keys = new ArrayList<>();
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                keys.add(orderKey(orderable().name()));
            }
            for (String k : this.keys) {
                keys.add(orderKey(k));
            }
            sql.append(" ORDER BY ").append(String.join(", ", keys));
            ordered = true;
            limit(sql);
        }
        return new Query(sql.toString(), ordered);
    }

    private Query aggregate() {
        List<String> groups = new ArrayList<>();
        int g = random.nextInt(3);
        for (int i = 0; i < g; i++) {
            String name = groupable().name();
            if (!groups.contains(name)) {
                groups.add(name);
            }
        }
        List<String> select = new ArrayList<>(groups);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            select.add(aggregateCall());
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select));
        from(sql);
        if (!groups.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groups));
            if (random.nextInt(4) == 0) {
                sql.append(" HAVING count(*) ").append(pickOf("> 1", ">= 2", "< 3", "= 1", "<> 2"));
            }
        }
        boolean ordered = groups.isEmpty();
        if (!groups.isEmpty() && random.nextBoolean()) {
            List<String> keys = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                keys.add((groups.size() + 1) + direction());
            }
            for (String group : groups) {
                keys.add(orderKey(group));
            }
            sql.append(" ORDER BY ").append(String.join(", ", keys));
            ordered = true;
            limit(sql);
        }
        return new Query(sql.toString(), ordered);
    }

    private Query distinct() {
        List<String> picked = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            String name = groupable().name();
            if (!picked.contains(name)) {
                picked.add(name);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ").append(String.join(", ", picked));
        from(sql);
        boolean ordered = false;
        if (random.nextBoolean()) {
            List<String> keys = new ArrayList<>();
            for (String p : picked) {
                keys.add(orderKey(p));
            }
            sql.append(" ORDER BY ").append(String.join(", ", keys));
            ordered = true;
            limit(sql);
        }
        return new Query(sql.toString(), ordered);
    }

    private String aggregateCall() {
        Column c = pick();
        return switch (random.nextInt(8)) {
            case 0 -> "count(*)";
            case 1 -> "count(" + c.name() + ")";
            case 2 -> "count(DISTINCT " + groupable().name() + ")";
            case 3 -> "sum(" + numeric().name() + ")";
            case 4 -> "avg(" + numeric().name() + ")";
            case 5 -> "max(" + minMaxable().name() + ")";
            default -> "min(" + minMaxable().name() + ")";
        };
    }

    /** FROM and, sometimes, WHERE (joined to the condition of a comma join). */
    private void from(StringBuilder sql) {
        sql.append(" FROM ").append(from);
        if (random.nextInt(3) > 0) {
            sql.append(from.contains(" WHERE ") ? " AND " : " WHERE ").append(condition(0));
        }
    }

    private String condition(int depth) {
        int r = random.nextInt(depth > 1 ? 6 : 9);
        if (r >= 6) {
            String op = random.nextBoolean() ? " AND " : " OR ";
            return "(" + condition(depth + 1) + op + condition(depth + 1) + ")";
        }
        String atom = atom();
        return random.nextInt(8) == 0 ? "NOT (" + atom + ")" : atom;
    }

    private String atom() {
        Column c = pick();
        if (c.literals().isEmpty() || random.nextInt(7) == 0) {
            return c.name() + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
        }
        return switch (random.nextInt(6)) {
            case 0 -> c.name() + " IN (" + literal(c) + ", " + literal(c) + (random.nextInt(5) == 0 ? ", NULL" : "") + ")";
            case 1 -> c.name() + (random.nextBoolean() ? " BETWEEN " : " NOT BETWEEN ") + literal(c) + " AND " + literal(c);
            case 2 -> literal(c) + " " + comparison() + " " + c.name();
            default -> c.name() + " " + comparison() + " " + literal(c);
        };
    }

    private String literal(Column c) {
        String value = c.literals().get(random.nextInt(c.literals().size()));
        if (c.kind() == Kind.TEXT && value.startsWith("'") && random.nextInt(3) == 0) {
            String inner = value.substring(1, value.length() - 1);
            inner = switch (random.nextInt(3)) {
                case 0 -> inner.toUpperCase(Locale.ROOT);
                case 1 -> inner.toLowerCase(Locale.ROOT);
                default -> inner + " ";
            };
            return "'" + inner + "'";
        }
        return value;
    }

    private String comparison() {
        return pickOf("=", "<>", "<", ">", "<=", ">=", "!=");
    }

    private String orderKey(String name) {
        return name + direction() + pickOf("", "", " NULLS FIRST", " NULLS LAST");
    }

    private String direction() {
        return pickOf("", " ASC", " DESC");
    }

    private void limit(StringBuilder sql) {
        switch (random.nextInt(4)) {
            case 0 -> sql.append(" LIMIT ").append(random.nextInt(20));
            case 1 -> sql.append(" LIMIT ").append(1 + random.nextInt(10)).append(" OFFSET ").append(random.nextInt(30));
            case 2 -> sql.append(" OFFSET ").append(random.nextInt(300));
            default -> { }
        }
    }

    private String alias(String name) {
        // also the name of another column, and c1/c2, the names the source SQL gives its outputs; not a key's
        // name: an ORDER BY that ends in the key would sort by the alias then, and no longer be total
        String other = pick().name();
        return pickOf("v_" + name, "\"Mixed " + name + "\"", name.toUpperCase(Locale.ROOT) + "_X",
                keys.contains(other) ? "v_" + other : other, "c2");
    }

    private Column pick() {
        return columns.get(random.nextInt(columns.size()));
    }

    /** A column of the kinds {@code wanted} takes, drawn as {@link #pick} draws them. */
    private Column pickWhere(java.util.function.Predicate<Column> wanted) {
        Column c;
        do {
            c = pick();
        } while (!wanted.test(c));
        return c;
    }

    private Column orderable() {
        return pickWhere(c -> c.kind() != Kind.OTHER && c.kind() != Kind.BOOLEAN);
    }

    /**
     * A column to group by or take min/max of. Not floating point: DuckDB itself answers such a query
     * differently from run to run (-0.0 and 0.0 are one group, represented by whichever its threads met first).
     */
    private Column groupable() {
        return pickWhere(c -> c.kind() != Kind.OTHER && c.kind() != Kind.FLOATING);
    }

    private Column numeric() {
        return pickWhere(c -> c.kind() == Kind.NUMBER || c.kind() == Kind.FLOATING);
    }

    private Column minMaxable() {
        return pickWhere(c -> c.kind() != Kind.OTHER && c.kind() != Kind.FLOATING && c.kind() != Kind.BOOLEAN);
    }

    private String pickOf(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
