package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ForwardingConnectionTest extends ForwardingTestSupport<Connection> {
    ForwardingConnectionTest() {
        super(Connection.class, ForwardingConnection.class);
    }

    @Override
    protected Connection forwarding(DelegateSource<Connection> delegate) {
        return new ForwardingConnection() {
            @Override
            protected Connection delegate() throws SQLException {
                return delegate.get();
            }
        };
    }

    @Test
    void setClientInfoReportsAnUnavailableDelegateAsSQLClientInfoException() {
        SQLException closed = new SQLException("connection is closed", "HY010", 17);
        Connection connection = forwarding(() -> {
            throw closed;
        });

        SQLClientInfoException one = assertThrows(SQLClientInfoException.class,
                () -> connection.setClientInfo("ApplicationName", "dbeaver"));
        assertSame(closed, one.getCause());
        assertEquals("HY010", one.getSQLState());
        assertEquals(17, one.getErrorCode());
        assertEquals(Map.of("ApplicationName", ClientInfoStatus.REASON_UNKNOWN), one.getFailedProperties());

        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "dbeaver");
        properties.setProperty("ClientUser", "alice");
        SQLClientInfoException all = assertThrows(SQLClientInfoException.class,
                () -> connection.setClientInfo(properties));
        assertSame(closed, all.getCause());
        assertEquals(Map.of("ApplicationName", ClientInfoStatus.REASON_UNKNOWN,
                "ClientUser", ClientInfoStatus.REASON_UNKNOWN), all.getFailedProperties());
    }
}
