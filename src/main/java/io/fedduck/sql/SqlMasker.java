package io.fedduck.sql;

/**
 * Replaces credential values in SQL or error text with {@code ****} before it is logged, keeping the
 * rest of the text as it was.
 *
 * <p>One left-to-right pass, linear in the length of the text: each character is looked at a bounded
 * number of times, and a look-ahead that fails never runs twice over the same stretch (regular
 * expressions did, and took seconds for one long string constant).
 *
 * <p>Context-free and deliberately eager: a credential word is recognised wherever it stands (in code,
 * inside string constants, comments or error text), and a non-secret value after it (say
 * {@code WHERE password = other_column}) is masked too, since a leaked secret costs more than a masked
 * column name. A credential word is a word that ends in one of {@link #KEYS} ({@code PASSWORD},
 * {@code db_password}, {@code s3_secret_access_key}, {@code SESSION_TOKEN}), in any case. Covered shapes:
 * {@code PASSWORD 'x'}, {@code password := 'x'}, {@code password => 'x'}, {@code password='x'}, libpq/ODBC/URL
 * key=value pairs ({@code password=x}, {@code pwd=x}, {@code password=''x y''} inside a SQL string),
 * {@code scheme://user:pw@host}, JSON {@code "password": "x"} and struct literals
 * <code>{'password': 'x'}</code>, {@code IDENTIFIED BY 'x'}, also in SQL that is itself a string constant
 * ({@code postgres_execute('pg', 'ALTER ROLE r PASSWORD ''x''')}). A string constant is masked with what
 * is concatenated to it ({@code PASSWORD 'a' || 'b'}), a named argument whole up to the next ',' or ')'
 * ({@code password := lower('x')}), and so is the password that FedDuck's {@code connect_database} takes
 * as its 7th positional argument. Placeholders ({@code PASSWORD ?}, {@code password = $1},
 * {@code password := ?}) are left alone.
 */
public final class SqlMasker {
    /** What a masked value becomes. */
    public static final String MASK = "****";

    // Word endings that name a credential (key ids and user names are not secret). A suffix covers the
    // longer names: token covers bearer_token, session_token, access_token, refresh_token; secret covers
    // client_secret.
    private static final String[] KEYS = {"password", "passwd", "pwd", "secret", "token", "secret_access_key",
        "account_key", "accountkey", "api_key", "apikey", "sharedaccesskey", "connection_string", "sig"};

    // Calls that take a password as a positional argument, and its position from 0: FedDuck's
    // connect_database(connection_name, database_type, host, port, database, username, password, ...)
    // and the connect_database_args macro behind it (io.fedduck.procedures.FederationProcedures; a test
    // there keeps the two in step).
    private static final String[] POSITIONAL_CALLS = {"connect_database", "connect_database_args"};
    private static final int POSITIONAL_PASSWORD = 6;

    private SqlMasker() {
    }

    /** {@code text} with every credential value replaced by {@code ****}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return new Scan(text).run();
    }

    /** How a credential word is tied to its value. */
    private enum Separator {
        /** {@code :=} or {@code =>}: a named argument. */
        NAMED,
        /** {@code =}. */
        EQUALS,
        /** {@code :}, as in JSON, YAML and struct literals. */
        COLON,
        /** White space only, as in {@code PASSWORD 'x'}. */
        SPACE
    }

    /** One masking pass over one text. */
    private static final class Scan {
        private final String text;
        private final int n;
        /** The masked text so far, created at the first mask. */
        private StringBuilder out;
        /** How much of {@code text} is in {@code out} (or stands for a mask in it). */
        private int copied;
        /** Whether the last {@link #literalEnd} found the closing quote. */
        private boolean closed;
        /** The last {@link #uriStop} answer: no stop character in [uriFrom, uriStop). */
        private int uriFrom = -1;
        private int uriStop = -1;
        /** Where the last {@link #expressionEnd} stopped: at its ',', ';' or bracket, a quote, or n. */
        private int stopAt;
        /** A positional password found ahead of the scan, [pendingStart, pendingEnd); masked on arrival. */
        private int pendingStart = -1;
        private int pendingEnd;
        /** Where the last reading of a call's arguments ended: calls inside them are not read again. */
        private int argumentsRead;

        Scan(String text) {
            this.text = text;
            this.n = text.length();
        }

