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
import java.util.Optional;

/**
 * The policy every FedDuck connection applies: no writes on a read-only connection, never the functions
 * that open their own remote connections around the configured sources, and the rules of
 * {@link SourceFunctionPolicy} for the functions that run SQL on a source. This is the second line:
 * a read-only connection's statements also run inside DuckDB read-only transactions
 * ({@link SessionTransactions}), which DuckDB enforces.
 */
final class ReadOnlyPolicy implements StatementPolicy {
    static final ReadOnlyPolicy INSTANCE = new ReadOnlyPolicy();

    /** FedDuck's own callables, told to the classifier, which does not know the procedures package. */
    static final CallNames CALLS = new CallNames(FederationProcedures.NAMES, FedDuckTableFunctions.NAMES);

    private ReadOnlyPolicy() {
    }

    @Override
    public void check(String sql, FedDuckConnection connection) throws SQLException {
        ParsedSql parsed = connection.read(sql);
        requireAllowed(parsed, connection.isReadOnly(), connection.label());
        SourceFunctionPolicy.check(parsed, connection);
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
