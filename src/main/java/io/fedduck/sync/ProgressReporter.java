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
     * Polls {@code statement} while it runs: with {@code reportsRows}, its progress is the run's (a full
     * copy) and is reported, a listener's failure cancelling it; otherwise only the log line is kept up.
     */
    void watch(DuckDBPreparedStatement statement, boolean reportsRows, String phase) {
        poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                    QueryProgress progress = statement.getQueryProgress();
                    if (reportsRows && progress.getTotalRowsToProcess() > 0) {
                        report(progress.getRowsProcessed(), progress.getTotalRowsToProcess(), null, "running");
                    } else {
                        logIfDue(phase);
                    }
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