        String run() {
            int i = 0;
            while (i < n) {
                if (pendingStart >= 0 && i >= pendingStart) {
                    i = maskPending(i);
                    continue;
                }
                char c = text.charAt(i);
                if (isWordChar(c) && (i == 0 || !isWordOrDollar(text.charAt(i - 1)))) {
                    i = word(i, wordEnd(i));
                } else if (c == ':' && text.startsWith("//", i + 1)) {
                    i = uri(i);
                } else {
                    i++;
                }
            }
            if (pendingStart >= 0) {
                maskPending(n);
            }
            if (out == null) {
                return text;
            }
            return out.append(text, copied, n).toString();
        }

        /** Masks the pending positional password, the scan being at {@code i}; returns where it goes on. */
        private int maskPending(int i) {
            int start = pendingStart;
            int end = pendingEnd;
            pendingStart = -1;
            if (copied <= start) {
                replace(start, end, "'" + MASK + "'");
            } else if (copied < end) {
                replace(copied, end, ""); // an earlier mask covered its start
            }
            return Math.max(i, end);
        }

        /** Writes {@code replacement} for text[start, end); masks come in text order. */
        private void replace(int start, int end, String replacement) {
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(text, copied, start).append(replacement);
            copied = end;
        }

        // ---- words ---------------------------------------------------------------------------------

        /** Handles the word text[s, e); returns where the scan goes on. */
        private int word(int s, int e) {
            char last = lower(text.charAt(e - 1));
            boolean keyLike = last == 'd' || last == 't' || last == 'n' || last == 'y' || last == 'g';
            boolean callLike = last == 'e' || last == 's';
            if (!keyLike && !callLike) {
                return e; // no key, IDENTIFIED or call ends otherwise: most words stop here
            }
            for (int k = s; k < e; k++) {
                if (text.charAt(k) == '$') {
                    return e;
                }
            }
            if (callLike) {
                if (s >= argumentsRead && pendingStart < 0 && isPositionalCall(s, e)) {
                    positionalPassword(s, e);
                }
                return e;
            }
            if (isIdentified(s, e)) {
                int end = identified(e);
                return end < 0 ? e : end;
            }
            if (!isKey(s, e)) {
                return e;
            }
            return key(s, e);
        }

        private boolean isIdentified(int s, int e) {
            return e - s == 10 && text.regionMatches(true, s, "identified", 0, 10);
        }

        private boolean isKey(int s, int e) {
            for (String key : KEYS) {
                int at = e - key.length();
                if (at >= s && text.regionMatches(true, at, key, 0, key.length())) {
                    return true;
                }
            }
            return false;
        }

        /** The credential word text[s, e): finds its separator and masks the value after it. */
        private int key(int s, int e) {
            boolean quoted = s > 0 && isQuote(text.charAt(s - 1)) && e < n && isQuote(text.charAt(e));
            int p = e;
            if (quoted) {
                char q = text.charAt(e);
                while (p < n && text.charAt(p) == q) {
                    p++;
                }
            }
            int afterKey = p;
            p = skipSpace(p);
            Separator separator;
            if (text.startsWith(":=", p) || text.startsWith("=>", p)) {
                separator = Separator.NAMED;
                p += 2;
            } else if (p < n && text.charAt(p) == '=') {
                if (p + 1 < n && text.charAt(p + 1) == '=') {
                    return e;
                }
                separator = Separator.EQUALS;
                p++;
            } else if (p < n && text.charAt(p) == ':') {
                if (p + 1 < n && text.charAt(p + 1) == ':') {
                    return e; // a cast
                }
                separator = Separator.COLON;
                p++;
            } else if (!quoted && p > afterKey) {
                separator = Separator.SPACE;
            } else {
                return e;
            }
            int v = skipSpace(p);
            if (v >= n) {
                return e;
            }
            int end = value(v, separator);
            return end < 0 ? e : end;
        }

