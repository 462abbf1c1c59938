package io.fedduck.jdbc;

import io.fedduck.internal.SqlStates;
import io.fedduck.procedures.FedDuckTableFunctions;
import io.fedduck.procedures.FederationProcedures;
import io.fedduck.sql.CallNames;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.Refusal;
import io.fedduck.sql.StatementClassifier;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import java.util.Optional;

/**
 * The policy every FedDuck connection applies: no writes on a read-only connection, and never the
 * functions that open their own remote connections around the configured sources. This is the second line:
 * a read-only connection's statements also run inside DuckDB read-only transactions
 * ({@link SessionTransactions}), which DuckDB enforces.
 */
final class ReadOnlyPolicy implements StatementPolicy {
    static final ReadOnlyPolicy INSTANCE = new ReadOnlyPolicy();

    /** FedDuck's own callables, told to the classifier, which does not know the procedures package. */
    static final CallNames CALLS = new CallNames(FederationProcedures.NAMES, FedDuckTableFunctions.NAMES);

    private ReadOnlyPolicy() {
    }

    /** Functions that run any SQL text, several statements included, on the source named first. */
    private static final List<String> EXECUTE_FUNCTIONS = List.of("postgres_execute", "mysql_execute");

    @Override
    public void check(String sql, FedDuckConnection connection) throws SQLException {
        ParsedSql parsed = connection.read(sql);
        requireAllowed(parsed, connection.isReadOnly(), connection.label());
        requireWritableSourceForExecute(parsed, connection);
        requireReadOnlySafeQueries(parsed, connection);
    }

    /**
     * postgres_query on a source configured read-only runs in a READ ONLY transaction, which PostgreSQL
     * does not hold to everything (large objects, session settings, other sessions): the query text is a
     * string constant without such a function, or the call is refused.
     */
    private static void requireReadOnlySafeQueries(ParsedSql sql, FedDuckConnection connection) throws SQLException {
        for (String function : QUERY_FUNCTIONS) {
            if (StatementClassifier.classify(sql).statements().stream()
                    .anyMatch(s -> s.writeCapableFunctions().contains(function))) {
                requireReadOnlySafeQuery(sql, connection, function);
            }
        }
    }

    /** The functions that run a query text on the source named first. */
    private static final List<String> QUERY_FUNCTIONS = List.of("postgres_query", "mysql_query");

    private static void requireReadOnlySafeQuery(ParsedSql sql, FedDuckConnection connection, String function)
            throws SQLException {
        List<Optional<String>> sources = StatementClassifier.firstStringArguments(sql, function, "database");
        List<Optional<String>> queries = StatementClassifier.stringArguments(sql, function, 1, "query");
        if (sources.isEmpty() || sources.stream().anyMatch(Optional::isEmpty) || nestedInQuery(sql, function)) {
            throw SqlStates.forbidden(connection.label() + " refuses " + function + " with a source that is not a"
                    + " string constant, or inside query(...): FedDuck checks which source it runs on.");
        }
        for (int i = 0; i < sources.size(); i++) {
            Optional<String> source = sources.get(i);
            if (connection.federation().isWritableSource(source.get())) {
                continue;
            }
            Optional<String> query = i < queries.size() ? queries.get(i) : Optional.empty();
            if (query.isEmpty()) {
                throw SqlStates.forbidden(connection.label() + " refuses " + function + " on read-only source '"
                        + source.get() + "' with a query that is not a string constant: FedDuck checks it.");
            }
            if (query.get().toLowerCase(java.util.Locale.ROOT).matches("(?s).*u&\\s*[\"'].*")) {
                // PostgreSQL decodes U&"lo\005fcreate" to a name FedDuck's check would not recognise
                throw SqlStates.forbidden(connection.label() + " refuses Unicode-escaped names (U&) in " + function
                        + " on read-only source '" + source.get() + "': FedDuck checks the functions it calls.");
            }
            Optional<String> unsafe = connection.federation().unsafeInReadOnlySession(source.get(),
                    StatementClassifier.calledFunctions(ParsedSql.of(query.get())));
            if (unsafe.isPresent()) {
                throw SqlStates.forbidden(connection.label() + " refuses " + unsafe.get() + " in " + function
                        + " on read-only source '" + source.get() + "': it acts even in the source's read-only"
                        + " transaction.");
            }
        }
    }

    /**
     * postgres_execute and mysql_execute run any text on the source, a COMMIT that ends the extension's
     * read-only transaction included: they may only name a source configured read_only: false, as one
     * string constant (anything else cannot be checked).
     */
    private static void requireWritableSourceForExecute(ParsedSql sql, FedDuckConnection connection)
            throws SQLException {
        for (String function : EXECUTE_FUNCTIONS) {
            boolean called = StatementClassifier.classify(sql).statements().stream()
                    .anyMatch(s -> s.writeCapableFunctions().contains(function));
            if (!called) {
                continue;
            }
            List<Optional<String>> sources = StatementClassifier.firstStringArguments(sql, function, "database");
            if (sources.isEmpty() || nestedInQuery(sql, function)) {
                throw SqlStates.forbidden(connection.label() + " refuses " + function + " inside query(...): the"
                        + " source it runs on cannot be checked; call it directly with the source's name.");
            }
            for (Optional<String> source : sources) {
                if (source.isEmpty()) {
                    throw SqlStates.forbidden(connection.label() + " refuses " + function + " with a source that"
                            + " is not a string constant: FedDuck checks that the source is writable.");
                }
                if (!connection.federation().isWritableSource(source.get())) {
                    throw SqlStates.forbidden(connection.label() + " refuses " + function + " on source '"
                            + source.get() + "': it is read-only (options: read_only: false in the connections"
                            + " file makes a source writable), and " + function + " could end its read-only"
                            + " transaction.");
                }
            }
        }
    }

    /** Throws the classifier's refusal of {@code sql}, if any, with its SQLState. */
    static void requireAllowed(String sql, boolean readOnly, String connectionLabel) throws SQLException {
        requireAllowed(ParsedSql.of(sql), readOnly, connectionLabel);
    }

    private static void requireAllowed(ParsedSql sql, boolean readOnly, String connectionLabel) throws SQLException {
        Optional<Refusal> refusal = StatementClassifier.refusal(sql, readOnly, CALLS, connectionLabel);
        if (refusal.isPresent()) {
            throw exception(refusal.get());
        }
    }

    static SQLException exception(Refusal refusal) {
        return switch (refusal.reason()) {
            case UNREADABLE -> new SQLSyntaxErrorException(refusal.message(), SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
            case FORBIDDEN -> SqlStates.forbidden(refusal.message());
            case READ_ONLY -> SqlStates.readOnly(refusal.message());
            case TOO_COMPLEX -> new SQLException(refusal.message(), SqlStates.STATEMENT_TOO_COMPLEX);
        };
    }

    /** True when a query('...') string of {@code sql} mentions {@code function}. */
    private static boolean nestedInQuery(ParsedSql sql, String function) {
        return StatementClassifier.firstStringArguments(sql, StatementClassifier.QUERY_FUNCTION, "query").stream()
                .anyMatch(q -> q.map(text -> text.toLowerCase(java.util.Locale.ROOT).contains(function)).orElse(false));
    }
}
