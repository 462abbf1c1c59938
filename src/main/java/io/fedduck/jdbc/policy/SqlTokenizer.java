package io.fedduck.jdbc.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits DuckDB SQL into statements and significant tokens, skipping comments and keeping string
 * constants whole, so that the classifier never mistakes text inside a string or comment for SQL.
 *
 * <p>Deliberately lexical: it knows DuckDB's quoting rules ({@code '..'} with {@code ''},
 * {@code E'..'} with backslash escapes, {@code ".."} with {@code ""}, {@code $tag$..$tag$},
 * {@code --} and nested block comments) but no grammar. Unterminated strings and comments run to the
 * end of the text, which is what DuckDB's own lexer does before it reports the error.
 */
final class SqlTokenizer {

    /** What a token is. */
    enum Type {
        /** An unquoted identifier or keyword, lower-cased. */
        WORD,
        /** A double-quoted identifier, unquoted, case kept. */
        QUOTED_WORD,
        /** A string constant, its content unescaped (approximately for E-strings). */
        STRING,
        /** A number. */
        NUMBER,
        /** A parameter: {@code ?}, {@code $1}, {@code $name}. */
        PARAMETER,
        /** One punctuation or operator character. */
        PUNCT
    }

    /** One significant token. */
    record Token(Type type, String text) {

        boolean isWord(String lowerCase) {
            return type == Type.WORD && text.equals(lowerCase);
        }

        boolean isPunct(char c) {
            return type == Type.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }

        /** An identifier, quoted or not. */
        boolean isIdentifier() {
            return type == Type.WORD || type == Type.QUOTED_WORD;
        }
    }

    private final String sql;
    private int pos;

    private SqlTokenizer(String sql) {
        this.sql = sql;
    }

    /** The non-empty statements of {@code sql}, each as its list of significant tokens. */
    static List<List<Token>> statements(String sql) {
        return new SqlTokenizer(sql == null ? "" : sql).split();
    }

    private List<List<Token>> split() {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        Token token;
        while ((token = next()) != null) {
            if (token.isPunct(';')) {
                if (!current.isEmpty()) {
                    statements.add(List.copyOf(current));
                    current = new ArrayList<>();
                }
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            statements.add(List.copyOf(current));
        }
        return statements;
    }

    private Token next() {
        skipWhitespaceAndComments();
        if (pos >= sql.length()) {
            return null;
        }
        char c = sql.charAt(pos);
        if (c == '\'') {
            return new Token(Type.STRING, standardString());
        }
        if ((c == 'e' || c == 'E') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
            pos++;
            return new Token(Type.STRING, escapeString());
        }
        if (c == '"') {
            return new Token(Type.QUOTED_WORD, quotedIdentifier());
        }
        if (c == '$') {
            return dollar();
        }
        if (isIdentifierStart(c)) {
            int start = pos;
            while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
                pos++;
            }
            return new Token(Type.WORD, sql.substring(start, pos).toLowerCase(Locale.ROOT));
        }
        if (c >= '0' && c <= '9') {
            int start = pos;
            while (pos < sql.length() && (isIdentifierPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return new Token(Type.NUMBER, sql.substring(start, pos));
        }
        pos++;
        if (c == '?') {
            return new Token(Type.PARAMETER, "?");
        }
        return new Token(Type.PUNCT, String.valueOf(c));
    }

    private void skipWhitespaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && sql.startsWith("--", pos)) {
                int end = sql.indexOf('\n', pos);
                pos = end < 0 ? sql.length() : end + 1;
            } else if (c == '/' && sql.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    // Block comments nest in DuckDB (as in PostgreSQL): /* a /* b */ still a comment */.
    private void skipBlockComment() {
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    private String standardString() {
        StringBuilder content = new StringBuilder();
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '\'') {
                if (pos < sql.length() && sql.charAt(pos) == '\'') {
                    content.append('\'');
                    pos++;
                } else {
                    return content.toString();
                }
            } else {
                content.append(c);
            }
        }
        return content.toString();
    }

    private String escapeString() {
        StringBuilder content = new StringBuilder();
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '\\' && pos < sql.length()) {
                char escaped = sql.charAt(pos++);
                switch (escaped) {
                    case 'n' -> content.append('\n');
                    case 't' -> content.append('\t');
                    case 'r' -> content.append('\r');
                    default -> content.append(escaped);
                }
            } else if (c == '\'') {
                if (pos < sql.length() && sql.charAt(pos) == '\'') {
                    content.append('\'');
                    pos++;
                } else {
                    return content.toString();
                }
            } else {
                content.append(c);
            }
        }
        return content.toString();
    }

    private String quotedIdentifier() {
        StringBuilder content = new StringBuilder();
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '"') {
                if (pos < sql.length() && sql.charAt(pos) == '"') {
                    content.append('"');
                    pos++;
                } else {
                    return content.toString();
                }
            } else {
                content.append(c);
            }
        }
        return content.toString();
    }

    // "$" starts a dollar-quoted string ($$..$$, $tag$..$tag$), a numbered parameter ($1) or a named
    // parameter ($name, DuckDB's prepared-statement syntax).
    private Token dollar() {
        int start = pos;
        int i = pos + 1;
        if (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                i++;
            }
            pos = i;
            return new Token(Type.PARAMETER, sql.substring(start, pos));
        }
        if (i < sql.length() && isIdentifierStart(sql.charAt(i))) {
            i++;
            // A tag may not contain '$' itself, unlike an identifier.
            while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        if (i < sql.length() && sql.charAt(i) == '$') {
            String delimiter = sql.substring(start, i + 1);
            int bodyStart = i + 1;
            int end = sql.indexOf(delimiter, bodyStart);
            if (end < 0) {
                pos = sql.length();
                return new Token(Type.STRING, sql.substring(bodyStart));
            }
            pos = end + delimiter.length();
            return new Token(Type.STRING, sql.substring(bodyStart, end));
        }
        if (i > start + 1) {
            pos = i;
            return new Token(Type.PARAMETER, sql.substring(start, pos));
        }
        pos++;
        return new Token(Type.PUNCT, "$");
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentifierPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }
}
