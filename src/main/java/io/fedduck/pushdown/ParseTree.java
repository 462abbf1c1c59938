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

    /** Whether two names are one to DuckDB, which folds ASCII letters only. */
    static boolean same(String a, String b) {
        return PushdownPlanner.fold(a).equals(PushdownPlanner.fold(b));
    }
}
