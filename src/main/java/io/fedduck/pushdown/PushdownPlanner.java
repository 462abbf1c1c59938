package io.fedduck.pushdown;

import io.fedduck.internal.SqlText;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes one {@link SelectTree} as the source's SQL, and the DuckDB statement that runs it through the
 * source's query function and gives back the columns the original statement would have (same names, same
 * DuckDB types), or says why it is not pushed. Each construct is written so that the source computes what
 * DuckDB computes: comparisons only between a column and a literal of its own kind, text by bytes, NULLs
 * where DuckDB puts them, exact sums, DISTINCT as GROUP BY (so ORDER BY may sort by a key), and NOT pushed
 * down to the comparisons, so a condition the source makes FALSE where DuckDB sees NULL filters alike.
 */
final class PushdownPlanner {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Longer source SQL is not sent: MySQL's max_allowed_packet is 16 MB by default, and literals grow as hex. */
    static final int MAX_SOURCE_SQL = 1_000_000;
    /** The table's alias in the source SQL ("t", or "t1", "t2"... for joined tables); every column is qualified with it. */
    private static final String TABLE_ALIAS = "t";
    private static final Pattern DECIMAL_TYPE = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?)?");

    /** A statement's result column as DuckDB binds it: its name and its DuckDB type. */
    record Output(String name, String type) {
    }

    /** The source SQL and the DuckDB statement that runs it. */
    record Plan(String sourceSql, String duckDbSql) {
    }

    /** Why a statement is not pushed. */
    static final class NotPushable extends Exception {
        NotPushable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One result column of the source SQL: its value, the key it sorts by, its kind. */
    private record Item(Expr expr, String value, String sortKey, Category category, boolean nullable) {
    }

    /** The columns of one table of the statement, as the source declares them, and its decimals' scales. */
    record Table(List<RemoteColumn> columns, Map<String, Integer> scales) {
    }

    /** A column of the {@code table}-th table of the statement (two tables may have columns alike). */
    private record Bound(int table, RemoteColumn column) {
        Category category() {
            return column.category();
        }

        String name() {
            return column.name();
        }
    }

    /** One table's columns by exact name, in order, and by name folded as DuckDB folds identifiers. */
    private record Names(Map<String, RemoteColumn> exact, Map<String, List<RemoteColumn>> folded) {
        static Names of(List<RemoteColumn> columns) {
            Map<String, RemoteColumn> exact = new LinkedHashMap<>();
            Map<String, List<RemoteColumn>> folded = new java.util.HashMap<>();
            for (RemoteColumn c : columns) {
                exact.putIfAbsent(c.name(), c);
                folded.computeIfAbsent(fold(c.name()), k -> new ArrayList<>()).add(c);
            }
            return new Names(exact, folded);
        }
    }

    private final PushdownDialect dialect;
    private final String catalog;
    private final List<Table> tables;
    private final List<Names> names = new ArrayList<>();
    /** Columns NULL in rows a LEFT JOIN adds, set per statement: the tables on a LEFT JOIN's right side. */
    private final java.util.Set<Integer> outerTables = new java.util.HashSet<>();
    /** Writes every literal as {@code ?}: the source SQL as the audit log shows it. */
    private final boolean masked;

    /** @param tables the statement's tables in FROM order */
    PushdownPlanner(PushdownDialect dialect, String catalog, List<Table> tables, boolean masked) {
        this.dialect = dialect;
        this.masked = masked;
        this.catalog = catalog;
        this.tables = List.copyOf(tables);
        for (Table t : tables) {
            names.add(Names.of(t.columns()));
        }
    }

    /** A planner for a statement of one table. */
    PushdownPlanner(PushdownDialect dialect, String catalog, List<RemoteColumn> tableColumns,
                    Map<String, Integer> decimalScales, boolean masked) {
        this(dialect, catalog, List.of(new Table(tableColumns, decimalScales)), masked);
    }

    /**
     * @param maxRows the statement's max rows (0: none): the source sends no more rows than that, so a client
     *     that reads the first rows of a table with setMaxRows (DBeaver's data viewer) costs the source only those
     */
    Plan plan(SelectTree tree, List<Output> outputs, OrderDefaults defaults, long maxRows) throws NotPushable {
        if (tree.from().size() != tables.size()) {
            throw new IllegalArgumentException("the planner was given the columns of another number of tables");
        }
        outerTables.clear();
        for (int i = 0; i < tree.from().size(); i++) {
            if (tree.from().get(i).outer()) {
                outerTables.add(i);
            }
        }
        List<Expr> selected = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (SelectTree.Item item : tree.items()) {
            if (item.isStar()) {
                for (int t = 0; t < tables.size(); t++) {
                    if (item.starTable() >= 0 && item.starTable() != t) {
                        continue;
                    }
                    for (RemoteColumn c : tables.get(t).columns()) {
                        selected.add(new Expr.Column(t, c.name()));
                        aliases.add("");
                    }
                }
            } else {
                selected.add(item.expr());
                aliases.add(item.alias());
            }
        }
        if (selected.size() != outputs.size()) {
            throw new NotPushable("the select list has another shape than DuckDB's result");
        }
        for (Output out : outputs) {
            String type = out.type().toUpperCase(java.util.Locale.ROOT);
            if (type.contains("STRUCT(") || type.contains("MAP(") || type.contains("UNION(")
                    || type.contains("ENUM(") && type.contains("[]")) {
                // the postgres extension's query function reads an array of enums or a composite as text,
                // which no cast turns back into DuckDB's type
                throw new NotPushable("column " + out.name() + " has the type " + out.type() + ", read otherwise by a query");
            }
            java.util.regex.Matcher m = DECIMAL_TYPE.matcher(out.type());
            if (m.find() && Integer.parseInt(m.group(2)) > Integer.parseInt(m.group(1))) {
                // PostgreSQL numeric(p,-s) reaches DuckDB as DECIMAL(p,256-s), a type its parser refuses
                throw new NotPushable("column " + out.name() + " has the type " + out.type() + ", which no cast can name");
            }
        }
        boolean aggregates = selected.stream().anyMatch(e -> e instanceof Expr.Aggregate) || tree.having() != null;
        List<Bound> groups = new ArrayList<>();
        for (Expr g : tree.groupBy()) {
            if (!(g instanceof Expr.Column c) || (!c.qualified() && aliases.stream().anyMatch(a -> sameName(a, c.name())))) {
                throw new NotPushable("GROUP BY of something else than a column of the table");
            }
            groups.add(column(c));
        }
        if (tree.distinct()) {
            if (aggregates || !groups.isEmpty()) {
                throw new NotPushable("DISTINCT with aggregates");
            }
            for (Expr e : selected) {
                if (!(e instanceof Expr.Column c)) {
                    throw new NotPushable("DISTINCT of an expression");
                }
                groups.add(column(c)); // DISTINCT is GROUP BY of every column: same rows, and ORDER BY may use keys
            }
        }
        boolean grouped = aggregates || !groups.isEmpty();
        for (Bound g : groups) {
            if (!g.category().isGroupable()) {
                throw new NotPushable("grouping by " + g.name() + ", whose values the source compares otherwise");
            }
            if (!dialect.groupsWell(g.column())) {
                throw new NotPushable("grouping by " + g.name() + ", which DuckDB does faster");
            }
        }
        List<Item> items = new ArrayList<>();
        for (Expr e : selected) {
            items.add(item(e, grouped, groups));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            sql.append(i == 0 ? "" : ", ").append(dialect.output(item.value(), item.category(), outputs.get(i).type()))
                    .append(" AS ")
                    .append(dialect.identifier("c" + (i + 1)));
        }
        sql.append(" FROM ").append(from(tree.from()));
        if (tree.where() != null) {
            sql.append(" WHERE ").append(condition(normal(tree.where(), false), false));
        }
        if (!groups.isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (Bound g : groups) {
                String key = groupKey(g);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
            sql.append(" GROUP BY ").append(PushdownDialect.list(keys));
        }
        if (tree.having() != null) {
            sql.append(" HAVING ").append(condition(normal(tree.having(), false), true));
        }
        if (!tree.orders().isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (SelectTree.Order order : tree.orders()) {
                Item key = orderItem(order, selected, aliases, items, grouped, groups);
                if (!key.category().isOrdered() && key.category() != Category.BOOLEAN) {
                    throw new NotPushable("ORDER BY a column the source sorts otherwise");
                }
                boolean descending = order.descending() != null ? order.descending() : defaults.descending();
                boolean nullsFirst = order.nullsFirst() != null ? order.nullsFirst() : defaults.nullsFirst(descending);
                keys.add(dialect.orderKey(key.sortKey(), descending, nullsFirst, key.nullable()));
            }
            sql.append(" ORDER BY ").append(PushdownDialect.list(keys));
        }
        Long limit = tree.limit();
        if (maxRows > 0) {
            limit = limit == null ? maxRows : Math.min(limit, maxRows);
        }
        sql.append(dialect.limit(limit, tree.offset()));
        String sourceSql = sql.toString();
        if (sourceSql.length() > MAX_SOURCE_SQL) {
            throw new NotPushable("the source's SQL would be longer than " + MAX_SOURCE_SQL + " characters");
        }
        StringBuilder duck = new StringBuilder("SELECT ");
        for (int i = 0; i < outputs.size(); i++) {
            Output out = outputs.get(i);
            duck.append(i == 0 ? "" : ", ").append("CAST(").append(SqlText.identifier("c" + (i + 1))).append(" AS ")
                    .append(out.type()).append(") AS ").append(SqlText.identifier(out.name()));
        }
        duck.append(" FROM ").append(dialect.queryFunction()).append('(').append(SqlText.literal(catalog)).append(", ")
                .append(SqlText.literal(sourceSql)).append(')');
        return new Plan(sourceSql, duck.toString());
    }

    /**
     * The FROM clause: each table with its alias, the joins with their conditions (every condition's
     * columns qualified, its literals and comparisons written as in WHERE).
     */
    private String from(List<SelectTree.From> from) throws NotPushable {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < from.size(); i++) {
            SelectTree.From t = from.get(i);
            if (i > 0) {
                sql.append(t.on() == null ? " CROSS JOIN " : t.outer() ? " LEFT JOIN " : " JOIN ");
            }
            sql.append(dialect.identifier(t.schema())).append('.').append(dialect.identifier(t.table())).append(' ')
                    .append(dialect.identifier(alias(i)));
            if (t.on() != null) {
                sql.append(" ON ").append(condition(normal(t.on(), false), false));
            }
        }
        return sql.toString();
    }

    /** The source SQL's alias of the {@code table}-th table. */
    private String alias(int table) {
        return tables.size() == 1 ? TABLE_ALIAS : TABLE_ALIAS + (table + 1);
    }

    /**
     * The column a name means to DuckDB: in the table its qualifier names, or else in the only table that
     * has a column of that name (in any ASCII case); there, the one of that exact name, else the only one
     * equal in ASCII case.
     */
    private Bound column(Expr.Column c) throws NotPushable {
        if (c.qualified()) {
            return new Bound(c.table(), column(c.table(), c.name()));
        }
        int found = -1;
        for (int t = 0; t < names.size(); t++) {
            if (names.get(t).folded().containsKey(fold(c.name()))) {
                if (found >= 0) {
                    throw new NotPushable("column " + c.name() + " is in two tables");
                }
                found = t;
            }
        }
        if (found < 0) {
            throw new NotPushable("no column " + c.name());
        }
        return new Bound(found, column(found, c.name()));
    }

    private RemoteColumn column(int table, String name) throws NotPushable {
        RemoteColumn exact = names.get(table).exact().get(name);
        if (exact != null) {
            return exact;
        }
        List<RemoteColumn> candidates = names.get(table).folded().getOrDefault(fold(name), List.of());
        if (candidates.size() != 1) {
            throw new NotPushable(candidates.isEmpty() ? "no column " + name : "column " + name + " is ambiguous");
        }
        return candidates.get(0);
    }

    /**
     * An identifier as DuckDB compares it without case: only ASCII letters fold (Java's Unicode case would
     * make "Ä" and "ä", or the Kelvin sign and "k", one name).
     */
    static String fold(String identifier) {
        StringBuilder folded = new StringBuilder(identifier.length());
        for (int i = 0; i < identifier.length(); i++) {
            char ch = identifier.charAt(i);
            folded.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
        }
        return folded.toString();
    }

    private static boolean sameName(String a, String b) {
        return fold(a).equals(fold(b));
    }

    private String valueOf(Bound c) {
        return dialect.value(reference(c), c.column());
    }

    /**
     * The column as the source SQL names it: qualified by the table's alias, so that no output alias
     * ("c1"... or a column's own name among them) can capture it in ORDER BY, GROUP BY or HAVING, where
     * PostgreSQL and MySQL look up output names first.
     */
    private String reference(Bound c) {
        return dialect.identifier(alias(c.table())) + "." + dialect.identifier(c.name());
    }

    private String groupKey(Bound c) {
        return dialect.equalityKey(valueOf(c), c.column());
    }

    /** Whether DuckDB may see NULL in this column: the source's may hold one, or a LEFT JOIN may add one. */
    private boolean nullable(Bound c) {
        return c.column().nullable() || dialect.nullWhereSourceIsNot(c.column()) || outerTables.contains(c.table());
    }

    private Item item(Expr e, boolean grouped, List<Bound> groups) throws NotPushable {
        if (e instanceof Expr.Column ref) {
            Bound c = column(ref);
            if (grouped) {
                if (!groups.contains(c)) {
                    throw new NotPushable("column " + c.name() + " neither grouped nor aggregated");
                }
                String key = groupKey(c);
                return new Item(e, dialect.fromKey(key, c.category()), dialect.key(valueOf(c), c.column()), c.category(), nullable(c));
            }
            return new Item(e, valueOf(c), dialect.key(valueOf(c), c.column()), c.category(), nullable(c));
        }
        if (e instanceof Expr.Aggregate a) {
            return aggregate(a);
        }
        throw new NotPushable("a select-list expression that is not a column or an aggregate");
    }

    private Item aggregate(Expr.Aggregate a) throws NotPushable {
        if (a.isCountStar()) {
            return new Item(a, "count(*)", "count(*)", Category.INTEGER, false);
        }
        Bound c = column((Expr.Column) a.argument());
        String value = valueOf(c);
        switch (a.function()) {
            case "count": {
                if (!a.distinct()) {
                    String count = "count(" + value + ")";
                    return new Item(a, count, count, Category.INTEGER, false);
                }
                if (!c.category().isGroupable() || !dialect.groupsWell(c.column())) {
                    throw new NotPushable("count(DISTINCT " + c.name() + "): the source compares its values otherwise");
                }
                String count = "count(DISTINCT " + dialect.equalityKey(value, c.column()) + ")";
                return new Item(a, count, count, Category.INTEGER, false);
            }
            case "sum": {
                if (a.distinct() || (c.category() != Category.INTEGER && c.category() != Category.DECIMAL)) {
                    throw new NotPushable("sum of " + c.name() + ": only exact sums of integers and decimals are pushed");
                }
                java.util.regex.Matcher width = DECIMAL_TYPE.matcher(c.column().duckType());
                if (width.find() && Integer.parseInt(width.group(1)) > 18) {
                    // such a sum can pass 38 digits: DuckDB then still answers, PostgreSQL fails, MySQL caps it
                    throw new NotPushable("sum of " + c.name() + ", a decimal of more than 18 digits");
                }
                int scale = tables.get(c.table()).scales().getOrDefault(c.name(), 0);
                String sum = dialect.sum(value, scale);
                return new Item(a, sum, sum, Category.DECIMAL, true);
            }
            case "min", "max": {
                if (!c.category().isGroupable() || !c.category().isOrdered() || !dialect.groupsWell(c.column())) {
                    throw new NotPushable(a.function() + " of " + c.name() + ": the source orders its values otherwise");
                }
                String key = a.function() + "(" + dialect.key(value, c.column()) + ")";
                return new Item(a, dialect.fromKey(key, c.category()), key, c.category(), true);
            }
            default:
                // avg: DuckDB divides an integer sum in long double, a decimal one with its own rounding; no
                // source computes the same last bit
                throw new NotPushable(a.function() + " is not pushed: the source's result differs in its last digits");
        }
    }

    private Item orderItem(SelectTree.Order order, List<Expr> selected, List<String> aliases, List<Item> items,
                           boolean grouped, List<Bound> groups) throws NotPushable {
        if (order.expr() == null) {
            if (order.position() > items.size()) {
                throw new NotPushable("ORDER BY position beyond the select list");
            }
            return items.get(order.position() - 1);
        }
        if (order.expr() instanceof Expr.Column ref && !ref.qualified()) {
            // DuckDB binds an ORDER BY name to a select-list alias first, then to an unaliased column of the list
            Item byAlias = null;
            Item byColumn = null;
            for (int i = 0; i < selected.size(); i++) {
                if (sameName(aliases.get(i), ref.name())) {
                    byAlias = onlyOne(byAlias, items.get(i), ref);
                } else if (aliases.get(i).isEmpty() && selected.get(i) instanceof Expr.Column c
                        && sameName(c.name(), ref.name())) {
                    byColumn = onlyOne(byColumn, items.get(i), ref);
                }
            }
            if (byAlias != null || byColumn != null) {
                return byAlias != null ? byAlias : byColumn;
            }
        }
        if (order.expr() instanceof Expr.Column ref) {
            return item(ref, grouped, groups); // a qualified name is the table's column, whatever the aliases
        }
        if (order.expr() instanceof Expr.Aggregate a) {
            for (int i = 0; i < selected.size(); i++) {
                if (selected.get(i).equals(a)) {
                    return items.get(i);
                }
            }
            if (grouped) {
                return aggregate(a);
            }
        }
        throw new NotPushable("ORDER BY an expression");
    }

    /**
     * The select-list entry an ORDER BY name means, when {@code next} also has that name: two entries of
     * one name are the same value, or DuckDB's choice (the last alias; an error for two columns) is not
     * one FedDuck repeats.
     */
    private static Item onlyOne(Item found, Item next, Expr.Column ref) throws NotPushable {
        if (found != null && !found.value().equals(next.value())) {
            throw new NotPushable("ORDER BY " + ref.name() + ", a name of two select-list entries");
        }
        return next;
    }

    // ---- conditions ------------------------------------------------------------------------------------

    /** The condition with every NOT moved down to the comparisons (equal under SQL's three-valued logic). */
    private static Expr normal(Expr e, boolean negate) throws NotPushable {
        if (e instanceof Expr.Not n) {
            return normal(n.child(), !negate);
        }
        if (e instanceof Expr.Junction j) {
            List<Expr> children = new ArrayList<>();
            for (Expr c : j.children()) {
                children.add(normal(c, negate));
            }
            return new Expr.Junction(j.and() != negate, children);
        }
        if (!negate) {
            return e;
        }
        if (e instanceof Expr.Comparison c) {
            String op = switch (c.op()) {
                case "=" -> "<>";
                case "<>" -> "=";
                case "<" -> ">=";
                case ">=" -> "<";
                case ">" -> "<=";
                case "<=" -> ">";
                default -> throw new NotPushable("comparison " + c.op());
            };
            return new Expr.Comparison(op, c.left(), c.right());
        }
        if (e instanceof Expr.IsNull n) {
            return new Expr.IsNull(n.child(), !n.negated());
        }
        if (e instanceof Expr.In in) {
            return new Expr.In(in.child(), in.values(), !in.negated());
        }
        if (e instanceof Expr.Between b) {
            return new Expr.Junction(false, List.of(new Expr.Comparison("<", b.child(), b.low()),
                    new Expr.Comparison(">", b.child(), b.high())));
        }
        throw new NotPushable("NOT of an expression");
    }

    private String condition(Expr e, boolean having) throws NotPushable {
        if (e instanceof Expr.Junction j) {
            List<String> parts = new ArrayList<>();
            for (Expr c : j.children()) {
                parts.add(condition(c, having));
            }
            return "(" + String.join(j.and() ? " AND " : " OR ", parts) + ")";
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c, having);
        }
        if (e instanceof Expr.IsNull n) {
            Operand o = operand(n.child(), having, false, true);
            return "(" + o.value() + (n.negated() ? " IS NOT NULL" : " IS NULL") + ")";
        }
        if (e instanceof Expr.In in) {
            Operand o = operand(in.child(), having, true, false);
            List<String> values = new ArrayList<>();
            for (Expr v : in.values()) {
                values.add(literal(o.category(), v));
            }
            return guarded("(" + o.equality() + (in.negated() ? " NOT IN (" : " IN (") + PushdownDialect.list(values) + "))", o);
        }
        if (e instanceof Expr.Between b) {
            Operand o = operand(b.child(), having, false, false);
            return guarded("(" + o.order() + " BETWEEN " + literal(o.category(), b.low()) + " AND "
                    + literal(o.category(), b.high()) + ")", o);
        }
        throw new NotPushable("a condition that is not a comparison");
    }

    /** One side of a comparison: its value, its keys for = and for ordering, its kind, and when it is present. */
    private record Operand(String value, String equality, String order, Category category, String present) {
    }

    private Operand operand(Expr e, boolean having, boolean equality, boolean nullTest) throws NotPushable {
        if (e instanceof Expr.Column ref) {
            if (having) {
                throw new NotPushable("HAVING of a column");
            }
            Bound c = column(ref);
            if (!dialect.filterable(c.column(), equality, nullTest)) {
                throw new NotPushable("a condition on " + c.name() + ", which the source compares otherwise");
            }
            String raw = reference(c);
            String value = valueOf(c);
            return new Operand(value, dialect.equalityKey(raw, c.column()), dialect.key(raw, c.column()), c.category(),
                    dialect.present(raw, c.column()));
        }
        if (e instanceof Expr.Aggregate a && having) {
            Item item = aggregate(a);
            return new Operand(item.value(), item.sortKey(), item.sortKey(), item.category(), null);
        }
        throw new NotPushable("a comparison of an expression");
    }

    private static String guarded(String atom, Operand o) {
        return o.present() == null ? atom : "(" + atom + " AND " + o.present() + ")";
    }

    private String comparison(Expr.Comparison c, boolean having) throws NotPushable {
        Expr left = c.left();
        Expr right = c.right();
        String op = c.op();
        if (!(left instanceof Expr.Column || left instanceof Expr.Aggregate)) {
            Expr swap = left;
            left = right;
            right = swap;
            op = switch (op) {
                case "<" -> ">";
                case ">" -> "<";
                case "<=" -> ">=";
                case ">=" -> "<=";
                default -> op;
            };
        }
        boolean equality = op.equals("=") || op.equals("<>");
        Operand l = operand(left, having, equality, false);
        if (right instanceof Expr.Column || right instanceof Expr.Aggregate) {
            Operand r = operand(right, having, equality, false);
            if (l.category() != r.category() || l.category() == Category.OTHER || l.category() == Category.FLOAT
                    || (l.category() == Category.BOOLEAN && !equality) || !dialect.comparesColumnsOf(l.category())) {
                throw new NotPushable("a comparison of two columns of different kinds");
            }
            String atom = "(" + (equality ? l.equality() : l.order()) + " " + op + " " + (equality ? r.equality() : r.order()) + ")";
            return guarded(guarded(atom, l), r);
        }
        String atom = "(" + (equality ? l.equality() : l.order()) + " " + op + " " + literal(l.category(), right) + ")";
        return guarded(atom, l);
    }

    /** A literal of {@code e} compared with a value of {@code category}, as both engines would compare it. */
    private String literal(Category category, Expr e) throws NotPushable {
        String literal = literalOf(category, e);
        return masked && !literal.equals("NULL") ? "?" : literal;
    }

    private String literalOf(Category category, Expr e) throws NotPushable {
        if (e instanceof Expr.Constant k) {
            if (k.isNull()) {
                return "NULL";
            }
            switch (category) {
                case INTEGER:
                case DECIMAL:
                    if (k.kind().equals("INTEGER") || k.kind().equals("BIGINT") || k.kind().equals("DECIMAL")) {
                        return ((BigDecimal) k.value()).toPlainString();
                    }
                    break;
                case DOUBLE:
                    if (k.isNumber()) {
                        return dialect.doubleLiteral((BigDecimal) k.value());
                    }
                    break;
                case TEXT:
                    if (k.kind().equals("VARCHAR") && ((String) k.value()).indexOf('\0') < 0) {
                        return dialect.textKey((String) k.value());
                    }
                    break;
                case DATE:
                case TIMESTAMP:
                    if (k.kind().equals("VARCHAR")) {
                        return temporal(category, category == Category.DATE ? "DATE" : "TIMESTAMP", (String) k.value());
                    }
                    break;
                case BOOLEAN:
                    if (k.kind().equals("BOOLEAN")) {
                        return Boolean.TRUE.equals(k.value()) ? "TRUE" : "FALSE";
                    }
                    break;
                default:
                    break;
            }
            throw new NotPushable("a literal compared with a " + category + " column");
        }
        if (e instanceof Expr.TypedText t && (category == Category.DATE || category == Category.TIMESTAMP)) {
            return temporal(category, t.type(), t.text());
        }
        throw new NotPushable("a comparison with something else than a literal");
    }

    private String temporal(Category category, String type, String text) throws NotPushable {
        try {
            if (text.startsWith("0000")) {
                throw new NotPushable("year 0 (PostgreSQL has none)");
            }
            if (type.equals("DATE") && DATE.matcher(text).matches()) {
                LocalDate.parse(text);
                return category == Category.DATE ? dialect.temporalLiteral("DATE", text)
                        : dialect.temporalLiteral("TIMESTAMP", text + " 00:00:00");
            }
            if (type.equals("TIMESTAMP") && TIMESTAMP.matcher(text).matches()) {
                String full = text.length() == 10 ? text + " 00:00:00" : text; // MySQL's TIMESTAMP '...' needs the time
                LocalDateTime.parse(full.replace(' ', 'T'));
                return dialect.temporalLiteral("TIMESTAMP", full);
            }
        } catch (DateTimeParseException e) {
            // not a date both engines read alike: fall through
        }
        throw new NotPushable("a date or time literal in a form the source may read otherwise");
    }

}
