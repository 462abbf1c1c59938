package io.fedduck.sync;

import io.fedduck.internal.SqlStates;
import io.fedduck.sql.DuckDbFunctions;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;

/** A sync_table where_clause, checked to be one boolean expression over the copied table's own columns. */
public final class WhereClause {

    // The clause is judged by DuckDB's own parser inside the very text it will run in: sql() after WHERE.
    private static final String CHECKED_QUERY = "SELECT * FROM t WHERE ";
    private static final String WHERE_PATH = "$.statements[0].node.where_clause";

    /** Expression kinds that stay within one row of the table; anything else is refused. */
    private static final Set<String> ALLOWED_EXPRESSIONS = Set.of("COMPARISON", "CONJUNCTION", "OPERATOR",
            "CONSTANT", "COLUMN_REF", "FUNCTION", "CAST", "CASE", "BETWEEN", "COLLATE",
            // x -> x > 1 in list functions; the parser also reads JSON's j->'$.a' as a lambda.
            "LAMBDA");

    /** Functions that reach outside the row: other databases, files, settings, the environment, sequences. */
    private static final Set<String> REFUSED_FUNCTIONS = refusedFunctions();

    // Every object of the WHERE expression tree, in document order, with what the checks need.
    private static final String EXPRESSIONS_SQL = """
            WITH node AS (
                SELECT id, value->>'class' AS class,
                       lower(coalesce(value->>'function_name', value->>'user_type_name')) AS name,
                       coalesce(value->>'catalog', '') AS catalog, coalesce(value->>'schema', '') AS schema,
                       json_extract_string(value, '$.column_names[*]') AS column_names
                FROM json_tree(?::JSON, '%s')
                WHERE type = 'OBJECT'),
            fn AS (
                SELECT lower(function_name) AS name,
                       bool_and(function_type IN ('table', 'table_macro')) AS table_only,
                       -- user macros, and built-in ones whose body reads the catalog (pg_get_viewdef...)
                       bool_or(function_type = 'macro' AND (NOT internal OR macro_definition ILIKE '%%from %%'
                               OR macro_definition ILIKE '%%duckdb_%%' OR macro_definition ILIKE '%%pragma_%%'
                               OR macro_definition ILIKE '%%current_setting%%')) AS user_macro
                FROM duckdb_functions()
                GROUP BY ALL)
            SELECT class, node.name, catalog, schema, len(column_names),
                   array_to_string(column_names, '.'), column_names[1],
                   coalesce(table_only, false), coalesce(user_macro, false)
            FROM node LEFT JOIN fn ON fn.name = node.name
            ORDER BY id""".formatted(WHERE_PATH);

    // True when the parse trees are equal outside the WHERE expression: no second statement, set
    // operation, ORDER BY, parameter list or anything else added by a clause that closes the parenthesis.
    private static final String SAME_SHAPE_SQL = """
            WITH checked AS (
                SELECT fullkey, type, atom FROM json_tree(?::JSON) WHERE NOT starts_with(fullkey, '%1$s.')),
            expected AS (
                SELECT fullkey, type, atom FROM json_tree(json_serialize_sql(?::VARCHAR))
                WHERE NOT starts_with(fullkey, '%1$s.'))
            SELECT NOT EXISTS (SELECT * FROM checked EXCEPT SELECT * FROM expected)
               AND NOT EXISTS (SELECT * FROM expected EXCEPT SELECT * FROM checked)""".formatted(WHERE_PATH);

    private final String text;

    private WhereClause(String text) {
        this.text = text;
    }

    /**
     * Checks {@code text} before anything runs: it must be one boolean expression that names only the
     * columns of the table being copied.
     *
     * @param duckdb a DuckDB connection, used only to parse the text and look up function names
     * @param sourceName the source the table is copied from, for messages
     * @throws java.sql.SQLSyntaxErrorException 42601 when the text is not one expression (a parse error, a
     *     second statement, a comment, a parameter); 42501 when it reaches beyond the table's own columns
     *     (a subquery, a qualified name, a table function, a function that reads outside the row)
     */
    public static WhereClause parse(Connection duckdb, String text, String sourceName) throws SQLException {
        String refused = "sync_table refuses the where_clause for source '" + sourceName + "': ";
        if (text == null || text.isBlank()) {
            throw SqlStates.syntaxError(refused + "it is empty; give one boolean expression, such as"
                    + " status = 'open', or leave where_clause out to copy every row");
        }
        String lexical = lexicalProblem(text);
        if (lexical != null) {
            throw SqlStates.syntaxError(refused + "it contains " + lexical
                    + "; it must be one boolean expression, without comments or ';'");
        }
        String query = CHECKED_QUERY + wrapped(text);
        String json = serialize(duckdb, query, refused);
        checkExpressions(duckdb, json, refused);
        checkShape(duckdb, json, refused);
        return new WhereClause(text);
    }

    /** The clause as the user wrote it. */
    public String text() {
        return text;
    }

    /** The clause in parentheses, to follow WHERE: exactly the text that was checked. */
    public String sql() {
        return wrapped(text);
    }

    @Override
    public String toString() {
        return sql();
    }

    private static String wrapped(String text) {
        return "(" + text + ")";
    }

