package io.fedduck.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

class ForwardingResultSetMetaDataTest extends ForwardingTestSupport<ResultSetMetaData> {
    ForwardingResultSetMetaDataTest() {
        super(ResultSetMetaData.class, ForwardingResultSetMetaData.class);
    }

    @Override
    protected ResultSetMetaData forwarding(DelegateSource<ResultSetMetaData> delegate) {
        return new ForwardingResultSetMetaData() {
            @Override
            protected ResultSetMetaData delegate() throws SQLException {
                return delegate.get();
            }
        };
    }
}
