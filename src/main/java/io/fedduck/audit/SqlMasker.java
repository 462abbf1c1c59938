package io.fedduck.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces credential values in SQL or error text with {@code ****} before it is logged, keeping the
 * rest of the text as it was.
 *
 * <p>Pattern-based and deliberately eager: a non-secret value after a credential word (say
 * {@code WHERE password = other_column}) is masked too, since a leaked secret costs more than a masked
 * column name. Covered shapes: {@code PASSWORD 'x'}, {@code password := 'x'}, {@code password => 'x'},
 * {@code password='x'}, libpq/ODBC/URL key=value pairs ({@code password=x}, {@code pwd=x},
 * {@code password=''x y''} inside a SQL string), {@code scheme://user:pw@host}, JSON
 * {@code "password": "x"} and struct literals <code>{'password': 'x'}</code>, {@code IDENTIFIED BY 'x'},
 * {@code SECRET 'x'}, {@code TOKEN 'x'} and the like, also in SQL that is itself a string constant
 * ({@code postgres_execute('pg', 'ALTER ROLE r PASSWORD ''x''')}). Placeholders ({@code PASSWORD ?},
 * {@code password = $1}) are left alone.
 */
public final class SqlMasker {
    /** What a masked value becomes. */
    public static final String MASK = "****";

    // Words whose following literal is a credential (key ids and user names are not secret).
    private static final String LITERAL_KEYS = "password|passwd|pwd|secret|token|bearer_token|session_token"
            + "|access_token|refresh_token|client_secret|secret_access_key|account_key|api_key|connection_string";
    // Keys whose value is a credential in connection strings (libpq, ODBC, Azure, URL query strings).
    private static final String PAIR_KEYS = "password|passwd|pwd|secret|token|access_token|client_secret"
            + "|api_key|apikey|accountkey|account_key|sharedaccesskey|sig";
    private static final String NOT_IN_WORD = "(?<![A-Za-z0-9_$])";
    private static final String NOT_WORD_AFTER = "(?![A-Za-z0-9_$])";

    // A SQL string constant in any of DuckDB's forms; an unterminated one runs to the end of the text.
    private static final String SQL_LITERAL = "(?:[Ee]'(?:''|\\\\.|[^'\\\\])*(?:'|\\z)"
            + "|'(?:''|[^'])*(?:'|\\z)"
            + "|\\$(?<tag>(?:[A-Za-z_][A-Za-z0-9_]*)?)\\$.*?(?:\\$\\k<tag>\\$|\\z))";

    // password=''x y'' : a libpq quoted value inside a SQL string constant (quotes doubled by SQL).
    private static final Pattern PAIR_QUOTED_IN_SQL = Pattern.compile(
            "(?is)" + NOT_IN_WORD + "(" + key(PAIR_KEYS) + "\\s*=\\s*)''(?:\\\\''|\\\\.|[^'\\\\])*''");
    // A string constant in SQL that is itself inside a string constant: ''x'' with '''' for a quote and
    // never a lone quote (that would end the outer constant). Greedy, so '''' inside is taken whole.
    private static final String NESTED_LITERAL = "''(?:[^']|'''')+''";
    // PASSWORD ''x'' in SQL handed over as a string, e.g. to postgres_execute or query.
    private static final Pattern KEYWORD_NESTED_LITERAL = Pattern.compile(
            "(?is)" + NOT_IN_WORD + "(" + key(LITERAL_KEYS)
                    + "(?:\\s+|\\s*(?::=|=>|=|:)\\s*))" + NESTED_LITERAL);
    // PASSWORD 'x', password := 'x', password => 'x', password='x', SECRET $$x$$ ...
    private static final Pattern KEYWORD_LITERAL = Pattern.compile(
            "(?is)" + NOT_IN_WORD + "(" + key(LITERAL_KEYS)
                    + "(?:\\s+|\\s*(?::=|=>|=|:)\\s*))(?!''\\*{4}'')" + SQL_LITERAL);
    // password=x up to whitespace, a quote, ';' or '&'; not a placeholder, not an already masked value.
    private static final Pattern PAIR_BARE = Pattern.compile(
            "(?i)" + NOT_IN_WORD + "(" + key(PAIR_KEYS) + "\\s*=(?![=>])\\s*)"
                    + "(?!['\"?:=>]|\\$\\d|[Ee]'|\\*{4})((?:\\\\''|\\\\.|[^\\s'\";&])+)");
    // password="x" in a connection string or property text, password: "x" in YAML-like text.
    private static final Pattern PAIR_DOUBLE_QUOTED = Pattern.compile(
            "(?i)" + NOT_IN_WORD + "(" + key(PAIR_KEYS) + "\\s*(?:=|:(?![:=]))\\s*)\"(?:\\\\.|[^\"\\\\])*\"");
    // scheme://user:password@host
    private static final Pattern URI_USERINFO = Pattern.compile(
            "(?i)([a-z][a-z0-9+.-]*://[^:/@\\s'\"]*:)[^@\\s'\"]+@");
    // "password": "x" in JSON.
    private static final Pattern JSON_MEMBER = Pattern.compile(
            "(?i)(\"" + key(LITERAL_KEYS + "|" + PAIR_KEYS) + "\"\\s*:\\s*)\"(?:\\\\.|[^\"\\\\])*\"");
    // IDENTIFIED BY 'x', IDENTIFIED WITH plugin BY 'x', IDENTIFIED WITH plugin AS 'hash'; also nested.
    private static final String IDENTIFIED = "(?is)" + NOT_IN_WORD
            + "(identified\\s+(?:with\\s+(?:'[^']*'|\"[^\"]*\"|[^\\s'\"]+)\\s+)?(?:by|as)\\s+(?:password\\s+)?)";
    private static final Pattern IDENTIFIED_BY_NESTED = Pattern.compile(IDENTIFIED + NESTED_LITERAL);
    private static final Pattern IDENTIFIED_BY = Pattern.compile(IDENTIFIED + "(?!''\\*{4}'')" + SQL_LITERAL);
    // {'password': 'x'} struct and map literals, 'password' = 'x'.
    private static final Pattern QUOTED_KEY_LITERAL = Pattern.compile(
            "(?i)(['\"]" + key(LITERAL_KEYS + "|" + PAIR_KEYS) + "['\"]\\s*(?::=|=>|=|:(?!:))\\s*)"
                    + "(?!''\\*{4}'')'(?:''|[^'])*(?:'|\\z)");

    private SqlMasker() {
    }

    // A credential key, also as the end of a longer name (s3_secret_access_key, db_password).
    private static String key(String keys) {
        return "[A-Za-z0-9_]*(?:" + keys + ")" + NOT_WORD_AFTER;
    }

    /** {@code text} with every credential value replaced by {@code ****}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replace(PAIR_QUOTED_IN_SQL, text, "''" + MASK + "''");
        masked = replace(KEYWORD_NESTED_LITERAL, masked, "''" + MASK + "''");
        masked = replace(IDENTIFIED_BY_NESTED, masked, "''" + MASK + "''");
        masked = replace(IDENTIFIED_BY, masked, "'" + MASK + "'");
        masked = replace(QUOTED_KEY_LITERAL, masked, "'" + MASK + "'");
        masked = replace(KEYWORD_LITERAL, masked, "'" + MASK + "'");
        masked = replace(JSON_MEMBER, masked, "\"" + MASK + "\"");
        masked = replace(PAIR_DOUBLE_QUOTED, masked, "\"" + MASK + "\"");
        masked = replace(PAIR_BARE, masked, MASK);
        masked = replace(URI_USERINFO, masked, MASK + "@");
        return masked;
    }

    // Keeps group 1 (the key and separator) and replaces the rest of the match with maskedValue.
    private static String replace(Pattern pattern, String text, String maskedValue) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        return matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + maskedValue));
    }
}
