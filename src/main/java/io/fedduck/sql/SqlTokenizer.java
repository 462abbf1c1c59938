package io.fedduck.sql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits DuckDB SQL into statements and significant tokens, skipping comments and keeping string
 * constants whole, so that the classifier never mistakes text inside a string or comment for SQL.
 *
 * <p>Deliberately lexical, but it must see exactly the token boundaries DuckDB 1.4 sees, or a statement
 * could hide inside what only this class takes for a string. So it follows DuckDB's own steps
 * ({@code Parser::ParseQuery}, {@code third_party/libpg_query/scan.l}):
 * <ol>
 *   <li>the text as the JDBC driver sends it, UTF-8 (an unpaired surrogate becomes {@code ?});</li>
 *   <li>DuckDB's Unicode spaces (U+00A0, U+2000..U+200B, U+202F, U+205F, U+2060, U+3000, U+FEFF)
 *       replaced by plain spaces with DuckDB's own quote tracking, repeated until nothing changes;</li>
 *   <li>the PostgreSQL scanner rules: whitespace is only space, tab, CR, LF and FF; every non-ASCII
 *       character is an identifier character; identifiers continue with digits and {@code $};
 *       {@code --} comments end at CR or LF; block comments nest; {@code '..'} with {@code ''};
 *       {@code E'..'} with backslash escapes; {@code B'..'}, {@code X'..'}, {@code N'..'},
 *       {@code U&'..'}; string constants separated by whitespace containing a newline are one constant
 *       (and keep the first one's escape rules); {@code ".."} and {@code U&".."} with {@code ""};
 *       {@code $$..$$} and {@code $tag$..$tag$}.</li>
 * </ol>
 * An unterminated string, identifier or comment, or a NUL character (DuckDB's parser stops reading
 * at it), is reported as a {@link Lexed#problem()}: the rest of the text cannot be checked.
 */
final class SqlTokenizer {

    /** What a token is. */
    enum Type {
        /** An unquoted identifier or keyword, lower-cased (ASCII only, as DuckDB does). */
        WORD,
        /** A double-quoted identifier, unquoted, case kept. */
        QUOTED_WORD,
        /** A string constant, its content unescaped (E-string escapes decoded). */
        STRING,
        /** A number. */
        NUMBER,
        /** A parameter: {@code ?}, {@code ?1}, {@code $1}, {@code $name}. */
        PARAMETER,
        /** One punctuation or operator character. */
        PUNCT
    }

    /**
     * One significant token.
     *
     * @param text the token's value: lower-cased for a {@link Type#WORD}, unquoted and unescaped for
     *     quoted identifiers and strings, as written otherwise
     * @param start the offset of its first character in the text (the text as given and as DuckDB reads it
     *     have the same length: DuckDB's rewriting replaces one character by one space)
     * @param end the offset just after its last character
     */
    record Token(Type type, String text, int start, int end) {

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

    /**
     * The statements of a SQL text.
     *
     * @param statements the non-empty statements, each as its significant tokens
     * @param problem why the text cannot be read to its end as DuckDB reads it (e.g. {@code an
     *     unterminated quoted string}), or null
     * @param comments whether the text has a comment
     * @param semicolons whether the text has a {@code ;} outside strings and comments
     * @param maxCommentDepth the deepest nesting of block comments
     */
    record Lexed(List<List<Token>> statements, String problem, boolean comments, boolean semicolons,
                 int maxCommentDepth) {

        static final Lexed EMPTY = new Lexed(List.of(), null, false, false, 0);
    }

    private final String sql;
    private int pos;
    private int tokenStart;
    private String problem;
    private boolean comments;
    private boolean semicolons;

    /** The deepest block-comment nesting seen. */
    private int maxCommentDepth;

    private SqlTokenizer(String sql) {
        this.sql = sql;
    }

    /** The non-empty statements of {@code sql}, each as its list of significant tokens. */
    static List<List<Token>> statements(String sql) {
        return lex(sql).statements();
    }

    /** The statements of {@code sql}, and whether it could be read to its end. */
    static Lexed lex(String sql) {
        if (sql == null || sql.isEmpty()) {
            return Lexed.EMPTY;
        }
        SqlTokenizer tokenizer = new SqlTokenizer(asDuckDbReadsIt(sql));
        List<List<Token>> statements = tokenizer.split();
        String problem = tokenizer.problem;
        if (problem == null && sql.indexOf('\0') >= 0) {
            problem = "a NUL character";
        }
        return new Lexed(statements, problem, tokenizer.comments, tokenizer.semicolons, tokenizer.maxCommentDepth);
    }

    private List<List<Token>> split() {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        Token token;
        while ((token = next()) != null) {
            if (token.isPunct(';')) {
                semicolons = true;
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
        tokenStart = pos;
        char c = sql.charAt(pos);
        char c1 = charAt(pos + 1);
        if (c == '\'') {
            pos++;
            return token(Type.STRING, stringConstant(false));
        }
        if ((c == 'e' || c == 'E') && c1 == '\'') {
            pos += 2;
            return token(Type.STRING, stringConstant(true));
        }
        // B'..' bit strings, X'..' hex strings, N'..' national strings: standard quoting.
        if ("bBxXnN".indexOf(c) >= 0 && c1 == '\'') {
            pos += 2;
            return token(Type.STRING, stringConstant(false));
        }
        if ((c == 'u' || c == 'U') && c1 == '&' && charAt(pos + 2) == '\'') {
            pos += 3;
            return token(Type.STRING, stringConstant(false));
        }
        if ((c == 'u' || c == 'U') && c1 == '&' && charAt(pos + 2) == '"') {
            // DuckDB 1.4 cannot decode U& escapes ("unicode_to_utf8 NOT IMPLEMENTED"): the text as written
            // is the only name it can resolve.
            pos += 3;
            return token(Type.QUOTED_WORD, quotedIdentifier());
        }
        if (c == '"') {
            pos++;
            return token(Type.QUOTED_WORD, quotedIdentifier());
        }
        if (c == '$') {
            return dollar();
        }
        if (isIdentifierStart(c)) {
            int start = pos;
            while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
                pos++;
            }
            return token(Type.WORD, asciiLowerCase(sql.substring(start, pos)));
        }
        if (isDigit(c)) {
            return number();
        }
        pos++;
        if (c == '?') {
            int start = pos - 1;
            pos = afterInteger(pos);
            return token(Type.PARAMETER, sql.substring(start, pos));
        }
        return token(Type.PUNCT, String.valueOf(c));
    }

    // A token from tokenStart to the current position; call it after the token's text is read.
    private Token token(Type type, String text) {
        return new Token(type, text, tokenStart, pos);
    }

    private char charAt(int index) {
        return index < sql.length() ? sql.charAt(index) : '\0';
    }

    private void skipWhitespaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '-' && charAt(pos + 1) == '-') {
                comments = true;
                pos = endOfLine(pos);
            } else if (c == '/' && charAt(pos + 1) == '*') {
                comments = true;
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    // A -- comment ends at CR or LF (not only LF: "--x\rDROP TABLE t" is a DROP for DuckDB).
    private int endOfLine(int from) {
        int i = from;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    // Block comments nest in DuckDB (as in PostgreSQL): /* a /* b */ still a comment */.
    private void skipBlockComment() {
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                maxCommentDepth = Math.max(maxCommentDepth, depth);
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                pos += 2;
                if (--depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        unterminated("an unterminated /* comment");
    }

    private void unterminated(String what) {
        if (problem == null) {
            problem = what;
        }
    }

    // After the opening quote. With escapes (E'..'), a backslash escapes the next character; '' is a quote
    // in both forms. A constant continues after whitespace that holds a newline and another quote, with the
    // first part's escape rules.
    private String stringConstant(boolean escapes) {
        Utf8 content = new Utf8();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (escapes && c == '\\') {
                pos = unescape(pos, content);
            } else if (c == '\'') {
                if (charAt(pos + 1) == '\'' && pos + 1 < sql.length()) {
                    content.text("'");
                    pos += 2;
                } else {
                    int continued = continuation(pos + 1);
                    if (continued < 0) {
                        pos++;
                        return content.toString();
                    }
                    pos = continued + 1;
                }
            } else {
                int start = pos;
                while (pos < sql.length() && sql.charAt(pos) != '\'' && !(escapes && sql.charAt(pos) == '\\')) {
                    pos++;
                }
                content.text(sql.substring(start, pos));
            }
        }
        unterminated("an unterminated quoted string");
        return content.toString();
    }

    /** String content built as DuckDB builds it: bytes, since octal and hex escapes add single bytes. */
    private static final class Utf8 {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void text(String s) {
            bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void rawByte(int b) {
            bytes.write(b);
        }

        @Override
        public String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    // scan.l's {quotecontinue}: horizontal space or -- comments, a newline, then any space or
    // comment-plus-newline, then a quote. Returns the index of that quote, or -1.
    private int continuation(int from) {
        int i = from;
        boolean newline = false;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                i++;
            } else if (c == '\n' || c == '\r') {
                newline = true;
                i++;
            } else if (c == '-' && charAt(i + 1) == '-') {
                i = endOfLine(i);
                if (i >= sql.length()) {
                    return -1;
                }
            } else {
                break;
            }
        }
        return newline && i < sql.length() && sql.charAt(i) == '\'' ? i : -1;
    }

    // One backslash escape of an E'..' constant at index; returns the index after it.
    private int unescape(int at, Utf8 content) {
        int i = at + 1;
        if (i >= sql.length()) {
            return i;
        }
        char c = sql.charAt(i);
        if (c >= '0' && c <= '7') {
            int end = i;
            while (end < sql.length() && end < i + 3 && sql.charAt(end) >= '0' && sql.charAt(end) <= '7') {
                end++;
            }
            content.rawByte(Integer.parseInt(sql.substring(i, end), 8) & 0xFF);
            return end;
        }
        if (c == 'x' && isHexDigit(charAt(i + 1))) {
            int end = i + 1;
            while (end < sql.length() && end < i + 3 && isHexDigit(sql.charAt(end))) {
                end++;
            }
            content.rawByte(Integer.parseInt(sql.substring(i + 1, end), 16));
            return end;
        }
        int unicodeDigits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (unicodeDigits > 0 && hexRun(i + 1, unicodeDigits)) {
            // DuckDB 1.4 rejects these ("unicode_to_utf8 NOT IMPLEMENTED"); decoded anyway.
            long unicode = Long.parseLong(sql.substring(i + 1, i + 1 + unicodeDigits), 16);
            content.text(Character.isValidCodePoint((int) Math.min(unicode, Integer.MAX_VALUE))
                    ? new String(Character.toChars((int) unicode)) : "\uFFFD");
            return i + 1 + unicodeDigits;
        }
        int codePoint = sql.codePointAt(i);
        content.text(switch (c) {
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            default -> Character.toString(codePoint);
        });
        return i + Character.charCount(codePoint);
    }

    private boolean hexRun(int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (!isHexDigit(charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // After the opening quote (of ".." or U&".."); "" is a quote.
    private String quotedIdentifier() {
        StringBuilder content = new StringBuilder();
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '"') {
                if (charAt(pos) == '"' && pos < sql.length()) {
                    content.append('"');
                    pos++;
                } else {
                    return content.toString();
                }
            } else {
                content.append(c);
            }
        }
        unterminated("an unterminated quoted identifier");
        return content.toString();
    }

    // "$" starts a dollar-quoted string ($$..$$, $tag$..$tag$), a numbered parameter ($1) or a named
    // parameter ($name). Inside an identifier, "$" is part of it (a$$b is one name), handled there.
    private Token dollar() {
        int start = pos;
        int i = pos + 1;
        if (isDigit(charAt(i)) && i < sql.length()) {
            pos = afterInteger(i);
            return token(Type.PARAMETER, sql.substring(start, pos));
        }
        if (i < sql.length() && isDollarTagStart(sql.charAt(i))) {
            i++;
            while (i < sql.length() && isDollarTagPart(sql.charAt(i))) {
                i++;
            }
        }
        if (i < sql.length() && sql.charAt(i) == '$') {
            String delimiter = sql.substring(start, i + 1);
            int bodyStart = i + 1;
            int end = sql.indexOf(delimiter, bodyStart);
            if (end < 0) {
                pos = sql.length();
                unterminated("an unterminated dollar-quoted string");
                return token(Type.STRING, sql.substring(bodyStart));
            }
            pos = end + delimiter.length();
            return token(Type.STRING, sql.substring(bodyStart, end));
        }
        if (i > start + 1) {
            pos = i;
            return token(Type.PARAMETER, sql.substring(start, pos));
        }
        pos++;
        return token(Type.PUNCT, "$");
    }

    // integer, decimal or real as scan.l has them; a following letter, '$' or quote starts a new token
    // (1e'x' is 1 and then E'x').
    private Token number() {
        int start = pos;
        pos = afterInteger(pos);
        if (charAt(pos) == '.' && charAt(pos + 1) != '.' && pos < sql.length()) {
            pos++;
            if (isDigit(charAt(pos))) {
                pos = afterInteger(pos);
            }
        }
        char e = charAt(pos);
        if (e == 'e' || e == 'E') {
            int exponent = pos + 1;
            if (charAt(exponent) == '+' || charAt(exponent) == '-') {
                exponent++;
            }
            if (isDigit(charAt(exponent))) {
                pos = afterInteger(exponent);
            }
        }
        return token(Type.NUMBER, sql.substring(start, pos));
    }

    // digit(_?digit)*
    private int afterInteger(int from) {
        int i = from;
        while (i < sql.length()) {
            if (isDigit(sql.charAt(i))) {
                i++;
            } else if (sql.charAt(i) == '_' && i > from && isDigit(charAt(i + 1))) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    // scan.l: ident_start [A-Za-z\200-\377_], ident_cont [A-Za-z\200-\377_0-9\$]. Any non-ASCII character
    // is UTF-8 bytes >= 0x80, so part of a name, whatever Unicode calls it.
    private static boolean isIdentifierStart(char c) {
        return isAsciiLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    // scan.l: dolq_start [A-Za-z\200-\377_], dolq_cont [A-Za-z\200-\377_0-9].
    private static boolean isDollarTagStart(char c) {
        return isIdentifierStart(c);
    }

    private static boolean isDollarTagPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    private static String asciiLowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    // ---- the text DuckDB's scanner reads ------------------------------------------------------------

    /**
     * {@code sql} as DuckDB's scanner gets it: UTF-8 as duckdb_jdbc sends it, then
     * {@code Parser::StripUnicodeSpaces} until it changes nothing ({@code ParseQuery} calls itself again
     * after each strip).
     */
    static String asDuckDbReadsIt(String sql) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        for (byte[] stripped = stripUnicodeSpaces(bytes); stripped != null; stripped = stripUnicodeSpaces(bytes)) {
            bytes = stripped;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private enum StripState { REGULAR, QUOTED, DOLLAR_QUOTED, COMMENT, END }

    /**
     * A byte-for-byte rendering of DuckDB 1.4's {@code Parser::StripUnicodeSpaces}, quirks included: it
     * tracks quotes, dollar quotes and -- comments its own way (no block comments, no E'..' escapes, its
     * loops stop two bytes before the end), and only the Unicode spaces it finds outside them become
     * spaces. Returns null when there is nothing to replace.
     */
    private static byte[] stripUnicodeSpaces(byte[] q) {
        int n = q.length;
        List<int[]> spaces = new ArrayList<>();
        int pos = 0;
        int quote = 0;
        byte[] tag = new byte[0];
        StripState state = StripState.REGULAR;
        while (state != StripState.END) {
            switch (state) {
                case REGULAR -> {
                    state = StripState.END;
                    regular:
                    for (; pos + 2 < n; pos++) {
                        int c = q[pos] & 0xFF;
                        int c1 = q[pos + 1] & 0xFF;
                        int c2 = q[pos + 2] & 0xFF;
                        if (c == 0xC2 && c1 == 0xA0) {
                            spaces.add(new int[] {pos, 2});
                        }
                        if (c == 0xE2) {
                            if (c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8B) || c2 == 0xAF)) {
                                spaces.add(new int[] {pos, 3});
                            } else if (c1 == 0x81 && (c2 == 0x9F || c2 == 0xA0)) {
                                spaces.add(new int[] {pos, 3});
                            }
                        } else if (c == 0xE3) {
                            if (c1 == 0x80 && c2 == 0x80) {
                                spaces.add(new int[] {pos, 3});
                            }
                        } else if (c == 0xEF) {
                            if (c1 == 0xBB && c2 == 0xBF) {
                                spaces.add(new int[] {pos, 3});
                            }
                        } else if (c == '"' || c == '\'') {
                            quote = c;
                            pos++;
                            state = StripState.QUOTED;
                            break regular;
                        } else if (c == '$' && (c1 == '$' || isStripTagFirst(c1))) {
                            int start = ++pos;
                            for (; pos + 2 < n; pos++) {
                                if (q[pos] == '$') {
                                    tag = Arrays.copyOfRange(q, start, pos);
                                    state = StripState.DOLLAR_QUOTED;
                                    break regular;
                                }
                                if (!isStripTagNext(q[pos] & 0xFF)) {
                                    // "goto regular": look at this byte again, without pos++
                                    state = StripState.REGULAR;
                                    break regular;
                                }
                            }
                            state = StripState.END;
                            break regular;
                        } else if (c == '-' && c1 == '-') {
                            state = StripState.COMMENT;
                            break regular;
                        }
                    }
                }
                case QUOTED -> {
                    state = StripState.END;
                    for (; pos + 1 < n; pos++) {
                        if ((q[pos] & 0xFF) == quote) {
                            if ((q[pos + 1] & 0xFF) == quote) {
                                pos++;
                                continue;
                            }
                            pos++;
                            state = StripState.REGULAR;
                            break;
                        }
                    }
                }
                case DOLLAR_QUOTED -> {
                    state = StripState.END;
                    for (; pos + 2 < n; pos++) {
                        if (q[pos] == '$' && n - (pos + 1) >= tag.length + 1 && q[pos + tag.length + 1] == '$'
                                && Arrays.equals(q, pos + 1, pos + 1 + tag.length, tag, 0, tag.length)) {
                            pos += tag.length + 1;
                            state = StripState.REGULAR;
                            break;
                        }
                    }
                }
                case COMMENT -> {
                    state = StripState.END;
                    for (; pos < n; pos++) {
                        if (q[pos] == '\n' || q[pos] == '\r') {
                            state = StripState.REGULAR;
                            break;
                        }
                    }
                }
                default -> state = StripState.END;
            }
        }
        if (spaces.isEmpty()) {
            return null;
        }
        byte[] result = new byte[n];
        int length = 0;
        int previous = 0;
        for (int[] space : spaces) {
            System.arraycopy(q, previous, result, length, space[0] - previous);
            length += space[0] - previous;
            result[length++] = ' ';
            previous = space[0] + space[1];
        }
        System.arraycopy(q, previous, result, length, n - previous);
        length += n - previous;
        return Arrays.copyOf(result, length);
    }

    // StripUnicodeSpaces's own (narrower) idea of a dollar-quote tag: no '_'.
    private static boolean isStripTagFirst(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
    }

    private static boolean isStripTagNext(int c) {
        return isStripTagFirst(c) || (c >= '0' && c <= '9');
    }
}
