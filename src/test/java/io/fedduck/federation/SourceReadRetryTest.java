package io.fedduck.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceReadRetryTest {
    /** What the mysql 1.4.4 extension reported in CI for a read whose COMMIT it sent garbled. */
    private static final String GARBLED_COMMIT = "TransactionContext Error: Failed to commit: Failed to run query"
            + " \"COMMIT\": You have an error in your SQL syntax; check the manual that corresponds to your MariaDB"
            + " server version for the right syntax to use near 'COMM' at line 1";

    @Test
    void aReadThatFailedOnTheLinkRunsOnceMore() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        SourceReadRetry.runRetryingOnce(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException(GARBLED_COMMIT);
            }
        });
        assertEquals(2, attempts.get());
    }

    @Test
    void aReadThatFailedOnItsQueryIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> SourceReadRetry.runRetryingOnce(() -> {
            attempts.incrementAndGet();
            throw new SQLException("Catalog Error: Table with name nope does not exist!");
        }));
        assertEquals(1, attempts.get());
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void whenTheSecondAttemptFailsTooTheFirstErrorIsReportedWithTheSecondAttached() {
        SQLException first = new SQLException("IO Error: server closed the connection unexpectedly");
        SQLException second = new SQLException("TransactionContext Error: Current transaction is aborted");
        AtomicInteger attempts = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> SourceReadRetry.runRetryingOnce(() -> {
            throw attempts.incrementAndGet() == 1 ? first : second;
        }));
        assertSame(first, e);
        assertSame(second, e.getSuppressed()[0]);
    }

    @Test
    void anInterruptIsNeverALinkFailure() {
        assertFalse(SourceReadRetry.isLinkFailure(new SQLException("INTERRUPT Error: Interrupted! server closed"
                + " the connection unexpectedly")));
        assertTrue(SourceReadRetry.isLinkFailure(new SQLException("IO Error: Lost connection to server during query")));
        assertFalse(SourceReadRetry.isLinkFailure(new SQLException((String) null)));
    }
}
