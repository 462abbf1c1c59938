package io.fedduck.jdbc;

import io.fedduck.internal.SqlStates;
import io.fedduck.jdbc.policy.ClassifiedStatement;

import io.fedduck.jdbc.policy.StatementClassifier;
import io.fedduck.jdbc.policy.StatementKind;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy every FedDuck connection applies: no writes on a read-only connection, and never the
 * functions that open their own remote connections around the configured sources. This is the second line:
 * a read-only connection's statements also run inside DuckDB read-only transactions
 * ({@link SessionTransactions}), which DuckDB enforces.
 */
final class ReadOnlyPolicy implements StatementPolicy {
    static final ReadOnlyPolicy INSTANCE = new ReadOnlyPolicy();

    /** Transaction control as SQL text: on a read-only connection it would end the read-only transaction. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of(
            "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "END", "ABORT");

    private ReadOnlyPolicy() {
    }

    @Override
    public void check(String sql, FedDuckConnection connection) throws SQLException {
        boolean readOnly = connection.isReadOnly();
        StatementClassifier.requireAllowed(sql, readOnly, connection.label());
        List<ClassifiedStatement> statements = StatementClassifier.classify(sql).statements();
        Optional<String> wrapped = StatementClassifier.storedDefinitionOverWriteCapable(sql);
        if (wrapped.isPresent()) {
            // A read-only connection's read-only transaction does not reach these functions, and its
            // SQL reading cannot see into a view or macro: so none may be stored around them.
            throw SqlStates.forbidden(connection.label() + " refuses a view or macro over " + wrapped.get()
                    + ": it runs SQL on a source that can write, and a read-only connection could run it through"
                    + " the view or macro. Query the source's tables through its catalog instead.");
        }
        if (readOnly) {
            for (ClassifiedStatement statement : statements) {
                if (statement.kind() == StatementKind.SESSION && TRANSACTION_CONTROL.contains(statement.keyword())) {
                    throw SqlStates.readOnly(connection.label() + " is read-only: " + statement.keyword()
                            + " as SQL text would end its read-only transaction; use Connection.setAutoCommit,"
                            + " commit() and rollback() instead.");
                }
            }
        }
    }
}
