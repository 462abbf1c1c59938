package io.fedduck.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for one audit record: a flat JSON object whose members are strings, whole numbers,
 * booleans, null, or arrays of those. Used by the audit reader ({@code java -jar fedduck-jdbc.jar audit})
 * and by the tests that check what the log writes.
 */
public final class JsonLine {
    private final String text;
    private int pos;

    private JsonLine(String text) {
        this.text = text;
    }

    /**
     * The members of {@code line}; numbers as Long, null as null, arrays as List. Throws
     * IllegalArgumentException on anything else, naming the position, never the text.
     */
    public static Map<String, Object> parse(String line) {
        JsonLine parser = new JsonLine(line);
        Map<String, Object> members = parser.object();
        if (parser.pos != line.length()) {
            throw parser.error("trailing text");
        }
        return members;
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            String name = string();
            expect(':');
            if (members.containsKey(name)) {
                throw error("duplicate member " + name);
            }
            members.put(name, value());
            char c = next();
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw error("expected , or }");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            pos++;
            List<Object> items = new ArrayList<>();
            if (peek() == ']') {
                pos++;
                return items;
            }
            while (true) {
                if (peek() == '[' || peek() == '{') {
                    throw error("nested arrays and objects are not part of an audit record");
                }
                items.add(value());
                char next = next();
                if (next == ']') {
                    return items;
                }
                if (next != ',') {
                    throw error("expected , or ]");
                }
            }
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        int start = pos;
        if (c == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start || text.charAt(start) == '-' && pos == start + 1) {
            throw error("expected a value");
        }
        return Long.parseLong(text.substring(start, pos));
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> value.append(e);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    value.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected " + c);
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + pos);
    }
}