        /** Masks the value at {@code v}; returns its end, or -1 when there is none to mask. */
        private int value(int v, Separator separator) {
            if (separator == Separator.NAMED) {
                return namedArgument(v);
            }
            char c = text.charAt(v);
            if (c == '\'') {
                return separator == Separator.EQUALS ? quotedPair(v) : literal(v);
            }
            if (c == '"' && separator != Separator.SPACE) {
                int end = doubleQuotedEnd(v);
                replace(v, end, "\"" + MASK + "\"");
                return end;
            }
            if (isEscapeStringStart(v) || dollarEnd(v) > 0) {
                return literal(v);
            }
            if (separator == Separator.EQUALS && !notBare(v)) {
                int end = bareEnd(v);
                if (end == v) {
                    return -1;
                }
                replace(v, end, MASK);
                // The value may end in a credential word with a value of its own (pwd=token 'x',
                // pwd=token:='x'): the scan goes on at that word.
                int wordEnd = end;
                while (wordEnd > v && end - wordEnd < 2 && ":=>".indexOf(text.charAt(wordEnd - 1)) >= 0) {
                    wordEnd--;
                }
                int last = wordEnd;
                while (last > v && isWordChar(text.charAt(last - 1))) {
                    last--;
                }
                boolean keyAtEnd = last < wordEnd && !isWordOrDollar(text.charAt(last - 1))
                        && (isKey(last, wordEnd) || isIdentified(last, wordEnd));
                return keyAtEnd ? last : end;
            }
            return -1;
        }

        /**
         * Masks the string constant at {@code v}: one in SQL that is itself inside a string constant
         * ({@code ''x''}, quotes doubled) when it is closed as such, else a plain one ({@code 'x'},
         * {@code E'x'}, {@code $$x$$}), which runs to the end of the text when unterminated; with what
         * is concatenated to it ({@code 'a' || 'b'}).
         */
        private int literal(int v) {
            int nested = nestedEnd(v);
            if (nested >= 0) {
                nested = concatenationEnd(nested, 2);
                replace(v, nested, "''" + MASK + "''");
                return nested;
            }
            int end = plainLiteralEnd(v);
            if (end < 0) {
                return -1;
            }
            end = concatenationEnd(end, 1);
            replace(v, end, "'" + MASK + "'");
            return end;
        }

        /**
         * {@code password := <expression>}: masks the whole argument up to the next ',' or closing
         * bracket outside brackets and strings, unless it is a lone placeholder or NULL.
         */
        private int namedArgument(int v) {
            if (placeholderOrNull(v)) {
                return -1;
            }
            int width = nestedEnd(v) >= 0 ? 2 : 1;
            int end = expressionEnd(v, width, true);
            if (end <= v) {
                return -1;
            }
            String quote = width == 2 ? "''" : "'";
            replace(v, end, quote + MASK + quote);
            return end;
        }

