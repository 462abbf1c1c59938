package io.fedduck.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

class ForwardingPreparedStatementTest extends ForwardingTestSupport<PreparedStatement> {
    ForwardingPreparedStatementTest() {
        super(PreparedStatement.class, ForwardingPreparedStatement.class);
    }

    @Override
    protected PreparedStatement forwarding(DelegateSource<PreparedStatement> delegate) {
        return new ForwardingPreparedStatement() {
            @Override
            protected PreparedStatement delegate() throws SQLException {
                return delegate.get();
            }
        };
    }
}
