package io.fedduck.pushdown;

import java.util.List;
import java.util.Map;

/** Reading DuckDB's parse tree ({@code json_serialize_sql}, read by JsonValue): its objects, lists and names. */
final class ParseTree {
    private ParseTree() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) java.util.Objects.requireNonNull(value);
    }

    /** A list, or the empty one for an absent member. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** A string, or "" for an absent member. */
    static String string(Object value) {
        return value == null ? "" : (String) value;
    }

    /**
     * The kind of a JOIN node of a left-deep FROM clause whose right side is a table: {@code INNER} or
     * {@code LEFT} with an ON condition, or {@code CROSS}.
     *
     * @throws IllegalArgumentException for any other join (USING, NATURAL, RIGHT, FULL, SEMI, ANTI, ASOF,
     *     POSITIONAL, a join on the right)
     */
    static String joinKind(Map<String, Object> join) {
        if (!"JOIN".equals(join.get("type")) || !list(join.get("using_columns")).isEmpty()
                || !list(join.get("duplicate_eliminated_columns")).isEmpty() || Boolean.TRUE.equals(join.get("delim_flipped"))) {
            throw new IllegalArgumentException("a FROM entry that is not a table or a join with ON");
        }
        String joinType = string(join.get("join_type"));
        String refType = string(join.get("ref_type"));
        boolean regular = "REGULAR".equals(refType) && join.get("condition") != null
                && ("INNER".equals(joinType) || "LEFT".equals(joinType));
        boolean cross = "CROSS".equals(refType) && join.get("condition") == null && "INNER".equals(joinType);
        if (!(regular || cross) || !"BASE_TABLE".equals(object(join.get("right")).get("type"))) {
            throw new IllegalArgumentException("a join other than INNER, LEFT or CROSS of a table");
        }
        return cross ? "CROSS" : joinType;
    }

    /** Every object of a parse tree (or of one of its parts), the part itself first, depth first. */
    static List<Map<String, Object>> nodes(Object value) {
        List<Map<String, Object>> found = new java.util.ArrayList<>();
        addNodes(value, found);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void addNodes(Object value, List<Map<String, Object>> found) {
        if (value instanceof Map<?, ?> map) {
            found.add((Map<String, Object>) map);
            map.values().forEach(child -> addNodes(child, found));
        } else if (value instanceof List<?> items) {
            items.forEach(child -> addNodes(child, found));
        }
    }

    /** Whether two names are one to DuckDB, which folds ASCII letters only. */
    static boolean same(String a, String b) {
        return PushdownPlanner.fold(a).equals(PushdownPlanner.fold(b));
    }
}