        private boolean isPositionalCall(int s, int e) {
            for (String call : POSITIONAL_CALLS) {
                if (e - s == call.length() && text.regionMatches(true, s, call, 0, call.length())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * {@code connect_database(...)} named by text[s, e): finds the positional password argument, to be
         * masked whole when the scan gets there (the arguments before it are scanned as usual).
         */
        private void positionalPassword(int s, int e) {
            int p = e;
            if (s > 0 && text.charAt(s - 1) == '"' && p < n && text.charAt(p) == '"') {
                p++;
            }
            p = skipSpaceAndComments(p);
            if (p >= n || text.charAt(p) != '(') {
                argumentsRead = p; // the comments skipped are not read again
                return;
            }
            int i = p + 1;
            for (int index = 0; ; index++) {
                int a = skipSpaceAndComments(i);
                if (a >= n || isNamed(a)) {
                    argumentsRead = a; // positional arguments come first; named ones are keys
                    return;
                }
                int end = expressionEnd(a, 1, true);
                if (index == POSITIONAL_PASSWORD) {
                    if (end > a && !placeholderOrNull(a)) {
                        pendingStart = a;
                        pendingEnd = end;
                    }
                    argumentsRead = stopAt;
                    return;
                }
                if (stopAt >= n || text.charAt(stopAt) != ',') {
                    argumentsRead = stopAt;
                    return;
                }
                i = stopAt + 1;
            }
        }

        /** Whether a named argument ({@code name := ...} or {@code name => ...}) starts at {@code a}. */
        private boolean isNamed(int a) {
            int p;
            if (text.charAt(a) == '"') {
                p = doubleQuotedEnd(a);
            } else if (isWordChar(text.charAt(a))) {
                p = wordEnd(a);
            } else {
                return false;
            }
            p = skipSpace(p);
            return text.startsWith(":=", p) || text.startsWith("=>", p);
        }

        /**
         * Whether the argument at {@code v} is a placeholder ({@code ?}, {@code ?1}, {@code $1},
         * {@code $name}) or NULL, and nothing else. (A comment after it makes it no lone one: this runs
         * for every credential word, and an unterminated comment would be read to its end each time.)
         */
        private boolean placeholderOrNull(int v) {
            int i = v;
            char c = text.charAt(i);
            if (text.regionMatches(true, v, "null", 0, 4) && (v + 4 == n || !isWordOrDollar(text.charAt(v + 4)))) {
                i += 4;
            } else if (c == '?') {
                i++;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
            } else if (c == '$' && i + 1 < n && isWordChar(text.charAt(i + 1))) {
                i++;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) == '$') {
                    return false; // a dollar quote
                }
            } else {
                return false;
            }
            i = skipSpace(i);
            if (i >= n) {
                return true;
            }
            char next = text.charAt(i);
            return next == ',' || next == ';' || next == ')' || next == ']' || next == '}' || next == '\'';
        }

        /**
         * The end of the expression at {@code v} (trailing blanks left out): it stops at a closing bracket
         * outside brackets, at ',' and ';' too when {@code commaStops}, and at fewer quotes than
         * {@code width} (the end of the string constant around it). Strings, quoted names and comments
         * are skipped whole. Sets {@link #stopAt}.
         */
        private int expressionEnd(int v, int width, boolean commaStops) {
            int depth = 0;
            int end = v;
            int i = v;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\'' && quoteRun(i) < width) {
                    break;
                }
                if (isStringStart(i, width)) {
                    i = stringEnd(i, width);
                    end = i;
                    continue;
                }
                if (isSpace(c)) {
                    i++;
                    continue;
                }
                if (text.startsWith("--", i) || text.startsWith("/*", i)) {
                    // Part of the expression, also at its end: what was read is not read again.
                    i = commentEnd(i);
                    end = i;
                    continue;
                }
                int token = c == '"' ? doubleQuotedEnd(i) : c == '$' ? dollarEnd(i) : -1;
                if (token > 0) {
                    i = token;
                    end = i;
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if ((c == ',' || c == ';') && depth == 0 && commaStops) {
                    break;
                }
                i++;
                end = i;
            }
            stopAt = i;
            return end;
        }

        /**
         * The end of what is concatenated to the string constant ending at {@code end}: {@code || 'b'},
         * {@code || f(...)}, {@code || (...)}, repeated, with casts ({@code ::VARCHAR}) between; {@code end}
         * when nothing is.
         */
        private int concatenationEnd(int end, int width) {
            int result = end;
            while (true) {
                int i = skipSpace(result);
                while (text.startsWith("::", i)) {
                    int type = operandEnd(skipSpace(i + 2), width);
                    if (type < 0) {
                        return result;
                    }
                    result = type;
                    i = skipSpace(type);
                }
                if (!text.startsWith("||", i)) {
                    return result;
                }
                int operand = operandEnd(skipSpace(i + 2), width);
                if (operand < 0) {
                    return result;
                }
                result = operand;
            }
        }

        /** The end of one operand of {@code ||} at {@code i}, or -1 when none starts there. */
        private int operandEnd(int i, int width) {
            if (i >= n) {
                return -1;
            }
            char c = text.charAt(i);
            if (c == '\'') {
                return quoteRun(i) >= width ? literalEnd(i, width) : -1;
            }
            if (isStringStart(i, width)) {
                return stringEnd(i, width);
            }
            int end = dollarEnd(i);
            if (end > 0) {
                return end;
            }
            if (c == '(') {
                return groupEnd(i, width);
            }
            if (c == '"') {
                end = doubleQuotedEnd(i);
            } else if (isWordOrDollar(c) || c == '?') {
                end = i + 1;
                while (end < n && (isWordOrDollar(text.charAt(end)) || text.charAt(end) == '.')) {
                    end++;
                }
            } else {
                return -1;
            }
            int p = skipSpace(end);
            return p < n && text.charAt(p) == '(' ? groupEnd(p, width) : end; // a function's arguments
        }

