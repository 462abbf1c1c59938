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
            boolean nested = StatementClassifier.firstStringArguments(sql, StatementClassifier.QUERY_FUNCTION, "query")
                    .stream().anyMatch(q -> q.map(text -> text.toLowerCase(java.util.Locale.ROOT).contains(function))
                            .orElse(false));
            if (sources.isEmpty() || nested) {
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
}
