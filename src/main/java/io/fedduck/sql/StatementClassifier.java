package io.fedduck.sql;

import io.fedduck.sql.Refusal.Reason;
import io.fedduck.sql.SessionSettings.Scope;
import io.fedduck.sql.SqlTokenizer.Token;
import io.fedduck.sql.SqlTokenizer.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classifies DuckDB SQL lexically, so that a read-only connection can refuse writes and every
 * connection can refuse what reaches around the configured sources: the functions of {@link DuckDbFunctions},
 * file access (COPY, EXPORT/IMPORT DATABASE, a file name where a table goes), setting changes outside
 * {@link SessionSettings}' allow-list, and what FedDuck manages itself (ATTACH, secrets, extensions).
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
     * DuckDB's table function that runs a SQL string: refused on every connection unless its argument is one
     * string constant, which is then checked like the rest of the text.
     */
    public static final String QUERY_FUNCTION = "query";

    // query('...') inside query('...') inside ...: deeper than this is refused rather than followed.
    private static final int MAX_QUERY_NESTING = 8;

    /** Procedures a read-only connection may CALL: DuckDB's catalog functions and FedDuck's table functions. */
    private static boolean isReadOnlyCall(String name, CallNames calls) {
        return name.startsWith("duckdb_") || name.startsWith("pragma_") || calls.tableFunctions().contains(name);
    }

    /**
     * PRAGMAs that only report, also as {@code pragma_<name>} table functions; every other PRAGMA changes the
     * database, its settings or files (apart from the progress-bar switches in
     * {@link SessionSettings#SETTING_PRAGMAS}), and so is refused on every connection.
     */
    public static final Set<String> INFORMATIONAL_PRAGMAS = Set.of(
            "table_info", "show_tables", "show_tables_expanded", "show_databases", "database_list",
            "database_size", "version", "platform", "storage_info", "metadata_info", "show", "functions",
            "collations", "user_agent", "extension_versions");

    private static final String QUERY_REASON = "runs SQL that FedDuck can only check when it is given as one"
            + " string constant (not an expression, a variable or a macro parameter); pass a string constant or"
            + " write the query directly";

    /** What {@link ClassifiedStatement#fileAccess()} reports for a file name where a table goes. */
    public static final String FILE_AS_TABLE = "a file name used as a table";

    /** Functions whose arguments SQL separates with FROM ({@code extract(year FROM d)}): a value follows it. */
    private static final Set<String> FROM_ARGUMENT_FUNCTIONS = Set.of("extract", "trim", "substring", "overlay");

    // File name endings DuckDB's replacement scans read (csv, tsv, json, jsonl, ndjson, parquet, each also
    // compressed; xlsx and arrow once their extension is loaded), checked on duckdb_jdbc 1.4.4.0.
    private static final List<String> READABLE_FILE_ENDINGS = List.of(".csv", ".tsv", ".json", ".jsonl", ".ndjson",
            ".parquet", ".xlsx", ".arrow");

    // Where a relation (table, view, file) follows: FROM and JOIN open a list of relations, USING (DELETE,
    // MERGE) one; a comma continues the list until one of these clause keywords at the same depth ends it.
    private static final Set<String> RELATION_LIST_ENDS = Set.of("where", "group", "having", "order", "limit",
            "offset", "qualify", "window", "union", "except", "intersect", "select", "returning", "set", "values",
            "pivot", "unpivot");
    private static final Set<String> RELATION_STATEMENTS = Set.of("describe", "desc", "summarize", "show", "table",
            "pivot", "unpivot");

    private static final String PRAGMA_FUNCTION_PREFIX = "pragma_";

    private static final String MANAGED_BY_FEDDUCK = "FedDuck manages sources, secrets and extensions itself;"
            + " add sources to the connections file instead";

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

    /** The identifiers {@code sql} names outside strings and comments, lower case (quoted ones unquoted). */
    public static Set<String> identifiers(ParsedSql sql) {
        Set<String> names = new HashSet<>();
        for (List<Token> statement : sql.statements()) {
            for (Token token : statement) {
                if (token.isIdentifier()) {
                    names.add(token.text().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /**
     * The names {@code sql} may use as a catalog, lower case: the first part of every qualified name
     * ({@code pg} in {@code pg.public.t}, but not in {@code t.pg}) and the name after {@code USE}. A
     * column or alias that happens to be spelled like a source is not among them.
     */
    public static Set<String> catalogCandidates(ParsedSql sql) {
        Set<String> names = new HashSet<>();
        for (List<Token> statement : sql.statements()) {
            for (int i = 0; i < statement.size(); i++) {
                Token token = statement.get(i);
                if (!token.isIdentifier()) {
                    continue;
                }
                boolean qualifies = i + 1 < statement.size() && statement.get(i + 1).isPunct('.');
                boolean qualified = i > 0 && statement.get(i - 1).isPunct('.');
                boolean used = i > 0 && statement.get(i - 1).isWord("use");
                if (qualifies && !qualified || used) {
                    names.add(token.text().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /**
     * The connection-name argument of every call of {@code function} in {@code sql}, one entry per call:
     * the string constant when the argument is one (given first, or by name as {@code parameter := '..'}
     * or {@code parameter => '..'}), otherwise empty (a {@code ?} parameter, an expression, a column).
     * Calls are the function's name followed by {@code (}, qualified or not; case-insensitive.
     */
    public static List<Optional<String>> firstStringArguments(ParsedSql sql, String function, String parameter) {
        return stringArguments(sql, function, 0, parameter);
    }

    /**
     * Like {@link #firstStringArguments}, for the argument at {@code position} (0 for the first) when given
     * positionally, or named {@code parameter}.
     */
    public static List<Optional<String>> stringArguments(ParsedSql sql, String function, int position,
                                                         String parameter) {
        List<Optional<String>> arguments = new ArrayList<>();
        for (List<Token> tokens : sql.statements()) {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).isIdentifier() && tokens.get(i).text().toLowerCase(Locale.ROOT).equals(function)
                        && tokens.get(i + 1).isPunct('(')) {
                    arguments.add(stringArgument(tokens, i + 2, position, parameter));
                }
            }
        }
        return arguments;
    }

    // The arguments start at 'from' (after the opening parenthesis); named arguments may come in any order
    // after the positional ones, so the positional argument at 'position' or the one named 'parameter'
    // carries the value.
    private static Optional<String> stringArgument(List<Token> tokens, int from, int position, String parameter) {
        int depth = 0;
        int start = from;
        int positional = 0;
        for (int k = from; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (token.isPunct('(')) {
                depth++;
            } else if (token.isPunct(')') && depth > 0) {
                depth--;
            } else if (depth == 0 && (token.isPunct(',') || token.isPunct(')'))) {
                List<Token> argument = tokens.subList(start, k);
                if (!isNamedArgument(argument)) {
                    if (positional == position) {
                        return singleString(argument);
                    }
                    positional++;
                } else if (argument.get(0).text().toLowerCase(Locale.ROOT).equals(parameter)) {
                    return singleString(argument.subList(3, argument.size()));
                }
                if (token.isPunct(')')) {
                    return Optional.empty();
                }
                start = k + 1;
            }
        }
        return Optional.empty();
    }

    // name := value or name => value
    private static boolean isNamedArgument(List<Token> argument) {
        return argument.size() >= 3 && argument.get(0).isIdentifier()
                && (argument.get(1).isPunct(':') && argument.get(2).isPunct('=')
                    || argument.get(1).isPunct('=') && argument.get(2).isPunct('>'));
    }

    private static Optional<String> singleString(List<Token> argument) {
        return argument.size() == 1 && argument.get(0).type() == Type.STRING
                ? Optional.of(argument.get(0).text()) : Optional.empty();
    }

    /** The names (lower case) of every function {@code sql} calls: an identifier directly followed by '('. */
    public static Set<String> calledFunctions(ParsedSql sql) {
        Set<String> names = new java.util.HashSet<>();
        for (List<Token> tokens : sql.statements()) {
            for (int k = 0; k + 1 < tokens.size(); k++) {
                if (tokens.get(k).isIdentifier() && tokens.get(k + 1).isPunct('(')) {
                    names.add(tokens.get(k).text().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** Words that start a subquery in DuckDB ({@code (TABLE v)} is one, as are VALUES, PIVOT, ...). */
    private static final Set<String> SUBQUERY_STARTS = Set.of("select", "from", "with", "table", "values",
            "pivot", "unpivot", "summarize", "describe", "desc", "show", "explain");

    /** Functions a FedDuck CALL's arguments may use: conversions of constants. */
    private static final Set<String> CONSTANT_FUNCTIONS = Set.of("cast", "try_cast");

    /**
     * In a {@code CALL} of one of FedDuck's own procedures or table functions, the first argument part that
     * is not a constant expression: a subquery or a function call ({@code nextval(...)}), if any. FedDuck
     * has DuckDB bind those arguments before the statement runs, outside its (read-only) transaction.
     */
    private static Optional<String> computedArgument(List<Token> tokens, ClassifiedStatement statement,
                                                     CallNames calls) {
        String called = statement.calledProcedure().orElse(null);
        if (statement.kind() != StatementKind.CALL || called == null
                || !calls.federationProcedures().contains(called) && !calls.tableFunctions().contains(called)) {
            return Optional.empty();
        }
        int open = 1;
        while (open < tokens.size() && !tokens.get(open).isPunct('(')) {
            open++;
        }
        for (int k = open + 1; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (token.type() == Type.WORD && SUBQUERY_STARTS.contains(token.text())) {
                return Optional.of("a subquery");
            }
            if (token.isIdentifier() && k + 1 < tokens.size() && tokens.get(k + 1).isPunct('(')
                    && !CONSTANT_FUNCTIONS.contains(token.text().toLowerCase(Locale.ROOT))) {
                return Optional.of("a function call");
            }
        }
        return Optional.empty();
    }

    /** Words after CREATE that store a definition other connections run later. */
    private static final Set<String> STORED_DEFINITIONS = Set.of("view", "macro", "function");

    /** Transaction control as SQL text, which would end a read-only connection's read-only transaction. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of(
            "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "END", "ABORT");

    /**
     * The first write-capable function ({@link #WRITE_CAPABLE_FUNCTIONS}) that a
     * {@code CREATE [OR REPLACE] [TEMP] VIEW|MACRO|FUNCTION} statement wraps, if any.
     */
    private static Optional<String> storedDefinitionOverWriteCapable(List<Token> tokens, ClassifiedStatement statement) {
        int create = afterExplain(tokens, 0);
        if (create >= tokens.size() || !tokens.get(create).isWord("create")
                || statement.writeCapableFunctions().isEmpty()) {
            return Optional.empty();
        }
        for (int k = create + 1; k < tokens.size() && k < create + 6; k++) {
            if (tokens.get(k).type() == Type.WORD && STORED_DEFINITIONS.contains(tokens.get(k).text())) {
                return Optional.of(statement.writeCapableFunctions().iterator().next());
            }
        }
        return Optional.empty();
    }

    /**
     * Classifies every statement of {@code sql}; empty statements and comments yield nothing. Computed once
     * per {@link ParsedSql}.
     */
    public static Classification classify(ParsedSql sql) {
        return sql.classification();
    }

    /** Reads and classifies {@code sql}; when the text is read more than once, pass one {@link ParsedSql}. */
    public static Classification classify(String sql) {
        return classify(ParsedSql.of(sql));
    }

    static Classification classifyTokens(ParsedSql sql) {
        List<ClassifiedStatement> statements = new ArrayList<>();
        for (List<Token> tokens : sql.statements()) {
            statements.add(classifyStatement(tokens));
        }
        return new Classification(statements, sql.lexicalProblem());
    }

    /**
     * The CALL, when {@code sql} is exactly one {@code CALL [catalog.][schema.]name(...)} statement: the name
     * lower-cased without its qualifier, and where its arguments' opening parenthesis is in the text.
     */
    public static Optional<LoneCall> loneCall(ParsedSql sql) {
        List<ClassifiedStatement> statements = classify(sql).statements();
        if (statements.size() != 1 || statements.get(0).kind() != StatementKind.CALL
                || !sql.statements().get(0).get(0).isWord("call")) {
            return Optional.empty();
        }
        List<Token> tokens = sql.statements().get(0);
        int i = 1;
        while (i + 2 < tokens.size() && tokens.get(i).isIdentifier() && tokens.get(i + 1).isPunct('.')) {
            i += 2;
        }
        int arguments = i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(') ? tokens.get(i + 1).start() : -1;
        return Optional.of(new LoneCall(statements.get(0).calledProcedureName(), arguments));
    }

    /**
     * Why {@code sql} may not run, or empty when every statement may: text that cannot be read to its end
     * (an unterminated quote or comment, a NUL character; DuckDB would refuse it too) is refused on any
     * connection ({@link Reason#UNREADABLE}), so is a forbidden function or something FedDuck manages
     * ({@link Reason#FORBIDDEN}), and a write on a read-only connection ({@link Reason#READ_ONLY}).
     * A CALL is not refused here (unless it calls a write-capable function, or a read-only connection calls
     * anything but a catalog function or one of {@code calls}' table functions): the caller decides.
     *
     * @param calls FedDuck's own procedure and table-function names
     * @param connectionLabel names the connection in messages, e.g. {@code FedDuck connection 3}
     */
    public static Optional<Refusal> refusal(ParsedSql sql, boolean readOnlyConnection, CallNames calls,
                                            String connectionLabel) {
        Classification classification = classify(sql);
        List<ClassifiedStatement> statements = classification.statements();
        int total = statements.size();
        if (sql.complexity() != null) {
            return Optional.of(new Refusal(Reason.TOO_COMPLEX, connectionLabel + " refuses this SQL: it has "
                    + sql.complexity() + ", a shape that makes DuckDB run away with time or memory."));
        }
        if (classification.lexicalProblem() != null) {
            // Past that point FedDuck cannot tell code from string, so it checks nothing and runs nothing.
            return Optional.of(new Refusal(Reason.UNREADABLE, connectionLabel + " cannot check this SQL: it has "
                    + classification.lexicalProblem() + ", so DuckDB could not parse it either."));
        }
        for (int i = 0; i < total; i++) {
            if (!statements.get(i).forbiddenFunctions().isEmpty()) {
                String function = statements.get(i).forbiddenFunctions().iterator().next();
                return forbidden(connectionLabel + " refuses " + function + " (" + position(i, total)
                        + "): " + function + " " + forbiddenReason(function) + ".");
            }
            if (!statements.get(i).fileAccess().isEmpty()) {
                return forbidden(connectionLabel + " refuses " + statements.get(i).fileAccess().iterator().next()
                        + " (" + position(i, total) + "): it reads or writes files on the machine FedDuck runs on;"
                        + " FedDuck reads only the sources of its connections file (copy a source's table into"
                        + " the local database with sync_table).");
            }
            if (statements.get(i).kind() == StatementKind.MANAGED) {
                return forbidden(connectionLabel + " refuses " + statements.get(i).keyword() + " ("
                        + position(i, total) + "): " + statements.get(i).managedReason() + ".");
            }
            Optional<String> computed = computedArgument(sql.statements().get(i), statements.get(i), calls);
            if (computed.isPresent()) {
                return forbidden(connectionLabel + " refuses CALL " + statements.get(i).calledProcedure().orElse("")
                        + " (" + position(i, total) + "): its arguments must be constants or ? placeholders (and"
                        + " operators on them), not " + computed.get() + ": FedDuck has DuckDB bind them before the"
                        + " statement runs, outside its transaction.");
            }
            Optional<String> wrapped = storedDefinitionOverWriteCapable(sql.statements().get(i), statements.get(i));
            if (wrapped.isPresent()) {
                // A read-only connection's read-only transaction does not reach these functions, and SQL
                // reading cannot see into a stored view or macro: so none may be stored around them.
                return forbidden(connectionLabel + " refuses a view or macro over " + wrapped.get() + " ("
                        + position(i, total) + "): it runs SQL on a source that can write, and a read-only"
                        + " connection could run it through the view or macro. Query the source's tables through"
                        + " its catalog instead.");
            }
        }
        if (!readOnlyConnection) {
            return Optional.empty();
        }
        for (int i = 0; i < total; i++) {
            ClassifiedStatement statement = statements.get(i);
            String what = null;
            if (statement.kind() == StatementKind.CALL
                    && calls.federationProcedures().contains(statement.calledProcedure().orElse(""))) {
                what = "CALL " + statement.calledProcedure().orElse("") + " changes the sources every connection"
                        + " of this federation shares";
            } else if (statement.kind() == StatementKind.CALL
                    && !isReadOnlyCall(statement.calledProcedure().orElse(""), calls)) {
                what = "CALL " + statement.calledProcedure().orElse("") + " may write";
            } else if (statement.kind() == StatementKind.WRITE) {
                what = statement.keyword() == null
                        ? "a statement FedDuck does not recognise as a read counts as a write"
                        : statement.keyword() + " is a write";
            } else if (!statement.writeCapableFunctions().isEmpty()) {
                what = statement.writeCapableFunctions().iterator().next()
                        + " runs SQL on a source and can write";
            } else if (statement.kind() == StatementKind.SESSION && TRANSACTION_CONTROL.contains(statement.keyword())) {
                return Optional.of(new Refusal(Reason.READ_ONLY, connectionLabel + " is read-only: "
                        + statement.keyword() + " as SQL text would end its read-only transaction ("
                        + position(i, total) + "); use Connection.setAutoCommit, commit() and rollback() instead."));
            }
            if (what != null) {
                return Optional.of(new Refusal(Reason.READ_ONLY, connectionLabel + " is read-only: " + what + " ("
                        + position(i, total) + "). Open the connection with read_only=false or call setReadOnly(false)."));
            }
        }
        return Optional.empty();
    }

    /** Reads {@code sql} and decides as {@link #refusal(ParsedSql, boolean, CallNames, String)}. */
    public static Optional<Refusal> refusal(String sql, boolean readOnlyConnection, CallNames calls,
                                            String connectionLabel) {
        return refusal(ParsedSql.of(sql), readOnlyConnection, calls, connectionLabel);
    }

    private static Optional<Refusal> forbidden(String message) {
        return Optional.of(new Refusal(Reason.FORBIDDEN, message));
    }

    private static String forbiddenReason(String function) {
        if (function.equals(QUERY_FUNCTION)) {
            return QUERY_REASON;
        }
        String reason = DuckDbFunctions.reason(function);
        if (reason != null) {
            return reason;
        }
        // pragma_<name> that is not informational
        return "is a PRAGMA that changes the DuckDB instance, its settings or its files; only informational"
                + " PRAGMAs run (" + String.join(", ", new TreeSet<>(INFORMATIONAL_PRAGMAS)) + ")";
    }

    private static String position(int index, int total) {
        return "statement " + (index + 1) + " of " + total;
    }

    private static ClassifiedStatement classifyStatement(List<Token> tokens) {
        Set<String> forbidden = new LinkedHashSet<>();
        Set<String> writeCapable = new LinkedHashSet<>();
        Set<String> fileAccess = new LinkedHashSet<>();
        Shape shape = shape(tokens, 0);
        if (shape.fileAccess) {
            fileAccess.add(shape.keyword);
        }
        scanFunctionCalls(tokens, forbidden, writeCapable, fileAccess, 0);
        if (shape.kind != StatementKind.WRITE && containsDataChangeSubquery(tokens)) {
            shape = new Shape(StatementKind.WRITE, "a data-changing subquery", null);
        }
        return new ClassifiedStatement(shape.kind, shape.keyword, shape.called, forbidden, writeCapable,
                fileAccess, shape.setting, shape.managedReason);
    }

    /**
     * What {@link #shape} found: the called name of a CALL, the setting of SET/RESET/PRAGMA, why MANAGED,
     * whether the statement itself reads or writes files (COPY, EXPORT, IMPORT).
     */
    private record Shape(StatementKind kind, String keyword, String called, String setting, String managedReason,
                         boolean fileAccess) {

        Shape(StatementKind kind, String keyword, String called) {
            this(kind, keyword, called, null, null, false);
        }
    }

    private static Shape managed(String keyword, String setting, String reason) {
        return new Shape(StatementKind.MANAGED, keyword, null, setting, reason, false);
    }

    private static Shape fileWrite(String keyword) {
        return new Shape(StatementKind.WRITE, keyword, null, null, null, true);
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
                return setting(tokens, i + 1, keyword);
            case "attach":
            case "detach":
            case "install":
            case "load":
                return managed(keyword, null, MANAGED_BY_FEDDUCK);
            case "force":
                return next != null && next.isWord("install") ? managed("FORCE INSTALL", null, MANAGED_BY_FEDDUCK)
                        : write(keyword);
            case "create":
            case "drop":
                return touchesSecret(tokens, i + 1) ? managed(keyword + " SECRET", null, MANAGED_BY_FEDDUCK)
                        : write(keyword);
            case "copy":
                // COPY FROM DATABASE a TO b copies between attached databases; every other COPY has a file.
                return next != null && next.isWord("from") && i + 2 < tokens.size() && tokens.get(i + 2).isWord("database")
                        ? write("COPY FROM DATABASE") : fileWrite("COPY");
            case "export":
            case "import":
                return fileWrite(keyword + (next != null && next.isWord("database") ? " DATABASE" : ""));
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
        if (inner.kind == StatementKind.CALL || inner.kind == StatementKind.SESSION) {
            // Not a CALL to route: explaining it must not run a FedDuck procedure. Nor a session statement:
            // EXPLAIN ANALYZE runs it, and EXPLAIN ANALYZE COMMIT would end a read-only connection's
            // read-only transaction where FedDuck's transaction control cannot see it.
            return write(keyword + innerKeyword);
        }
        return new Shape(inner.kind, keyword + innerKeyword, null, inner.setting, inner.managedReason,
                inner.fileAccess);
    }

    // EXPLAIN [ANALYZE] [(options)] statement: where the explained statement starts (EXPLAIN ANALYZE runs it).
    private static int afterExplain(List<Token> tokens, int start) {
        int i = start;
        while (i < tokens.size() && tokens.get(i).isPunct('(')) {
            i++;
        }
        if (i >= tokens.size() || !tokens.get(i).isWord("explain")) {
            return i;
        }
        i++;
        if (i < tokens.size() && (tokens.get(i).isWord("analyze") || tokens.get(i).isWord("analyse"))) {
            i++;
        }
        if (i + 1 < tokens.size() && tokens.get(i).isPunct('(') && !startsQuery(tokens.get(i + 1))) {
            i = afterClosingParenthesis(tokens, i);
        }
        return i;
    }

    // SET|RESET [GLOBAL|SESSION|LOCAL] [VARIABLE] name ..., SET TIME ZONE ..., RESET ALL: a session
    // variable, or a setting that SessionSettings allows, is SESSION; any other is MANAGED.
    private static Shape setting(List<Token> tokens, int start, String keyword) {
        int i = start;
        Scope scope = Scope.AUTOMATIC;
        if (i < tokens.size() && tokens.get(i).isWord("global")) {
            scope = Scope.GLOBAL;
            i++;
        } else if (i < tokens.size() && (tokens.get(i).isWord("session") || tokens.get(i).isWord("local"))) {
            scope = Scope.SESSION;
            i++;
        }
        String shown = scope == Scope.GLOBAL ? keyword + " GLOBAL" : keyword;
        if (i < tokens.size() && tokens.get(i).isWord("variable")) {
            return scope == Scope.GLOBAL ? managed(shown + " VARIABLE", null, SessionSettings.whyRefused(null, scope))
                    : new Shape(StatementKind.SESSION, keyword + " VARIABLE", null);
        }
        return settingChange(shown, settingName(tokens, i), scope);
    }

    private static Shape settingChange(String keyword, String name, Scope scope) {
        String why = SessionSettings.whyRefused(name, scope);
        if (why == null) {
            return new Shape(StatementKind.SESSION, keyword, null, name, null, false);
        }
        return managed(keyword + " " + SessionSettings.forMessage(name), name, why);
    }

    // The setting's name, lower-cased: one identifier, quoted or not, or a dotted name as DuckDB's grammar
    // allows it; TIME ZONE is TimeZone. Null when there is none to read.
    private static String settingName(List<Token> tokens, int start) {
        if (start + 1 < tokens.size() && tokens.get(start).isWord("time") && tokens.get(start + 1).isWord("zone")) {
            return "timezone";
        }
        StringBuilder name = new StringBuilder();
        int i = start;
        while (i < tokens.size() && tokens.get(i).isIdentifier()) {
            name.append(tokens.get(i).text().toLowerCase(Locale.ROOT));
            if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()) {
                name.append('.');
                i += 2;
            } else {
                break;
            }
        }
        return name.length() == 0 ? null : name.toString();
    }

    // CREATE [OR REPLACE] [PERSISTENT|TEMPORARY|TEMP] SECRET / DROP [PERSISTENT|TEMPORARY] SECRET
    private static boolean touchesSecret(List<Token> tokens, int start) {
        for (int i = start; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isWord("secret")) {
                return true;
            }
            if (!(t.isWord("or") || t.isWord("replace") || t.isWord("persistent") || t.isWord("temporary")
                    || t.isWord("temp"))) {
                return false;
            }
        }
        return false;
    }

    // PRAGMA name = value is DuckDB's SET; PRAGMA name and PRAGMA name(...) run a pragma function, of which
    // only the informational ones and the progress-bar switches may run.
    private static Shape pragma(List<Token> tokens, int start) {
        if (start >= tokens.size() || !tokens.get(start).isIdentifier()) {
            return managed("PRAGMA", null, "FedDuck cannot read which PRAGMA this is");
        }
        String name = tokens.get(start).text().toLowerCase(Locale.ROOT);
        if (start + 1 < tokens.size() && tokens.get(start + 1).isPunct('=')) {
            return settingChange("PRAGMA", name, Scope.AUTOMATIC);
        }
        if (INFORMATIONAL_PRAGMAS.contains(name) && !containsPunct(tokens, start, '=')) {
            return new Shape(StatementKind.SESSION, "PRAGMA", null);
        }
        if (SessionSettings.SETTING_PRAGMAS.containsKey(name) && start + 1 == tokens.size()) {
            return settingChange("PRAGMA", SessionSettings.SETTING_PRAGMAS.get(name), Scope.AUTOMATIC);
        }
        return managed("PRAGMA " + SessionSettings.forMessage(name), null, "only informational PRAGMAs ("
                + String.join(", ", new TreeSet<>(INFORMATIONAL_PRAGMAS)) + ") and the progress-bar"
                + " switches run; other PRAGMAs change the DuckDB instance every connection shares, its settings"
                + " or its files");
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
     * The SQL string given to {@code query(...)} is scanned too, since DuckDB runs it; a {@code query}
     * whose argument is anything but one string constant is reported as forbidden, because DuckDB folds
     * expressions ({@code 'postgres' || '_scan(...)'}), variables and macro parameters into it.
     */
    private static void scanFunctionCalls(List<Token> tokens, Set<String> forbidden, Set<String> writeCapable,
                                          Set<String> fileAccess, int nesting) {
        if (readsFileAsTable(tokens)) {
            fileAccess.add(FILE_AS_TABLE);
        }
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
            if (DuckDbFunctions.FORBIDDEN.contains(name) || name.startsWith(PRAGMA_FUNCTION_PREFIX)
                    && !INFORMATIONAL_PRAGMAS.contains(name.substring(PRAGMA_FUNCTION_PREFIX.length()))) {
                forbidden.add(name);
            }
            if (DuckDbFunctions.WRITE_CAPABLE.contains(name)) {
                writeCapable.add(name);
            }
            if (name.equals(QUERY_FUNCTION)) {
                boolean oneConstant = k + 3 < tokens.size() && tokens.get(k + 2).type() == Type.STRING
                        && tokens.get(k + 3).isPunct(')');
                SqlTokenizer.Lexed inner = oneConstant ? SqlTokenizer.lex(tokens.get(k + 2).text()) : null;
                if (inner == null || inner.problem() != null || nesting >= MAX_QUERY_NESTING) {
                    forbidden.add(QUERY_FUNCTION);
                } else {
                    for (List<Token> statement : inner.statements()) {
                        scanFunctionCalls(statement, forbidden, writeCapable, fileAccess, nesting + 1);
                    }
                }
            }
        }
    }

    /**
     * True when a relation position (after FROM, JOIN, USING, a comma of a FROM list, or DESCRIBE, SUMMARIZE,
     * SHOW, TABLE, PIVOT at the start) holds a string constant or a name that ends like a file DuckDB reads:
     * DuckDB's replacement scans read {@code FROM 'x.csv'}, {@code FROM "x.csv"} and {@code FROM x.csv}
     * (a dotted name is tried as the path its parts spell) as files.
     */
    private static boolean readsFileAsTable(List<Token> tokens) {
        Deque<Boolean> outer = new ArrayDeque<>();
        Deque<Boolean> outerArguments = new ArrayDeque<>();
        boolean inRelationList = false;
        boolean inFromArguments = false; // directly inside extract(... FROM ...), trim(...), substring(...), ...
        for (int k = 0; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            boolean relationNext = false;
            if (token.isPunct('(')) {
                outer.push(inRelationList);
                outerArguments.push(inFromArguments);
                inRelationList = false;
                inFromArguments = k > 0 && tokens.get(k - 1).type() == Type.WORD
                        && FROM_ARGUMENT_FUNCTIONS.contains(tokens.get(k - 1).text());
            } else if (token.isPunct(')')) {
                inRelationList = !outer.isEmpty() && outer.pop();
                inFromArguments = !outerArguments.isEmpty() && outerArguments.pop();
            } else if (token.isWord("from") && (inFromArguments
                    || k >= 2 && tokens.get(k - 1).isWord("distinct") && tokens.get(k - 2).isWord("is")
                    || k >= 3 && tokens.get(k - 1).isWord("distinct") && tokens.get(k - 2).isWord("not")
                            && tokens.get(k - 3).isWord("is"))) {
                // an operator's or a function's FROM (a IS DISTINCT FROM 'x', extract(year FROM '2024-01-01')):
                // what follows is a value, not a table
                continue;
            } else if (token.isWord("from") || token.isWord("join")) {
                inRelationList = true;
                relationNext = true;
            } else if (token.isWord("using")) {
                relationNext = true;
            } else if (token.isPunct(',') && inRelationList) {
                relationNext = true;
            } else if (token.type() == Type.WORD && RELATION_LIST_ENDS.contains(token.text())) {
                inRelationList = false;
            }
            if (k == 0 && token.type() == Type.WORD && RELATION_STATEMENTS.contains(token.text())) {
                relationNext = true;
            }
            if (relationNext && fileAt(tokens, k + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fileAt(List<Token> tokens, int start) {
        int i = start;
        while (i < tokens.size() && (tokens.get(i).isWord("lateral") || tokens.get(i).isWord("only"))) {
            i++;
        }
        if (i >= tokens.size()) {
            return false;
        }
        if (tokens.get(i).type() == Type.STRING) {
            return true;
        }
        StringBuilder name = new StringBuilder();
        while (i < tokens.size() && tokens.get(i).isIdentifier()) {
            name.append(tokens.get(i).text());
            if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()) {
                name.append('.');
                i += 2;
            } else {
                i++;
                break;
            }
        }
        boolean call = i < tokens.size() && tokens.get(i).isPunct('(');
        return name.length() > 0 && !call && looksLikeAFile(name.toString());
    }

    private static boolean looksLikeAFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("/") || n.contains("\\")) {
            return true;
        }
        int query = n.indexOf('?');
        if (query >= 0) {
            n = n.substring(0, query);
        }
        for (String compression : List.of(".gz", ".zst")) {
            if (n.endsWith(compression)) {
                n = n.substring(0, n.length() - compression.length());
            }
        }
        for (String ending : READABLE_FILE_ENDINGS) {
            if (n.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }
}