        /** The end of the bracketed group opening at {@code open}: after its ')', or where the text stops. */
        private int groupEnd(int open, int width) {
            int end = expressionEnd(open + 1, width, false);
            return stopAt < n && text.charAt(stopAt) == ')' ? stopAt + 1 : end;
        }

        /**
         * {@code password='...'}: a SQL string or a libpq quoted value ({@code \'} for a quote), in SQL or
         * doubled inside a SQL string; the longest reading is masked.
         */
        private int quotedPair(int v) {
            int nested = nestedEnd(v);
            if (text.startsWith("''", v)) {
                nested = Math.max(nested, libpqEnd(v, 2));
            }
            int plain = Math.max(literalEnd(v, 1), libpqEnd(v, 1));
            if (nested >= plain) {
                nested = concatenationEnd(nested, 2);
                replace(v, nested, "''" + MASK + "''");
                return nested;
            }
            plain = concatenationEnd(plain, 1);
            replace(v, plain, "'" + MASK + "'");
            return plain;
        }

        /**
         * IDENTIFIED BY 'x', IDENTIFIED WITH plugin BY 'x', IDENTIFIED WITH plugin AS 'hash',
         * IDENTIFIED BY PASSWORD 'hash'; {@code e} is the end of IDENTIFIED. Returns -1 for other text.
         */
        private int identified(int e) {
            int p = skipSpace(e);
            if (p == e || p >= n) {
                return -1;
            }
            if (wordAt(p, "with")) {
                int q = skipSpace(p + 4);
                if (q == p + 4 || q >= n) {
                    return -1;
                }
                p = q;
                char c = text.charAt(p);
                if (isQuote(c)) {
                    int close = text.indexOf(c, p + 1);
                    if (close < 0) {
                        return -1;
                    }
                    p = close + 1;
                } else {
                    while (p < n && !isSpace(text.charAt(p)) && !isQuote(text.charAt(p))) {
                        p++;
                    }
                }
                q = skipSpace(p);
                if (q == p) {
                    return -1;
                }
                p = q;
            }
            if (!(wordAt(p, "by") || wordAt(p, "as"))) {
                return -1;
            }
            int q = skipSpace(p + 2);
            if (q == p + 2 || q >= n) {
                return -1;
            }
            p = q;
            if (wordAt(p, "password")) {
                q = skipSpace(p + 8);
                if (q > p + 8 && q < n) {
                    p = q;
                }
            }
            if (text.charAt(p) != '\'' && !isEscapeStringStart(p) && dollarEnd(p) < 0) {
                return -1;
            }
            return literal(p);
        }

        /** Whether text at {@code p} starts with {@code word} (any case) followed by white space. */
        private boolean wordAt(int p, String word) {
            int end = p + word.length();
            return end < n && text.regionMatches(true, p, word, 0, word.length()) && isSpace(text.charAt(end));
        }

        // ---- URIs ----------------------------------------------------------------------------------

        /** {@code scheme://user:password@host} with "://" at {@code i}: masks the password. */
        private int uri(int i) {
            boolean letter = false;
            for (int j = i - 1; j >= 0 && isSchemeChar(text.charAt(j)); j--) {
                letter |= isAsciiLetter(text.charAt(j));
            }
            if (!letter) {
                return i + 1;
            }
            int p = i + 3;
            while (p < n && !isUserInfoStop(text.charAt(p))) {
                p++;
            }
            if (p >= n || text.charAt(p) != ':') {
                return i + 1;
            }
            int password = p + 1;
            int stop = uriStop(password);
            if (stop >= n || stop == password || text.charAt(stop) != '@') {
                return i + 1;
            }
            replace(password, stop, MASK);
            return stop;
        }

        /** The first '@', white space or quote at or after {@code from}, or n; remembered for the next call. */
        private int uriStop(int from) {
            if (uriFrom >= 0 && from >= uriFrom && from <= uriStop) {
                return uriStop;
            }
            int k = from;
            while (k < n && !isPasswordStop(text.charAt(k))) {
                k++;
            }
            uriFrom = from;
            uriStop = k;
            return k;
        }

        // ---- the ends of tokens --------------------------------------------------------------------

        private int wordEnd(int i) {
            int k = i;
            while (k < n && isWordOrDollar(text.charAt(k))) {
                k++;
            }
            return k;
        }

