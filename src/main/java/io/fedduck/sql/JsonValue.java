package io.fedduck.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON that DuckDB's {@code json_serialize_sql} writes into plain Java values: objects as
 * {@link Map}, arrays as {@link List}, strings, {@link BigDecimal} numbers (its query locations do not fit
 * in a long), booleans and null. Strict: anything else (an unescaped control character in a string, a
 * member twice) is an {@link IllegalArgumentException} naming the offset, never the text. The audit
 * reader uses it for the audit log's lines too.
 */
public final class JsonValue {
    private final String text;
    private int at;

    private JsonValue(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        JsonValue reader = new JsonValue(text);
        Object value = reader.value();
        reader.space();
        if (reader.at != text.length()) {
            throw reader.problem("text after the value");
        }
        return value;
    }

    /**
     * The {@code node} of the one statement that {@code json_serialize_sql}'s output {@code serialized}
     * describes; null when the text did not parse or held another number of statements.
     *
     * @throws IllegalArgumentException or ClassCastException when the JSON has another shape
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> onlyStatementNode(String serialized) {
        Map<String, Object> top = (Map<String, Object>) java.util.Objects.requireNonNull(parse(serialized));
        if (!Boolean.FALSE.equals(top.get("error"))) {
            return null;
        }
        List<Object> statements = (List<Object>) top.get("statements");
        if (statements == null || statements.size() != 1) {
            return null;
        }
        return (Map<String, Object>) ((Map<String, Object>) statements.get(0)).get("node");
    }

    private Object value() {
        space();
        if (at >= text.length()) {
            throw problem("end of text");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw problem("'" + c + "'");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        space();
        if (peek('}')) {
            at++;
            return members;
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw problem("a member name expected");
            }
            String name = string();
            space();
            expect(':');
            if (members.containsKey(name)) {
                throw problem("a member name twice");
            }
            members.put(name, value());
            space();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array() {
        List<Object> items = new ArrayList<>();
        at++;
        space();
        if (peek(']')) {
            at++;
            return items;
        }
        while (true) {
            items.add(value());
            space();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return items;
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw problem("a control character not escaped");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw problem("a short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw problem("the escape \\" + e);
            }
        }
        throw problem("an unterminated string");
    }

    private BigDecimal number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        try {
            return new BigDecimal(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw problem("a malformed number");
        }
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw problem("'" + text.charAt(at) + "'");
        }
        at += word.length();
        return value;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw problem("'" + c + "' expected");
        }
        at++;
    }

    private IllegalArgumentException problem(String what) {
        return new IllegalArgumentException("not JSON at offset " + at + ": " + what);
    }
}
