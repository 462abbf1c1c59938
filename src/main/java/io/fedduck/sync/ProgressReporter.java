package io.fedduck.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * Tells the world how a sync run is going: the run's row in {@code fedduck.sync_runs} (on a connection of
 * its own, committed at once, so other connections see it live), the registered listeners, and a log
 * line every few seconds. During a long single statement (a full copy) it polls DuckDB's query progress.
 */
final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TableSync.class.getName());
    static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private static final long POLL_MILLIS = 250;

    private final Connection stateSession;
    private final SyncStateStore store;
    private final List<SyncListener> listeners;
    private final SyncProgress first;
    private final long logEveryNanos;
    private final long started = System.nanoTime();
    private long lastLog = started;
    private Thread poller;
    private volatile RuntimeException listenerFailure;

    ProgressReporter(Connection stateSession, SyncStateStore store, List<SyncListener> listeners, SyncProgress first) {
        this(stateSession, store, listeners, first, LOG_EVERY_NANOS);
    }

    ProgressReporter(Connection stateSession, SyncStateStore store, List<SyncListener> listeners, SyncProgress first,
                     long logEveryNanos) {
        this.stateSession = stateSession;
        this.store = store;
        this.listeners = List.copyOf(listeners);
        this.first = first;
        this.logEveryNanos = logEveryNanos;
    }

    /** Records and announces progress; a listener's exception is thrown on to stop the sync. */
    synchronized void report(long rowsCopied, long estimatedTotal, String watermark, String state) throws SQLException {
        double percent = "succeeded".equals(state) ? 100.0 : estimatedTotal > 0
                ? Math.min(100.0, 100.0 * rowsCopied / estimatedTotal) : -1;
        SyncProgress p = new SyncProgress(first.syncId(), first.connectionName(), first.sourceTable(),
                first.localTable(), rowsCopied, estimatedTotal, percent, watermark, state);
        if ("running".equals(state)) {
            store.progress(stateSession, p);
        }
        long now = System.nanoTime();
        if (now - lastLog >= logEveryNanos && "running".equals(state)) {
            lastLog = now;
            LOG.info(() -> String.format("sync %d of %s into %s: %d of %s rows (%s)", p.syncId(), p.sourceTable(),
                    p.localTable(), p.rowsCopied(), p.estimatedTotal() < 0 ? "?" : p.estimatedTotal(),
                    p.percent() < 0 ? "?" : String.format("%.1f%%", p.percent())));
        }
        for (SyncListener listener : listeners) {
            try {
                listener.onProgress(p);
            } catch (RuntimeException e) {
                throw new ListenerStopped(e);
            }
        }
    }

    /** A listener threw: the run stops after what it committed. */
    static final class ListenerStopped extends RuntimeException {
        ListenerStopped(RuntimeException cause) {
            super("a sync listener stopped the run: " + cause, cause);
        }
    }

    /** Logs that the run is still at {@code phase}, when the last log line is old enough. */
    private synchronized void logIfDue(String phase) {
        long now = System.nanoTime();
        if (now - lastLog >= logEveryNanos) {
            lastLog = now;
            LOG.info(() -> String.format("sync %d of %s into %s: %s, running for %d s", first.syncId(),
                    first.sourceTable(), first.localTable(), phase, (now - started) / 1_000_000_000L));
        }
    }

    /**
     * Polls a full copy while it runs: its progress is the run's, reported as a share of the source's
     * row estimate ({@code sourceEstimate}, -1 when unknown), a listener's failure cancelling it.
     */
    void watchCopy(DuckDBPreparedStatement statement, long sourceEstimate) {
        watch(statement, progress -> reportCopy(progress.getPercentage(), progress.getRowsProcessed(),
                progress.getTotalRowsToProcess(), sourceEstimate));
    }

    /** Polls a statement that is one step of the run: only the log line is kept up. */
    void watchStep(DuckDBPreparedStatement statement, String phase) {
        watch(statement, progress -> logIfDue(phase));
    }

    private interface Poll {
        void seen(QueryProgress progress) throws SQLException;
    }

    /** One poll of a full copy: DuckDB's {@code percent} (-1 or 0 when it knows nothing) and its own counts. */
    void reportCopy(double percent, long duckdbRows, long duckdbTotal, long sourceEstimate) throws SQLException {
        if (percent <= 0) {
            // DuckDB has no progress from this scan (the mysql extension's reports none): no made-up count.
            logIfDue("copying" + (sourceEstimate > 0 ? " about " + sourceEstimate + " rows" : "")
                    + ", no progress reported by the source's scan");
        } else if (sourceEstimate > 0) {
            // DuckDB counts in units of its own (for PostgreSQL, an estimate from the table's pages); its
            // share applied to the source's own row estimate is the better count.
            report(Math.round(sourceEstimate * Math.min(percent, 100.0) / 100.0), sourceEstimate, null, "running");
        } else {
            report(duckdbRows, duckdbTotal, null, "running");
        }
    }

    private void watch(DuckDBPreparedStatement statement, Poll poll) {
        poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                    poll.seen(statement.getQueryProgress());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    listenerFailure = e;
                    cancel(statement);
                    return;
                } catch (SQLException e) {
                    // the statement finished or closed meanwhile; progress is best effort
                    LOG.log(Level.FINE, "sync progress poll", e);
                }
            }
        }, "fedduck-sync-progress-" + first.syncId());
        poller.setDaemon(true);
        poller.start();
    }

    private static void cancel(DuckDBPreparedStatement statement) {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // it finished meanwhile
        }
    }

    /** Stops polling; throws a listener's failure seen while polling. */
    void stopWatching() {
        Thread t = poller;
        poller = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (listenerFailure != null) {
            throw listenerFailure;
        }
    }

    @Override
    public void close() {
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
    }
}
