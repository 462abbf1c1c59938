package io.fedduck.config;

import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds configuration errors as {@code <file>:<line>: connection '<name>', field '<field>': <problem>}. */
final class ConfigErrors {
    private static final int MAX_SHOWN = 64;
    /**
     * Words of letters, digits, {@code _ . -} joined by single spaces: what connection names, fields and
     * sections look like. Anything else ({@code root:$6$...} from /etc/shadow, {@code password:hunter2})
     * may be a value that lost its ": " and is not echoed.
     */
    private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}\\p{N}_.-]+( [\\p{L}\\p{N}_.-]+)*");
    static final String NOT_SHOWN = "(not shown: not a plain name)";
    /** Common spellings from other tools, mapped to ours: edit distance alone would not find them. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("user", "username"), Map.entry("usr", "username"), Map.entry("login", "username"),
            Map.entry("pass", "password"), Map.entry("passwd", "password"), Map.entry("pwd", "password"),
            Map.entry("db", "database"), Map.entry("dbname", "database"), Map.entry("schema", "database"),
            Map.entry("hostname", "host"), Map.entry("server", "host"),
            Map.entry("sslmode", "ssl_mode"), Map.entry("ssl", "ssl_mode"),
            Map.entry("path", "file_path"), Map.entry("file", "file_path"), Map.entry("filename", "file_path"),
            Map.entry("encoding", "charset"), Map.entry("readonly", "read_only"),
            Map.entry("timeout", "connection_timeout"), Map.entry("connect_timeout", "connection_timeout"),
            Map.entry("statement_timeout", "query_timeout"), Map.entry("create", "create_if_missing"),
            Map.entry("connection", "connections"), Map.entry("sources", "connections"));

    private ConfigErrors() {
    }

    /** An error; any of where, connection and field may be null and is then left out. */
    static SQLException error(ConfigLocation where, String connection, String field, String problem) {
        StringBuilder message = new StringBuilder();
        if (where != null) {
            message.append(where).append(": ");
        }
        if (connection != null) {
            message.append("connection ").append(named(connection));
        }
        if (field != null) {
            message.append(connection != null ? ", " : "").append("field ").append(named(field));
        }
        if (connection != null || field != null) {
            message.append(": ");
        }
        return SqlStates.invalidValue(message.append(problem).toString());
    }

    /**
     * A name or key the user wrote, as a message shows it: in quotes when it is a plain name of at most
     * {@value #MAX_SHOWN} characters, else {@link #NOT_SHOWN}: the line number has to do.
     */
    static String named(String text) {
        boolean plain = text.isEmpty()
                || text.codePointCount(0, text.length()) <= MAX_SHOWN && PLAIN_NAME.matcher(text).matches();
        return plain ? "'" + text + "'" : NOT_SHOWN;
    }

    /** The valid key the user probably meant, if one is close enough to suggest. */
    static Optional<String> closest(String key, Collection<String> valid) {
        String wanted = key.toLowerCase(Locale.ROOT);
        String synonym = SYNONYMS.get(wanted.replace("-", "_"));
        if (synonym != null && valid.contains(synonym)) {
            return Optional.of(synonym);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = distance(wanted, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = wanted.length() <= 4 ? 1 : wanted.length() <= 8 ? 2 : 3;
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("tpye" is 1 from "type"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
