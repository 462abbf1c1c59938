package io.fedduck.jdbc;

import io.fedduck.jdbc.policy.StatementClassifier;
import java.sql.SQLException;

/**
 * The policy every FedDuck connection applies: no writes on a read-only connection, and never the
 * functions that open their own remote connections around the configured sources.
 */
final class ReadOnlyPolicy implements StatementPolicy {
    static final ReadOnlyPolicy INSTANCE = new ReadOnlyPolicy();

    private ReadOnlyPolicy() {
    }

    @Override
    public void check(String sql, FedDuckConnection connection) throws SQLException {
        StatementClassifier.requireAllowed(sql, connection.isReadOnly(), connection.label());
    }
}