    private static String serialize(Connection duckdb, String query, String refused) throws SQLException {
        // Without the cast DuckDB cannot type the parameter ("first argument must be a VARCHAR").
        try (PreparedStatement statement = duckdb.prepareStatement(
                "SELECT j, (j->>'$.error')::BOOLEAN, j->>'$.error_message'"
                        + " FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)")) {
            statement.setString(1, query);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(2)) {
                    throw SqlStates.syntaxError(refused + "it is not a valid DuckDB expression ("
                            + excerpt(rs.getString(3)) + ")");
                }
                return rs.getString(1);
            }
        }
    }

    private static void checkExpressions(Connection duckdb, String json, String refused) throws SQLException {
        try (PreparedStatement statement = duckdb.prepareStatement(EXPRESSIONS_SQL)) {
            statement.setString(1, json);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String name = rs.getString(2);
                    String catalog = rs.getString(3);
                    String schema = rs.getString(4);
                    int nameParts = rs.getInt(5);
                    String columnName = rs.getString(6);
                    if (kind != null) {
                        checkKind(kind, refused);
                    }
                    if ("COLUMN_REF".equals(kind) && nameParts > 1) {
                        String first = excerpt(rs.getString(7));
                        throw SqlStates.forbidden(refused + "it names " + excerpt(columnName) + "; columns are"
                                + " named by their name alone, since a qualified name could reach another table"
                                + " or catalog (for a struct field write struct_extract(" + first + ", '...') or "
                                + first + "['...'])");
                    }
                    // The parser itself writes main.list_value for [..], main.struct_pack for {..}, etc.
                    if (!catalog.isEmpty() || !(schema.isEmpty() || schema.equals("main"))) {
                        throw SqlStates.forbidden(refused + "it names " + excerpt(qualified(catalog, schema, name))
                                + "; functions and types may not be qualified with a catalog or schema");
                    }
                    if (name != null && REFUSED_FUNCTIONS.contains(name)) {
                        throw SqlStates.forbidden(refused + "it calls " + name + ", which reads outside the"
                                + " table (other databases, files, settings or the environment)");
                    }
                    if (rs.getBoolean(8)) {
                        throw SqlStates.forbidden(refused + "it calls " + name + ", a table function; only"
                                + " the columns of the table being copied may be used");
                    }
                    if (rs.getBoolean(9)) {
                        throw SqlStates.forbidden(refused + "it calls the macro " + excerpt(name)
                                + ", whose body sync_table cannot check; write the expression out instead");
                    }
                }
            }
        }
    }

    private static void checkKind(String kind, String refused) throws SQLException {
        if (ALLOWED_EXPRESSIONS.contains(kind)) {
            return;
        }
        if (kind.equals("SUBQUERY")) {
            // x = ANY([1, 2]) is a subquery too, for DuckDB's parser: list_contains or IN (...) are not.
            throw SqlStates.forbidden(refused + "it contains a subquery (SELECT, EXISTS, IN (SELECT ...),"
                    + " ANY or ALL); only the columns of the table being copied may be used");
        }
        String what = switch (kind) {
            case "PARAMETER" -> "a parameter (?, $1 or $name), which sync_table has nothing to bind to;"
                    + " write the value as a constant";
            case "DEFAULT" -> "DEFAULT, which is not a value";
            case "STAR" -> "* or COLUMNS(...); name the columns";
            case "WINDOW" -> "a window function";
            case "POSITIONAL_REFERENCE" -> "a positional reference (#n); name the column";
            default -> "an expression of kind " + kind;
        };
        throw SqlStates.syntaxError(refused + "it contains " + what + "; it must be one boolean expression");
    }

    private static void checkShape(Connection duckdb, String json, String refused) throws SQLException {
        try (PreparedStatement statement = duckdb.prepareStatement(SAME_SHAPE_SQL)) {
            statement.setString(1, json);
            statement.setString(2, CHECKED_QUERY + wrapped("TRUE"));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw SqlStates.syntaxError(refused + "it is not one boolean expression: it closes the"
                            + " parenthesis around it and goes on with the query");
                }
            }
        }
    }

    /**
     * What the text holds outside string constants and quoted names that a where_clause may not, or null.
     * Read by FedDuck's one lexer, which follows DuckDB's scanner; DuckDB's parser judges the rest.
     */
    static String lexicalProblem(String text) {
        if (text.indexOf('\0') >= 0) {
            return "a NUL character";
        }
        ParsedSql parsed = ParsedSql.of(text);
        if (parsed.hasSemicolons()) {
            return "';', which would start a second statement";
        }
        if (parsed.hasComments()) {
            return "a comment (-- or /*), which could hide the rest of the query";
        }
        return null;
    }

    private static String qualified(String catalog, String schema, String name) {
        StringJoiner joiner = new StringJoiner(".");
        for (String part : new String[] {catalog, schema, name}) {
            if (part != null && !part.isEmpty()) {
                joiner.add(part);
            }
        }
        return joiner.toString();
    }

    // Messages quote at most this much of the user's text.
    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static Set<String> refusedFunctions() {
        Set<String> names = new HashSet<>(DuckDbFunctions.FORBIDDEN);
        names.addAll(DuckDbFunctions.WRITE_CAPABLE);
        names.add(StatementClassifier.QUERY_FUNCTION);
        names.addAll(Set.of("query_table", "read_text", "read_blob", "getenv", "current_setting", "getvariable",
                // sequences are named by a string, in any catalog, and nextval changes them
                "nextval", "currval",
                // they change or report the session, not the row
                "setseed", "write_log", "current_query"));
        return Set.copyOf(names);
    }
}
