package io.fedduck.audit;

import io.fedduck.sql.JsonValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audit record read back: a JSON object whose members are strings, whole numbers (as Long), booleans,
 * null, or arrays of those. Used by the audit reader ({@code java -jar fedduck-jdbc.jar audit}) and by the
 * tests that check what the log writes.
 */
public final class JsonLine {
    private JsonLine() {
    }

    /** The members of {@code line}; throws IllegalArgumentException, naming the offset, never the text. */
    public static Map<String, Object> parse(String line) {
        if (!(JsonValue.parse(line) instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        object.forEach((name, value) -> members.put((String) name, flat(value, true)));
        return members;
    }

    private static Object flat(Object value, boolean arrayAllowed) {
        if (value instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("a number that is not a whole number");
            }
        }
        if (value instanceof List<?> items && arrayAllowed) {
            return items.stream().map(item -> flat(item, false)).toList();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("nested arrays and objects are not part of an audit record");
        }
        return value;
    }
}
