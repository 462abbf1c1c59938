package io.fedduck.sync;

import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Splits names such as {@code schema.table} or {@code "a.b", c} into parts, honouring double quotes. */
final class NameParts {
    private NameParts() {
    }

    /** The parts of {@code text} between unquoted {@code separator}s, still quoted as written. */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** A part without its quotes ({@code ""} inside stands for one quote); plain parts are kept as written. */
    static String unquote(String part, String what) throws SQLException {
        String p = part.strip();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            String inner = p.substring(1, p.length() - 1);
            if (!inner.isEmpty() && !inner.replace("\"\"", "").contains("\"")) {
                return inner.replace("\"\"", "\"");
            }
        }
        if (p.isEmpty() || p.contains("\"")) {
            throw SqlStates.invalidValue(SyncRequest.PROCEDURE + ": " + what + " has an empty or badly quoted"
                    + " name: '" + part + "'");
        }
        return p;
    }

    /** True when the part was written in double quotes (then it is matched exactly). */
    static boolean isQuoted(String part) {
        String p = part.strip();
        return p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"");
    }
}