        private int skipSpace(int i) {
            int k = i;
            while (k < n && isSpace(text.charAt(k))) {
                k++;
            }
            return k;
        }

        private int skipSpaceAndComments(int i) {
            int k = skipSpace(i);
            while (text.startsWith("--", k) || text.startsWith("/*", k)) {
                k = skipSpace(commentEnd(k));
            }
            return k;
        }

        /** The end of the comment at {@code i}: a line comment to its line break, a block comment (nested). */
        private int commentEnd(int i) {
            if (text.charAt(i) == '-') {
                int k = i + 2;
                while (k < n && text.charAt(k) != '\n' && text.charAt(k) != '\r') {
                    k++;
                }
                return k;
            }
            int depth = 0;
            int k = i;
            while (k < n) {
                if (text.startsWith("/*", k)) {
                    depth++;
                    k += 2;
                } else if (text.startsWith("*/", k)) {
                    k += 2;
                    if (--depth == 0) {
                        return k;
                    }
                } else {
                    k++;
                }
            }
            return n;
        }

        /** The number of single quotes in a row from {@code i}. */
        private int quoteRun(int i) {
            int k = i;
            while (k < n && text.charAt(k) == '\'') {
                k++;
            }
            return k - i;
        }

        /**
         * The end of the string constant at {@code v} read as one inside a string constant
         * ({@code ''x''}), or -1 when that reading does not fit. It fits when it is closed, and also when a
         * word follows its quotes right away ({@code PASSWORD ''abc'} with the inner quote forgotten, where
         * reading an empty string {@code ''} would leave {@code abc} in clear); not for
         * {@code PASSWORD '', USER 'u'}.
         */
        private int nestedEnd(int v) {
            boolean escapes = isEscapeStringStart(v);
            int q = escapes ? v + 1 : v;
            if (!nestedStart(q)) {
                return -1;
            }
            int end = literalEnd(q, 2, escapes);
            return closed || isWordChar(text.charAt(q + quoteRun(q))) ? end : -1;
        }

        /**
         * Whether the quotes at {@code v} may open a string constant inside a string constant: two quotes
         * (and escaped quotes, four each), then something else.
         */
        private boolean nestedStart(int v) {
            int run = quoteRun(v);
            return run >= 2 && (run - 2) % 4 == 0 && v + run < n;
        }

