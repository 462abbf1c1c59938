package io.fedduck.jdbc;

import io.fedduck.federation.Federation;
import io.fedduck.internal.SqlStates;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import io.fedduck.sql.StatementKind;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for the functions that run SQL text on a source (postgres_execute, mysql_execute,
 * postgres_query, mysql_query), on every connection: the source each runs on must be a string constant
 * FedDuck can see (not a computed name, not inside query(...)), and a source configured read-only is kept
 * read-only. The *_execute functions run any text, a COMMIT that ends the extension's READ ONLY transaction
 * included, so they may only name a source configured read_only: false. The *_query functions run in that
 * READ ONLY transaction, which the servers do not hold to everything (large objects, session settings,
 * named locks, KILL, LOCK TABLES, ...): on a read-only source their text is a constant holding queries only
 * (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN), without such a function.
 */
final class SourceFunctionPolicy {
    private static final List<String> EXECUTE_FUNCTIONS = List.of("postgres_execute", "mysql_execute");
    private static final List<String> QUERY_FUNCTIONS = List.of("postgres_query", "mysql_query");

    private SourceFunctionPolicy() {
    }

    static void check(ParsedSql sql, FedDuckConnection connection) throws SQLException {
        for (String function : EXECUTE_FUNCTIONS) {
            for (String source : constantSources(sql, function, connection)) {
                if (!connection.federation().isWritableSource(source)) {
                    throw SqlStates.forbidden(connection.label() + " refuses " + function + " on source '"
                            + source + "': it is read-only (options: read_only: false in the connections"
                            + " file makes a source writable), and " + function + " could end its read-only"
                            + " transaction.");
                }
            }
        }
        for (String function : QUERY_FUNCTIONS) {
            List<String> sources = constantSources(sql, function, connection);
            List<Optional<String>> queries = StatementClassifier.stringArguments(sql, function, 1, "query");
            for (int i = 0; i < sources.size(); i++) {
                if (!connection.federation().isWritableSource(sources.get(i))) {
                    requireReadOnlySafe(sources.get(i), i < queries.size() ? queries.get(i) : Optional.empty(),
                            function, connection);
                }
            }
        }
    }

    /** The source names of every call of {@code function} in {@code sql}; refused unless all are constants. */
    private static List<String> constantSources(ParsedSql sql, String function, FedDuckConnection connection)
            throws SQLException {
        if (StatementClassifier.classify(sql).statements().stream()
                .noneMatch(s -> s.writeCapableFunctions().contains(function))) {
            return List.of();
        }
        List<Optional<String>> sources = StatementClassifier.firstStringArguments(sql, function, "database");
        if (sources.isEmpty() || sources.stream().anyMatch(Optional::isEmpty) || nestedInQuery(sql, function)) {
            throw SqlStates.forbidden(connection.label() + " refuses " + function + " with a source that is not a"
                    + " string constant, or inside query(...): FedDuck checks which source it runs on.");
        }
        return sources.stream().map(Optional::get).toList();
    }

    private static void requireReadOnlySafe(String source, Optional<String> query, String function,
                                            FedDuckConnection connection) throws SQLException {
        if (query.isEmpty()) {
            throw SqlStates.forbidden(connection.label() + " refuses " + function + " on read-only source '"
                    + source + "' with a query that is not a string constant: FedDuck checks it.");
        }
        if (query.get().toLowerCase(Locale.ROOT).matches("(?s).*u&\\s*[\"'].*")) {
            // PostgreSQL decodes U&"lo\005fcreate" to a name FedDuck's check would not recognise
            throw SqlStates.forbidden(connection.label() + " refuses Unicode-escaped names (U&) in " + function
                    + " on read-only source '" + source + "': FedDuck checks the functions it calls.");
        }
        ParsedSql remote = ParsedSql.of(query.get());
        if (!StatementClassifier.classify(remote).statements().stream().allMatch(s -> s.kind() == StatementKind.READ)) {
            // KILL, LOCK TABLES, COMMIT, SET, DO ...: a read-only transaction does not stop them all
            throw SqlStates.forbidden(connection.label() + " refuses " + function + " on read-only source '" + source
                    + "' with text that is not a query: only SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE and"
                    + " EXPLAIN run there.");
        }
        Federation federation = connection.federation();
        Optional<String> unsafe = federation.unsafeInReadOnlySession(source,
                StatementClassifier.calledFunctions(remote));
        if (unsafe.isPresent()) {
            throw SqlStates.forbidden(connection.label() + " refuses " + unsafe.get() + " in " + function
                    + " on read-only source '" + source + "': it acts even in the source's read-only"
                    + " transaction.");
        }
    }

    /** True when a query('...') string of {@code sql} mentions {@code function}. */
    private static boolean nestedInQuery(ParsedSql sql, String function) {
        return StatementClassifier.firstStringArguments(sql, StatementClassifier.QUERY_FUNCTION, "query").stream()
                .anyMatch(q -> q.map(text -> text.toLowerCase(Locale.ROOT).contains(function)).orElse(false));
    }
}
