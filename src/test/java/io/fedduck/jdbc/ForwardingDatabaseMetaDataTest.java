package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ForwardingDatabaseMetaDataTest extends ForwardingTestSupport<DatabaseMetaData> {
    ForwardingDatabaseMetaDataTest() {
        super(DatabaseMetaData.class, ForwardingDatabaseMetaData.class);
    }

    @Override
    protected DatabaseMetaData forwarding(DelegateSource<DatabaseMetaData> delegate) {
        return new ForwardingDatabaseMetaData() {
            @Override
            protected DatabaseMetaData delegate() throws SQLException {
                return delegate.get();
            }
        };
    }

    @Test
    void driverVersionReportsAnUnavailableDelegateUnchecked() {
        SQLException closed = new SQLException("connection is closed", "HY010");
        DatabaseMetaData metaData = forwarding(() -> {
            throw closed;
        });

        assertSame(closed, assertThrows(IllegalStateException.class, metaData::getDriverMajorVersion).getCause());
        assertSame(closed, assertThrows(IllegalStateException.class, metaData::getDriverMinorVersion).getCause());
    }
}