        /**
         * The end of the string constant whose opening quote starts at {@code v}, where one quote is
         * {@code width} quotes of the text (1 in SQL, 2 in SQL inside a string constant). Inside, twice the
         * width is an escaped quote. Sets {@link #closed}: false when the text ends first, or when fewer
         * quotes than the width end the string around it; then, if there were escaped quotes, the last
         * of them is read as the closing quote instead (closed, as a regular expression would backtrack), unless
         * that leaves the string empty. With {@code backslash} (an {@code E'...'} string), a backslash
         * escapes the character or quote after it.
         */
        private int literalEnd(int v, int width, boolean backslash) {
            int lastEscape = -1;
            int i = v + width;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\' && backslash) {
                    i += 1 + Math.max(1, Math.min(quoteRun(i + 1), width));
                    continue;
                }
                if (c != '\'') {
                    i++;
                    continue;
                }
                int run = quoteRun(i);
                int escaped = run / (2 * width) * (2 * width);
                int rest = run - escaped;
                if (rest >= width) {
                    closed = true;
                    return i + escaped + width;
                }
                if (rest > 0) {
                    if (escaped > 0) {
                        lastEscape = i + escaped - 2 * width;
                    }
                    return unclosed(v, i + escaped, lastEscape, width);
                }
                i += run;
                lastEscape = i - 2 * width;
            }
            return unclosed(v, n, lastEscape, width);
        }

        private int literalEnd(int v, int width) {
            return literalEnd(v, width, false);
        }

        /** The end of {@code 'x'} or {@code E'x'} at {@code v} whose quote is {@code width} quotes of the text. */
        private int stringEnd(int v, int width) {
            return text.charAt(v) == '\'' ? literalEnd(v, width, false) : literalEnd(v + 1, width, true);
        }

        /** Whether a string constant whose quote is {@code width} quotes of the text starts at {@code v}. */
        private boolean isStringStart(int v, int width) {
            return text.charAt(v) == '\'' ? quoteRun(v) >= width
                    : isEscapeStringStart(v) && quoteRun(v + 1) >= width;
        }

        private int unclosed(int v, int end, int lastEscape, int width) {
            if (width > 1 && lastEscape > v + width) {
                closed = true;
                return lastEscape + width;
            }
            closed = false;
            return end;
        }

        /** The end of {@code 'x'}, {@code E'x'} or {@code $tag$x$tag$} at {@code v}, or -1. */
        private int plainLiteralEnd(int v) {
            if (isStringStart(v, 1)) {
                return stringEnd(v, 1);
            }
            return dollarEnd(v);
        }

        private boolean isEscapeStringStart(int v) {
            char c = text.charAt(v);
            return (c == 'E' || c == 'e') && v + 1 < n && text.charAt(v + 1) == '\''
                    && (v == 0 || !isWordOrDollar(text.charAt(v - 1)));
        }

        /** The end of the dollar-quoted string at {@code v} (to the end when unterminated), or -1. */
        private int dollarEnd(int v) {
            if (text.charAt(v) != '$') {
                return -1;
            }
            int i = v + 1;
            if (i < n && isIdentifierStart(text.charAt(i))) {
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
            }
            if (i >= n || text.charAt(i) != '$') {
                return -1;
            }
            int tagLength = i - v - 1;
            // The closing $tag$ is two consecutive dollars with the tag between them: look at each pair
            // once, so a long tag costs no more than the text it spans.
            int k = text.indexOf('$', i + 1);
            while (k >= 0) {
                int next = text.indexOf('$', k + 1);
                if (next < 0) {
                    return n;
                }
                if (next - k - 1 == tagLength && text.regionMatches(k + 1, text, v + 1, tagLength)) {
                    return next + 1;
                }
                k = next;
            }
            return n;
        }

        /**
         * The end of a libpq quoted value at {@code v} ({@code \'} escapes a quote), whose quote is
         * {@code width} quotes of the text; -1 when it is not closed.
         */
        private int libpqEnd(int v, int width) {
            int i = v + width;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i += 1 + (text.startsWith("''", i + 1) && width == 2 ? 2 : 1);
                } else if (c == '\'') {
                    if (width == 1) {
                        return i + 1;
                    }
                    return i + 1 < n && text.charAt(i + 1) == '\'' ? i + 2 : -1;
                } else {
                    i++;
                }
            }
            return width == 1 ? n : -1;
        }

        /** The end of {@code "..."} at {@code v}: backslash escapes and {@code ""}; to the end when unterminated. */
        private int doubleQuotedEnd(int v) {
            int i = v + 1;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        i += 2;
                    } else {
                        return i + 1;
                    }
                } else {
                    i++;
                }
            }
            return n;
        }

        /** Whether the text at {@code v} is no bare value: a quote, a placeholder or an earlier mask. */
        private boolean notBare(int v) {
            char c = text.charAt(v);
            return c == '\'' || c == '"' || c == '?' || c == ':' || c == '=' || c == '>'
                    || c == '$' && v + 1 < n && isDigit(text.charAt(v + 1))
                    || text.startsWith(MASK, v);
        }

        /** The end of a bare connection-string value: up to white space, a quote, ';' or '&'. */
        private int bareEnd(int v) {
            int i = v;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < n && !isLineBreak(text.charAt(i + 1))) {
                    i += text.startsWith("''", i + 1) ? 3 : 2;
                } else if (isSpace(c) || c == '\'' || c == '"' || c == ';' || c == '&') {
                    break;
                } else {
                    i++;
                }
            }
            return i;
        }
    }

    // ---- characters (ASCII, as SQL keywords and libpq keys are) ------------------------------------

    private static boolean isWordChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_';
    }

    private static boolean isWordOrDollar(char c) {
        return isWordChar(c) || c == '$';
    }

    private static boolean isIdentifierStart(char c) {
        return isAsciiLetter(c) || c == '_';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '+' || c == '.' || c == '-';
    }

    /** Ends the user name of a URI's user information. */
    private static boolean isUserInfoStop(char c) {
        return c == ':' || c == '/' || c == '@' || isSpace(c) || isQuote(c);
    }

    /** Ends the password of a URI's user information. */
    private static boolean isPasswordStop(char c) {
        return c == '@' || isSpace(c) || isQuote(c);
    }
}
