package io.fedduck.jdbc;

import java.sql.Statement;
import java.sql.SQLException;

class ForwardingStatementTest extends ForwardingTestSupport<Statement> {
    ForwardingStatementTest() {
        super(Statement.class, ForwardingStatement.class);
    }

    @Override
    protected Statement forwarding(DelegateSource<Statement> delegate) {
        return new ForwardingStatement() {
            @Override
            protected Statement delegate() throws SQLException {
                return delegate.get();
            }
        };
    }
}
