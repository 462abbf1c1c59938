package io.fedduck.internal;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * How {@code Statement.cancel()} and the query timeout reach work that runs before the JDBC statement's
 * own DuckDB statement does (a sync_table run): the work registers the DuckDB statement it is running,
 * and checks between its steps whether it was cancelled.
 */
public final class Cancellation {
    private volatile String reason;
    private volatile Statement running;
    /** System.nanoTime() when it was first marked or cancelled; 0 before. */
    private volatile long cancelledAt;
    /** The cancel sent to the sources for it, while under way. */
    private volatile java.util.concurrent.Future<?> remoteCancel;

    /**
     * Makes every later check fail with {@code reason} without stopping the registered statement yet (the
     * caller first stops what the statement has a source do).
     */
    public void mark(String reason) {
        noteTime();
        this.reason = reason;
    }

    private synchronized void noteTime() {
        if (cancelledAt == 0) {
            cancelledAt = System.nanoTime();
        }
    }

    /** How long ago it was first cancelled, in nanoseconds; -1 when it was not. */
    public long nanosSinceCancelled() {
        long at = cancelledAt;
        return at == 0 ? -1 : System.nanoTime() - at;
    }

    /** Stops the registered statement, if any, and makes every later check fail with {@code reason}. */
    public void cancel(String reason) {
        noteTime();
        this.reason = reason;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // it finished or closed meanwhile; the next check stops the work
            }
        }
    }

    /** Notes the cancel under way on the sources, which {@link #awaitRemoteCancel} waits for. */
    public void remoteCancel(java.util.concurrent.Future<?> cancel) {
        this.remoteCancel = cancel;
    }

    /**
     * Waits up to {@code millis} for the cancel sent to the sources: a cancel that arrived after the
     * statement ended would stop whatever the source's session runs next (the next statement on it).
     */
    public void awaitRemoteCancel(long millis) {
        java.util.concurrent.Future<?> cancel = remoteCancel;
        if (cancel == null) {
            return;
        }
        try {
            cancel.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // a stalled link: the cancel may never arrive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public String reason() {
        return reason;
    }

    /** Throws SQLState 57014 when cancelled. */
    public void check() throws SQLException {
        String why = reason;
        if (why != null) {
            throw SqlStates.cancelled(why, null);
        }
    }

    /** Registers {@code statement} as the one to stop on cancel until {@link #done}; fails if already cancelled. */
    public void running(Statement statement) throws SQLException {
        running = statement;
        check();
    }

    public void done() {
        running = null;
    }
}
