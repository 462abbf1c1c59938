package io.fedduck.jdbc.policy;

import io.fedduck.internal.SqlStates;
import io.fedduck.jdbc.policy.SqlTokenizer.Token;
import io.fedduck.jdbc.policy.SqlTokenizer.Type;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Classifies DuckDB SQL lexically, so that a read-only connection can refuse writes and every
 * connection can refuse the functions that reach around the configured sources.
 *
 * <p>An allow-list: only the statement shapes known to read (or to change nothing but the session)
 * are {@link StatementKind#READ}/{@link StatementKind#SESSION}; anything unrecognised is a
 * {@link StatementKind#WRITE}. It never needs to be a full parser, because a statement it lets through
 * still has to get past DuckDB's parser, and the sources are attached READ_ONLY unless configured
 * otherwise. Never puts SQL text into a message beyond a known keyword or function name: the text may
 * carry secrets.
 */
public final class StatementClassifier {

    /**
     * Functions refused on every connection: each opens its own connection from a DSN or file path,
     * around the configured sources, their secrets and their read-only setting.
     */
    public static final Set<String> FORBIDDEN_FUNCTIONS = Set.of(
            "postgres_scan", "postgres_scan_pushdown", "postgres_attach",
            "sqlite_attach", "sqlite_scan", "mysql_scan");

    /** Functions that run arbitrary SQL on a source, so can write; refused on read-only connections. */
    public static final Set<String> WRITE_CAPABLE_FUNCTIONS = Set.of("postgres_execute", "mysql_execute");

    /** PRAGMAs that only report; every other PRAGMA may change the database or its settings. */
    public static final Set<String> INFORMATIONAL_PRAGMAS = Set.of(
            "table_info", "show_tables", "show_tables_expanded", "database_list", "database_size",
            "version", "platform", "storage_info", "metadata_info", "show", "functions", "collations",
            "user_agent");

    private static final Map<String, String> FORBIDDEN_REASONS = Map.of(
            "postgres_scan", "opens its own connection from a connection string; "
                    + "query the attached catalog instead, e.g. SELECT * FROM <source>.public.<table>",
            "postgres_scan_pushdown", "opens its own connection from a connection string; "
                    + "query the attached catalog instead, e.g. SELECT * FROM <source>.public.<table>",
            "postgres_attach", "attaches a database from its own connection string; "
                    + "add the database to the connections file and query <source>.<schema>.<table>",
            "sqlite_attach", "attaches a SQLite file directly; "
                    + "add the file to the connections file and query <source>.main.<table>",
            "sqlite_scan", "reads a SQLite file directly; "
                    + "add the file to the connections file and query <source>.main.<table>",
            "mysql_scan", "opens its own connection from a connection string; "
                    + "query the attached catalog instead, e.g. SELECT * FROM <source>.<database>.<table>");

    private static final Set<String> READ_KEYWORDS = Set.of("select", "values", "from", "table");
    private static final Set<String> INSPECT_KEYWORDS = Set.of("show", "describe", "desc", "summarize");
    private static final Set<String> TRANSACTION_KEYWORDS = Set.of("begin", "commit", "rollback", "end", "abort");
    private static final Set<String> DATA_CHANGE_KEYWORDS = Set.of("insert", "update", "delete", "merge");
    // Statement keywords that may be named in a message; anything else is "an unrecognised statement",
    // because an unknown first word is user text (possibly a pasted secret).
    private static final Set<String> NAMEABLE_KEYWORDS = Set.of(
            "insert", "update", "delete", "merge", "create", "drop", "alter", "copy", "attach", "detach",
            "install", "load", "force", "export", "import", "vacuum", "analyze", "analyse", "checkpoint",
            "truncate", "comment", "pragma", "prepare", "execute", "deallocate", "pivot", "unpivot", "grant",
            "revoke", "replace", "upsert", "with", "explain", "set", "reset", "call", "start", "use", "select",
            "values", "from", "table", "show", "describe", "desc", "summarize", "begin", "commit",
            "rollback", "end", "abort");

    private StatementClassifier() {
    }

    /** Classifies every statement of {@code sql}; empty statements and comments yield nothing. */
    public static Classification classify(String sql) {
        List<ClassifiedStatement> statements = new ArrayList<>();
        for (List<Token> tokens : SqlTokenizer.statements(sql)) {
            statements.add(classifyStatement(tokens));
        }
        return new Classification(statements);
    }

    /**
     * Throws unless every statement of {@code sql} may run: a forbidden function fails on any
     * connection (SQLState 42501), a write on a read-only one (25006).
     *
     * @param connectionLabel names the connection in messages, e.g. {@code FedDuck connection 3}
     */
    public static void requireAllowed(String sql, boolean readOnlyConnection, String connectionLabel)
            throws SQLException {
        List<ClassifiedStatement> statements = classify(sql).statements();
        int total = statements.size();
        for (int i = 0; i < total; i++) {
            for (String function : statements.get(i).forbiddenFunctions()) {
                throw SqlStates.forbidden(connectionLabel + " refuses " + function + " (" + position(i, total)
                        + "): " + function + " " + FORBIDDEN_REASONS.get(function) + ".");
            }
        }
        if (!readOnlyConnection) {
            return;
        }
        for (int i = 0; i < total; i++) {
            ClassifiedStatement statement = statements.get(i);
            String what = null;
            if (statement.kind() == StatementKind.WRITE) {
                what = statement.keyword() == null
                        ? "a statement FedDuck does not recognise as a read counts as a write"
                        : statement.keyword() + " is a write";
            } else if (!statement.writeCapableFunctions().isEmpty()) {
                what = statement.writeCapableFunctions().iterator().next()
                        + " runs SQL on a source and can write";
            }
            if (what != null) {
                throw SqlStates.readOnly(connectionLabel + " is read-only: " + what + " (" + position(i, total)
                        + "). Open the connection with read_only=false or call setReadOnly(false).");
            }
        }
    }

    private static String position(int index, int total) {
        return "statement " + (index + 1) + " of " + total;
    }

    private static ClassifiedStatement classifyStatement(List<Token> tokens) {
        Set<String> forbidden = new LinkedHashSet<>();
        Set<String> writeCapable = new LinkedHashSet<>();
        scanFunctionCalls(tokens, forbidden, writeCapable, 0);
        Shape shape = shape(tokens, 0);
        if (shape.kind != StatementKind.WRITE && containsDataChangeSubquery(tokens)) {
            shape = new Shape(StatementKind.WRITE, "a data-changing subquery", null);
        }
        return new ClassifiedStatement(shape.kind, shape.keyword, shape.called, forbidden, writeCapable);
    }

    private record Shape(StatementKind kind, String keyword, String called) {
    }

    private static Shape write(String keyword) {
        return new Shape(StatementKind.WRITE, keyword, null);
    }

    /** The shape of the statement that starts at {@code start}, after any opening parentheses. */
    private static Shape shape(List<Token> tokens, int start) {
        int i = start;
        while (i < tokens.size() && tokens.get(i).isPunct('(')) {
            i++;
        }
        if (i >= tokens.size() || tokens.get(i).type() != Type.WORD) {
            return write(null);
        }
        String word = tokens.get(i).text();
        String keyword = NAMEABLE_KEYWORDS.contains(word) ? word.toUpperCase(Locale.ROOT) : null;
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (READ_KEYWORDS.contains(word)) {
            // DuckDB rejects SELECT ... INTO, but should that change it would create a table.
            return containsWord(tokens, i, "into") ? write("SELECT INTO") : new Shape(StatementKind.READ, keyword, null);
        }
        if (INSPECT_KEYWORDS.contains(word)) {
            return new Shape(StatementKind.READ, keyword, null);
        }
        switch (word) {
            case "with":
                return withMain(tokens, i + 1);
            case "explain":
                return explain(tokens, i + 1);
            case "set":
            case "reset":
                if (next != null && next.isWord("global")) {
                    return write(keyword + " GLOBAL");
                }
                return new Shape(StatementKind.SESSION, keyword, null);
            case "use":
                return new Shape(StatementKind.SESSION, keyword, null);
            case "start":
                return next != null && next.isWord("transaction")
                        ? new Shape(StatementKind.SESSION, "START TRANSACTION", null)
                        : write(null);
            case "pragma":
                return pragma(tokens, i + 1);
            case "call":
                return call(tokens, i + 1);
            default:
                if (TRANSACTION_KEYWORDS.contains(word)) {
                    return new Shape(StatementKind.SESSION, keyword, null);
                }
                if (word.equals("update") && next != null && next.isWord("extensions")) {
                    return write("UPDATE EXTENSIONS");
                }
                return write(keyword);
        }
    }

    // WITH [RECURSIVE] name [(cols)] [USING KEY (cols)] AS [[NOT] MATERIALIZED] (body), ... main:
    // the main statement starts after a closing parenthesis at depth 0 that is followed by neither
    // ',' (another CTE), AS (that was a column list) nor USING (a recursive CTE's key).
    private static Shape withMain(List<Token> tokens, int start) {
        int depth = 0;
        for (int k = start; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (token.isPunct('(')) {
                depth++;
            } else if (token.isPunct(')')) {
                depth--;
                if (depth == 0) {
                    Token next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
                    if (next == null) {
                        return write("WITH");
                    }
                    if (next.isPunct(',') || next.isWord("as") || next.isWord("using")) {
                        continue;
                    }
                    Shape main = shape(tokens, k + 1);
                    if (main.kind == StatementKind.READ) {
                        return new Shape(StatementKind.READ, "WITH", null);
                    }
                    return write(main.kind == StatementKind.WRITE && main.keyword != null ? main.keyword : "WITH");
                }
            }
        }
        return write("WITH");
    }

    // EXPLAIN [ANALYZE] [(options)] statement: classified as the statement it explains. EXPLAIN of a
    // write without ANALYZE does not run it, but it is refused too: simpler, and rarely wanted.
    private static Shape explain(List<Token> tokens, int start) {
        int i = start;
        String keyword = "EXPLAIN";
        if (i < tokens.size() && (tokens.get(i).isWord("analyze") || tokens.get(i).isWord("analyse"))) {
            keyword = "EXPLAIN ANALYZE";
            i++;
        }
        if (i + 1 < tokens.size() && tokens.get(i).isPunct('(') && !startsQuery(tokens.get(i + 1))) {
            i = afterClosingParenthesis(tokens, i);
        }
        Shape inner = shape(tokens, i);
        String innerKeyword = inner.keyword == null ? "" : " " + inner.keyword;
        return new Shape(inner.kind, keyword + innerKeyword, inner.called);
    }

    private static Shape pragma(List<Token> tokens, int start) {
        if (start < tokens.size() && tokens.get(start).isIdentifier()
                && INFORMATIONAL_PRAGMAS.contains(tokens.get(start).text().toLowerCase(Locale.ROOT))
                && !containsPunct(tokens, start, '=')) {
            return new Shape(StatementKind.SESSION, "PRAGMA", null);
        }
        return write("PRAGMA");
    }

    // CALL [catalog.][schema.]name(...): reports the name without qualifier.
    private static Shape call(List<Token> tokens, int start) {
        String name = null;
        int i = start;
        while (i < tokens.size() && tokens.get(i).isIdentifier()) {
            name = tokens.get(i).text().toLowerCase(Locale.ROOT);
            if (i + 1 < tokens.size() && tokens.get(i + 1).isPunct('.')) {
                i += 2;
            } else {
                break;
            }
        }
        return name == null ? write("CALL") : new Shape(StatementKind.CALL, "CALL", name);
    }

    private static boolean startsQuery(Token token) {
        return token.isPunct('(') || token.type() == Type.WORD
                && (READ_KEYWORDS.contains(token.text()) || token.text().equals("with"));
    }

    private static int afterClosingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            if (tokens.get(k).isPunct('(')) {
                depth++;
            } else if (tokens.get(k).isPunct(')') && --depth == 0) {
                return k + 1;
            }
        }
        return tokens.size();
    }

    private static boolean containsWord(List<Token> tokens, int from, String word) {
        for (int k = from; k < tokens.size(); k++) {
            if (tokens.get(k).isWord(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsPunct(List<Token> tokens, int from, char c) {
        for (int k = from; k < tokens.size(); k++) {
            if (tokens.get(k).isPunct(c)) {
                return true;
            }
        }
        return false;
    }

    // "(INSERT ...", "(DELETE ..." anywhere: a data-modifying CTE or subquery, as PostgreSQL allows.
    private static boolean containsDataChangeSubquery(List<Token> tokens) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            if (tokens.get(k).isPunct('(') && tokens.get(k + 1).type() == Type.WORD
                    && DATA_CHANGE_KEYWORDS.contains(tokens.get(k + 1).text())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds calls: an identifier, quoted or not and possibly qualified, directly followed by '('.
     * The SQL string given to {@code query(...)} is scanned too, since DuckDB runs it.
     */
    private static void scanFunctionCalls(List<Token> tokens, Set<String> forbidden, Set<String> writeCapable,
                                          int nesting) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (!token.isIdentifier() || !tokens.get(k + 1).isPunct('(')) {
                continue;
            }
            if (k > 0 && tokens.get(k - 1).isWord("as")) {
                continue; // a column alias list: ... AS name(a, b)
            }
            // DuckDB resolves function names case-insensitively, quoted or not.
            String name = token.text().toLowerCase(Locale.ROOT);
            if (FORBIDDEN_FUNCTIONS.contains(name)) {
                forbidden.add(name);
            }
            if (WRITE_CAPABLE_FUNCTIONS.contains(name)) {
                writeCapable.add(name);
            }
            if (name.equals("query") && k + 2 < tokens.size()
                    && tokens.get(k + 2).type() == Type.STRING && nesting < 8) {
                for (List<Token> inner : SqlTokenizer.statements(tokens.get(k + 2).text())) {
                    scanFunctionCalls(inner, forbidden, writeCapable, nesting + 1);
                }
            }
        }
    }
}
