package io.fedduck.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

class ForwardingResultSetTest extends ForwardingTestSupport<ResultSet> {
    ForwardingResultSetTest() {
        super(ResultSet.class, ForwardingResultSet.class);
    }

    @Override
    protected ResultSet forwarding(DelegateSource<ResultSet> delegate) {
        return new ForwardingResultSet() {
            @Override
            protected ResultSet delegate() throws SQLException {
                return delegate.get();
            }
        };
    }
}
