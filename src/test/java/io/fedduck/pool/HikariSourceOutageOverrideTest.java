package io.fedduck.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class HikariSourceOutageOverrideTest {
    private final HikariSourceOutageOverride override = new HikariSourceOutageOverride();

    @Test
    void aSourceOutageKeepsTheConnection() {
        assertEquals(SQLExceptionOverride.Override.DO_NOT_EVICT, override.adjudicate(new SQLTransientConnectionException(
                "source 'pg' is unreachable", "08001", SqlStates.SOURCE_UNREACHABLE_CODE)));
    }

    @Test
    void aBrokenFedDuckConnectionAndOtherErrorsAreLeftToHikari() {
        assertEquals(SQLExceptionOverride.Override.CONTINUE_EVICT, override.adjudicate(
                new SQLNonTransientConnectionException("stalled", "08006")));
        assertEquals(SQLExceptionOverride.Override.CONTINUE_EVICT, override.adjudicate(
                new SQLException("other", "08001", 0)));
        assertEquals(SQLExceptionOverride.Override.CONTINUE_EVICT, override.adjudicate(
                new SQLException("syntax", "42601", SqlStates.SOURCE_UNREACHABLE_CODE)));
    }
}
