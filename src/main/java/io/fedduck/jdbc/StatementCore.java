package io.fedduck.jdbc;

import io.fedduck.federation.SourceReadRetry;
import io.fedduck.internal.Cancellation;
import io.fedduck.internal.SqlStates;
import io.fedduck.procedures.FollowingResults;
import io.fedduck.procedures.ParameterBinder;
import io.fedduck.pushdown.Pushdown;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What FedDuck adds to every statement, shared by {@link FedDuckStatement} and
 * {@link FedDuckPreparedStatement}: the policy check, the query timeout, cancel, max rows, one audit record
 * per execution, and a DuckDB statement that is re-created when DuckDB closed it after an error (duckdb_jdbc
 * closes a statement on any execution error; DBeaver and pools reuse statements).
 *
 * @param <S> the DuckDB statement type
 */
final class StatementCore<S extends Statement> {

    /** Creates the DuckDB statement (again, after DuckDB closed it). */
    interface Factory<S> {
        S create() throws SQLException;
    }

    /** One call on the DuckDB statement. */
    interface Execution<S, T> {
        T run(S statement) throws SQLException;
    }

    /** One execution of a text on the DuckDB statement: the user's, or what its source runs instead (pushdown). */
    interface TextExecution<S, T> {
        T run(S statement, String text) throws SQLException;
    }

    private final FedDuckConnection connection;
    private final Statement owner;
    private final boolean parses;
    private final Factory<S> factory;
    private volatile S raw;
    /** The federation's count of catalog-cache clears when {@link #raw} was prepared. */
    private volatile long preparedAtClears;
    private volatile boolean closed;
    private volatile boolean cancelRequested;
    private volatile boolean running;
    private volatile boolean networkTimedOut;
    private boolean closeOnCompletion;
    private long updateCount = -1;
    private int queryTimeoutSeconds = -1;
    private long maxRows;
    private Integer fetchSize;
    private FedDuckResultSet currentResult;
    private PendingAudit pendingAudit;
    /** The source SQL (literals masked) the current execution ran instead of its text; null when none. */
    private String pushedSql;
    /** The same source SQL with its literals, which an error of the source may quote; null when none. */
    private String pushedSource;
    /** The session statement a pushed PreparedStatement query runs on, closed with its result. */
    private Statement pushedRunner;
    /** The text whose execution gave the result that is (or is about to be) wrapped. */
    private String resultSql;
    private ParameterBinder parameters = ParameterBinder.NONE;
    private FollowingResults following = FollowingResults.NONE;
    /** The running execution's, so cancel() and the timeout reach a procedure it runs (sync_table). */
    private volatile Cancellation cancellation;
    /** The fetch of the streamed result's next rows under way, for Statement.cancel() and its timer; or null. */
    private volatile Cancellation fetching;
    /** Asks the sources to stop the scans the streamed result still reads (see FedDuckConnection#remoteCancelOf). */
    private volatile Runnable streamRemoteCancel = () -> { };
    /** How long closing a pushed result early waits for its cancel to reach the source before it goes on. */
    private static final long EARLY_CLOSE_CANCEL_MILLIS = 500;

    /** The streaming result is a pushed statement's (see the streams' closingEarly). */
    private volatile boolean resultPushed;
    private static final ScheduledExecutorService TIMEOUTS = timeoutTimer();
    private static final java.util.concurrent.ExecutorService REMOTE_CANCELS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fedduck-remote-cancel");
                t.setDaemon(true);
                return t;
            });
    private volatile Statement followingQuery;
    /** The last execution left a result open inside an auto-commit transaction that its closing ends. */
    private volatile boolean resultHoldsTransaction;

    /** The catalog-cache hold (Federation#beginCatalogUse) of the result that streams now; 0 when none. */
    private long catalogHold;

    private synchronized void holdCatalog(long stamp) {
        releaseCatalog();
        catalogHold = stamp;
    }

    private synchronized long takeCatalogHold() {
        long stamp = catalogHold;
        catalogHold = 0;
        return stamp;
    }

    private synchronized void releaseCatalog() {
        long stamp = catalogHold;
        if (stamp != 0) {
            catalogHold = 0;
            connection.federation().endCatalogUse(stamp);
        }
    }

    /** The connection's streaming results, and this statement's hold on the catalogs while its result streams. */
    private final FedDuckResultSet.OpenResults streams = new FedDuckResultSet.OpenResults() {
        @Override
        public void opened(FedDuckResultSet result) {
            connection.openResults().opened(result);
        }

        @Override
        public boolean fetch(FedDuckResultSet result, DeepStack.Work<Boolean> fetch) throws SQLException {
            return fetchRows(result, fetch);
        }

        @Override
        public SQLException translate(SQLException e) {
            return e.getSQLState() != null ? e : DuckDbErrors.translate(withoutPushedLiterals(e), connection.federation());
        }

        @Override
        public void closingEarly(FedDuckResultSet result) {
            // a pushed query is one remote statement that sends every row before the extension lets go of it;
            // DuckDB's own scans stop at once (StreamingIT)
            if (resultPushed) {
                // bounded: on a stalled link the lookup itself waits, and the close has its own bound after this
                java.util.concurrent.Future<?> cancel = REMOTE_CANCELS.submit(streamRemoteCancel);
                try {
                    cancel.get(EARLY_CLOSE_CANCEL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // the close goes on; the cancel, still on its way, ends the source's work when it lands
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void endOfRows(FedDuckResultSet result) throws SQLException {
            connection.transactions().requireNotAborted(connection.label());
        }

        @Override
        public void ended(FedDuckResultSet result) {
            connection.openResults().ended(result);
            releaseCatalog();
            // The rows left are in memory (or none are): the auto-commit transaction the stream needed ends
            // now, not when the application closes the result (a grid may stay open for hours, and the
            // connection's next statements would otherwise run in that old transaction).
            releaseTransaction();
        }
    };

    /** An execution whose result rows are counted before its audit record is written. */
    private record PendingAudit(String sql, String pushedSql, long durationNanos) {
    }

    /** Runs {@code task} after {@code seconds} on FedDuck's timeout timer (off it, as the task may wait). */
    static ScheduledFuture<?> schedule(Runnable task, int seconds) {
        return TIMEOUTS.schedule(() -> REMOTE_CANCELS.execute(task), seconds, TimeUnit.SECONDS);
    }

    /** One daemon thread; a cancelled timeout leaves the queue at once, not when it would have fired. */
    private static ScheduledExecutorService timeoutTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fedduck-procedure-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * @param parses whether {@code factory} has DuckDB parse SQL (a PreparedStatement's does: on a deep
     *     stack then); a plain statement is created without a native call
     */
    StatementCore(FedDuckConnection connection, Statement owner, Factory<S> factory, boolean parses) {
        this.connection = connection;
        this.owner = owner;
        this.factory = factory;
        this.parses = parses;
    }

    /** How a procedure CALL's arguments get the statement's bound parameters (a PreparedStatement's). */
    void parameters(ParameterBinder binder) {
        this.parameters = binder;
    }

    FedDuckConnection connection() {
        return connection;
    }

    /** The live DuckDB statement, created anew when DuckDB closed the previous one. */
    S raw() throws SQLException {
        if (closed) {
            throw SqlStates.closed("FedDuck statement");
        }
        if (raw == null || raw.isClosed()) {
            connection.bufferOpenResults(); // preparing runs on the session too
            long clears = connection.catalogClears();
            raw = parses ? DeepStack.call(factory::create) : factory.create(); // a PreparedStatement is parsed and bound here
            preparedAtClears = clears;
            if (fetchSize != null) {
                raw.setFetchSize(fetchSize);
            }
        }
        return raw;
    }

    /**
     * The DuckDB statement an execution runs, once it holds the catalog gate (on the deep-stack thread):
     * prepared again when a source's catalog cache was emptied since it was prepared, because DuckDB does
     * not bind a prepared statement again over an extension's catalog, and the mysql extension frees the
     * table entries such a statement still points at.
     */
    private S rawForExecution() throws SQLException {
        if (connection.catalogClears() != preparedAtClears) {
            S stale = raw;
            raw = null;
            if (stale != null) {
                stale.close();
            }
            long clears = connection.catalogClears();
            raw = factory.create();
            preparedAtClears = clears;
            if (fetchSize != null) {
                raw.setFetchSize(fetchSize);
            }
        }
        return raw;
    }

    /** Checks {@code sql} against the connection's policy; a refusal is audited. */
    static void checkPolicy(FedDuckConnection connection, String sql) throws SQLException {
        try {
            connection.policy().check(sql, connection);
        } catch (SQLException refused) {
            connection.audit(sql, 0, null, "refused", refused);
            throw refused;
        }
    }

    /**
     * Runs {@code sql}, or the statement its source runs instead when pushdown takes it (chosen after the
     * policy allowed {@code sql}); audit, errors and result metadata stay those of {@code sql}.
     */
    <T> T executeText(String sql, TextExecution<S, T> body) throws SQLException {
        return execute(sql, body, true);
    }

    /**
     * Runs a PreparedStatement's pushed text (no parameters) on a statement of the session, in the
     * execution: DuckDB prepared the original text, not this one. The statement is closed with its result.
     */
    ResultSet runPushed(String text) throws SQLException {
        Statement runner = connection.delegate().createStatement();
        try {
            if (fetchSize != null) {
                runner.setFetchSize(fetchSize);
            }
            ResultSet result = runner.executeQuery(text);
            pushedRunner = runner;
            return result;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(runner);
            throw e;
        }
    }

    private synchronized void closePushedRunner() {
        Statement runner = pushedRunner;
        pushedRunner = null;
        if (runner != null) {
            closeQuietly(runner);
        }
    }

    /**
     * A mark for one execution's pushed SQL (see Pushdown.Pushed#marked): random, so that another
     * connection's statement never carries it and the cancel of this one reaches no other.
     */
    private static String nextMark() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "fedduck " + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /** Runs one execution with policy, timeout, error translation and audit. */
    <T> T execute(String sql, Execution<S, T> body) throws SQLException {
        return execute(sql, (statement, text) -> body.run(statement), false);
    }

    private <T> T execute(String sql, TextExecution<S, T> body, boolean push) throws SQLException {
        raw();
        finishCurrentResult();
        closePushedRunner(); // a pushed result's statement, if an error left one behind
        updateCount = -1;
        following = FollowingResults.NONE;
        pushedSql = null;
        pushedSource = null;
        long start = System.nanoTime();
        checkPolicy(connection, sql);
        connection.bufferOpenResults();
        raw(); // prepared (or created) here, so an error in the text surfaces before anything starts
        int timeout = effectiveQueryTimeout();
        cancelRequested = false;
        running = true;
        Cancellation current = new Cancellation();
        cancellation = current;
        // FedDuck's own timer, not duckdb_jdbc's: the source must be told before DuckDB's interrupt (after it,
        // MySQL's session is gone and KILL QUERY no longer finds the query). Off the timer thread: cancelling on
        // the source is a round trip that must not delay other statements' timeouts.
        ScheduledFuture<?> timer = timeout > 0 ? TIMEOUTS.schedule(() -> REMOTE_CANCELS.execute(() -> interrupt(
                current, connection.label() + ": statement cancelled after the query timeout of " + timeout + " s")),
                timeout, TimeUnit.SECONDS) : null;
        int network = connection.networkTimeoutMillis();
        networkTimedOut = false;
        // The network timeout (Connection.setNetworkTimeout, which pools set around their checks) bounds the
        // wait for any one reply: past it the statement fails and the connection is closed, as JDBC asks.
        ScheduledFuture<?> networkTimer = network > 0 ? TIMEOUTS.schedule(() -> REMOTE_CANCELS.execute(() -> {
            if (cancellation != current) {
                return; // the execution ended meanwhile: its connection stays open
            }
            networkTimedOut = true;
            // closed first: the statement may fail as soon as the source stops it, and its caller must then
            // find the connection closed
            connection.closeAfterNetworkTimeout();
            interrupt(current, connection.label() + ": no reply within the network timeout of " + network + " ms");
        }), network, TimeUnit.MILLISECONDS) : null;
        // One execution at a time per connection: a DuckDB connection runs one statement at a time (two at
        // once fail in duckdb_jdbc), and the connection's transaction must not end while one runs.
        connection.executionLock().lock();
        boolean abandoned = false;
        try {
            // The connection may have been closed while this waited for the lock (a statement abandoned on a
            // stalled link leaves its DuckDB session busy): nothing may run on the session then.
            connection.requireOpen();
            connection.bufferOpenResults(); // again under the lock: another thread's result may stream now
            // Inside the try: a table function's refresh error is translated and audited like the statement's.
            // DuckDB binds the procedures' and table functions' arguments in beforeStatement: on a deep stack,
            // like the statement. (Their arguments are constants, which the policy checks, so that binding
            // writes nothing outside the statement's transaction.)
            // One hand-over to the deep-stack thread for the whole statement.
            T result;
            try {
                result = DeepStack.call(() -> {
                    following = connection.beforeStatement(sql, parameters, current);
                    // planned before the statement holds the catalog gate: a lookup that meets a broken
                    // source link may leave the extension's catalog cache half loaded, and must be able to
                    // have it emptied before the statement binds its tables
                    Optional<Pushdown.Pushed> pushed = push
                            ? connection.pushedForm(sql, maxRows).map(p -> p.marked(nextMark())) : Optional.empty();
                    pushedSql = pushed.map(Pushdown.Pushed::maskedSourceSql).orElse(null);
                    pushedSource = pushed.map(Pushdown.Pushed::sourceSql).orElse(null);
                    String text = pushed.map(Pushdown.Pushed::duckDbSql).orElse(sql);
                    Pushdown.Pushed marked = pushed.filter(p -> p.mark() != null).orElse(null);
                    while (true) {
                        connection.enterStatement(sql, timeout, current, marked);
                        try {
                            return body.run(rawForExecution(), text);
                        } catch (SQLException | RuntimeException e) {
                            connection.transactions().afterStatement(true, false);
                            if (marked == null || !(e instanceof SQLException failure) || current.isCancelled()
                                    || !connection.transactions().autoCommit() || !SourceReadRetry.isLinkFailure(failure)) {
                                throw e;
                            }
                        }
                        // The marked statement asked the source nothing first, and met a session the source closed
                        // (a restart) or a link that failed: once more the usual way, which asks first, takes a new
                        // session for a stale one, and names an unreachable source with 08001. Nothing of a read was done.
                        marked = null;
                    }
                }, current, connection::afterStalledWork);
            } catch (DeepStack.Abandoned stalled) {
                abandoned = true;
                throw connection.isolateAfterStall(current.reason());
            }
            if (current.isCancelled() || cancelRequested) {
                // The timeout or cancel fired while DuckDB was waiting on a source that ignores interrupts
                // (a MySQL SLEEP returns normally): the statement failed, whatever DuckDB returned.
                discard(result);
                connection.transactions().afterStatement(true, false);
                throw new SQLException("INTERRUPT Error: Interrupted!");
            }
            long duration = System.nanoTime() - start;
            boolean resultOpen = result instanceof ResultSet || Boolean.TRUE.equals(result);
            resultHoldsTransaction = connection.transactions().afterStatement(false, resultOpen);
            if (resultOpen) {
                // its scans go on while the result streams: the catalog caches stay as they are until then
                holdCatalog(connection.takeCatalogUse());
                streamRemoteCancel = connection.remoteCancelOf(current);
                resultPushed = pushedSql != null;
                pendingAudit = new PendingAudit(sql, pushedSql, duration);
                resultSql = sql;
                // wrapped now, under the execution lock, not later by the caller or at getResultSet(): the
                // connection's next statement (from any thread) must find it among the streaming results and
                // copy it aside, or DuckDB cuts it off
                wrap(result instanceof ResultSet rs ? rs : raw.getResultSet());
            } else {
                // duckdb_jdbc hands out an update count only once, so FedDuck keeps it for the caller.
                Long rows = rowsOf(result, raw);
                updateCount = rows == null ? -1 : rows;
                connection.audit(sql, pushedSql, duration, rows, "ok", null);
            }
            return result;
        } catch (SQLException e) {
            long duration = System.nanoTime() - start;
            if (abandoned) {
                connection.audit(sql, pushedSql, duration, null, "cancelled", e);
                throw e;
            }
            boolean interrupted = DuckDbErrors.isInterrupt(e) || current.isCancelled();
            SQLException translated = interrupted ? cancelled(timeout)
                    : DuckDbErrors.translate(withoutPushedLiterals(e), connection.federation());
            if (translated.getSQLState() != null && translated.getSQLState().startsWith("42")) {
                translated = withReason(translated, connection.federation().whyUnattached(sql));
            }
            connection.audit(sql, pushedSql, duration, null, interrupted ? "cancelled" : "error", translated);
            throw translated;
        } finally {
            if (!abandoned) {
                // a cancel still on its way to a source must land before the source's session runs anything else
                current.awaitRemoteCancel(3000);
                connection.leaveStatement(); // else when the abandoned work ends: it still uses both
            }
            connection.executionLock().unlock();
            connection.afterExecution();
            running = false;
            cancellation = null;
            if (timer != null) {
                timer.cancel(false);
            }
            if (networkTimer != null) {
                networkTimer.cancel(false);
            }
        }
    }

    /**
     * One fetch of the streamed result's next rows, which waits on the sources as the execution did, bounded
     * like it: past the query timeout, or on Statement.cancel(), the sources are asked to stop the scans
     * (duckdb_jdbc cannot interrupt a fetch from another thread), and if the fetch still waits
     * {@link DeepStack#STALL_GRACE_NANOS} later (a stalled link) its caller gets 08006 and the connection is
     * isolated, as for a stalled execution.
     */
    private boolean fetchRows(FedDuckResultSet result, DeepStack.Work<Boolean> fetch) throws SQLException {
        int timeout = effectiveQueryTimeout();
        Cancellation current = new Cancellation();
        fetching = current;
        ScheduledFuture<?> timer = timeout > 0 ? schedule(() -> stopFetch(current, connection.label()
                + ": the next rows did not come within the query timeout of " + timeout + " s"), timeout) : null;
        connection.fetchStarted(); // first: a close that comes after this sees the fetch and cancels it
        boolean abandoned = false;
        boolean more;
        try {
            connection.requireOpen(); // a close that came before it released the session, or is doing so
            more = DeepStack.call(fetch, current, connection::afterStalledWork);
        } catch (DeepStack.Abandoned stalled) {
            abandoned = true;
            SQLException isolated = connection.isolateAfterStall(current.reason());
            result.abandon(isolated);
            connection.openResults().ended(result);
            // the stalled scan still reads the sources: its hold on the catalog caches and its transaction
            // end with it (the release after it rolls back), as for a stalled execution
            connection.keepCatalogUseUntilStalledWorkEnds(takeCatalogHold());
            connection.transactions().failed();
            throw isolated;
        } catch (SQLException e) {
            if (current.isCancelled() && !(e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
                throw SqlStates.cancelled(current.reason(), e); // the source stopped the scan as asked
            }
            throw e;
        } finally {
            fetching = null;
            if (timer != null) {
                timer.cancel(false);
            }
            if (!abandoned) {
                current.awaitRemoteCancel(3000); // it must not stop what the session runs next
            }
            connection.fetchEnded();
            connection.afterExecution();
        }
        current.check(); // stopped on the sources meanwhile: the rows after these would not come
        return more;
    }

    private void stopFetch(Cancellation target, String reason) {
        if (fetching != target) {
            return;
        }
        target.mark(reason);
        target.remoteCancel(REMOTE_CANCELS.submit(streamRemoteCancel));
    }

    private void discard(Object result) {
        try {
            if (result instanceof ResultSet rs) {
                rs.close();
            } else if (Boolean.TRUE.equals(result) && raw != null) {
                ResultSet rs = raw.getResultSet();
                if (rs != null) {
                    rs.close();
                }
            }
        } catch (SQLException ignored) {
            // the statement is reported as cancelled either way
        }
    }

    /** The update count of the last execution, or -1 when it gave a result set or none is left. */
    long updateCount() throws SQLException {
        raw();
        return updateCount;
    }

    /**
     * Closes the current result and opens the next, when the execution has one (a lone
     * {@code CALL describe_remote_table(...)} has several); other statements give one result.
     */
    boolean moreResults(int current) throws SQLException {
        raw();
        if (current == Statement.KEEP_CURRENT_RESULT) {
            throw new SQLFeatureNotSupportedException("FedDuck keeps one result set of a statement open at a time;"
                    + " use getMoreResults() or CLOSE_CURRENT_RESULT");
        }
        if (current != Statement.CLOSE_CURRENT_RESULT && current != Statement.CLOSE_ALL_RESULTS) {
            throw SqlStates.invalidValue("getMoreResults: unknown option " + current);
        }
        finishCurrentResult();
        updateCount = -1;
        PreparedStatement query = following.next();
        if (query == null) {
            following = FollowingResults.NONE;
            return false;
        }
        int timeout = effectiveQueryTimeout();
        cancelRequested = false;
        running = true;
        followingQuery = query;
        try {
            query.setQueryTimeout(timeout);
            connection.bufferOpenResults();
            currentResult = new FedDuckResultSet(query.executeQuery(), owner, maxRows, rows -> closeQuietly(query),
                    connection.openResults(), connection.largeResultRows(), FedDuckResultSetMetaData.Origins.NONE);
            return true;
        } catch (SQLException e) {
            closeQuietly(query);
            following = FollowingResults.NONE;
            throw DuckDbErrors.isInterrupt(e) ? cancelled(timeout) : DuckDbErrors.translate(e, connection.federation());
        } finally {
            running = false;
        }
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the result set it gave is closed; the statement's own close is best effort
        }
    }

    void closeOnCompletion() throws SQLException {
        raw();
        closeOnCompletion = true;
    }

    boolean isCloseOnCompletion() throws SQLException {
        raw();
        return closeOnCompletion;
    }

    /**
     * The error of a pushed statement with the source SQL it quotes (as sent, or inside DuckDB's statement)
     * written with its literals masked, as the audit's pushed_sql: the literals are the user's, but the
     * error travels further (logs, the audit's error field), and a literal may hold anything.
     */
    private SQLException withoutPushedLiterals(SQLException e) {
        String source = pushedSource;
        String message = e.getMessage();
        if (source == null || pushedSql == null || message == null) {
            return e;
        }
        String masked = message.replace(source, pushedSql).replace(source.replace("'", "''"), pushedSql);
        if (masked.equals(message)) {
            return e;
        }
        // before translation, whose classes come from the message: DuckDB's own errors are plain SQLExceptions
        SQLException copy = new SQLException(masked, e.getSQLState(), e.getErrorCode(), e.getCause());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static SQLException withReason(SQLException e, String reason) {
        if (reason.isEmpty()) {
            return e;
        }
        return new java.sql.SQLSyntaxErrorException(e.getMessage().strip() + reason, e.getSQLState(),
                e.getErrorCode(), e.getCause());
    }

    private SQLException cancelled(int timeout) {
        if (networkTimedOut) {
            return new java.sql.SQLNonTransientConnectionException(connection.label() + ": no reply within the"
                    + " network timeout of " + connection.networkTimeoutMillis() + " ms; the connection is closed",
                    SqlStates.CONNECTION_FAILURE);
        }
        String why = cancelRequested ? "cancelled by Statement.cancel()"
                : "cancelled after the query timeout of " + timeout + " s";
        return SqlStates.cancelled(connection.label() + ": statement " + why, null);
    }

    private static Long rowsOf(Object result, Statement statement) throws SQLException {
        if (result instanceof Integer i) {
            return i.longValue();
        }
        if (result instanceof Long l) {
            return l;
        }
        if (result instanceof int[] counts) {
            long sum = 0;
            for (int c : counts) {
                sum += Math.max(c, 0);
            }
            return sum;
        }
        if (result instanceof long[] counts) {
            long sum = 0;
            for (long c : counts) {
                sum += Math.max(c, 0);
            }
            return sum;
        }
        long count = statement.getLargeUpdateCount();
        return count < 0 ? null : count;
    }

    /** Wraps a DuckDB result set once; the wrapper writes the pending audit record when it closes. */
    ResultSet wrap(ResultSet result) {
        if (result == null) {
            return null;
        }
        if (currentResult != null && currentResult.wraps(result)) {
            return currentResult;
        }
        PendingAudit audit = pendingAudit;
        pendingAudit = null;
        currentResult = new FedDuckResultSet(result, owner, maxRows, rows -> {
            closePushedRunner();
            releaseTransaction();
            if (audit != null) {
                connection.audit(audit.sql(), audit.pushedSql(), audit.durationNanos(), rows, "ok", null);
            }
            if (closeOnCompletion && !closed && following == FollowingResults.NONE) {
                try {
                    close();
                } catch (SQLException ignored) {
                    // the result set is closed; closing the statement is best effort
                }
            }
        }, streams, connection.largeResultRows(),
                resultSql == null ? FedDuckResultSetMetaData.Origins.NONE : connection.columnOrigins(resultSql));
        return currentResult;
    }

    ResultSet currentResultSet() throws SQLException {
        S statement = raw();
        FedDuckResultSet current = currentResult;
        if (current != null && !current.isClosed()) {
            return current; // duckdb_jdbc hands out its result set only once
        }
        return wrap(statement.getResultSet());
    }

    /** Closes the open result (writing its audit record); executing again or closing does this first. */
    void finishCurrentResult() throws SQLException {
        FedDuckResultSet result = currentResult;
        currentResult = null;
        if (result != null) {
            result.close();
        }
        releaseTransaction();
        PendingAudit audit = pendingAudit;
        pendingAudit = null;
        if (audit != null) {
            connection.audit(audit.sql(), audit.pushedSql(), audit.durationNanos(), null, "ok", null);
        }
        releaseCatalog();
    }

    /** Ends the auto-commit transaction the last execution's result kept open, once. */
    private synchronized void releaseTransaction() {
        if (connection.sessionHeldByStalledWork()) {
            // a COMMIT would queue behind the stalled fetch; the connection's release, once that fetch
            // ends, rolls the transaction back (DuckDB must not be left to do it when the session closes:
            // a failing ROLLBACK there aborts the process)
            return;
        }
        if (resultHoldsTransaction) {
            resultHoldsTransaction = false;
            connection.transactions().resultClosed();
        }
    }

    int effectiveQueryTimeout() {
        return queryTimeoutSeconds >= 0 ? queryTimeoutSeconds : connection.defaultQueryTimeoutSeconds();
    }

    void setQueryTimeout(int seconds) throws SQLException {
        raw();
        if (seconds < 0) {
            throw SqlStates.invalidValue("query timeout must not be negative, got " + seconds);
        }
        queryTimeoutSeconds = seconds;
    }

    void setMaxRows(long rows) throws SQLException {
        raw();
        if (rows < 0) {
            throw SqlStates.invalidValue("max rows must not be negative, got " + rows);
        }
        maxRows = rows;
    }

    long maxRows() throws SQLException {
        raw();
        return maxRows;
    }

    void setFetchSize(int rows) throws SQLException {
        if (rows < 0) {
            throw SqlStates.invalidValue("fetch size must not be negative, got " + rows);
        }
        raw().setFetchSize(rows);
        fetchSize = rows;
    }

    /** The fetch size the caller set (results stream in DuckDB's chunks whatever it is), else DuckDB's. */
    int fetchSize() throws SQLException {
        S statement = raw();
        return fetchSize != null ? fetchSize : statement.getFetchSize();
    }

    void cancel() throws SQLException {
        if (closed) {
            throw SqlStates.closed("FedDuck statement");
        }
        cancelRequested = true;
        Cancellation current = cancellation;
        if (current != null) {
            // Off the caller's thread: cancelling on the source is a round trip, which a stalled link never
            // answers, and Statement.cancel() must return at once.
            current.mark(connection.label() + ": statement cancelled by Statement.cancel()");
            REMOTE_CANCELS.execute(() -> interrupt(current, connection.label()
                    + ": statement cancelled by Statement.cancel()"));
        }
        Cancellation fetch = fetching;
        if (fetch != null) {
            stopFetch(fetch, connection.label() + ": reading the next rows cancelled by Statement.cancel()");
        }
        Statement query = followingQuery;
        if (query != null && !query.isClosed()) {
            query.cancel();
        }
    }

    /**
     * Stops execution {@code target} if it is still the running one: first the work it has the sources do
     * (DuckDB's interrupt does not reach a query a source is still running), then FedDuck's own steps
     * (a sync_table run) and DuckDB's statement.
     */
    private void interrupt(Cancellation target, String reason) {
        if (cancellation != target) {
            return;
        }
        target.mark(reason); // first: the statement may fail as soon as the source stops
        // The source first (after DuckDB's interrupt, MySQL's session is gone and KILL QUERY finds nothing),
        // but at most 1.5 s: over a stalled link the source's cancel never gets an answer.
        java.util.concurrent.Future<?> remote = REMOTE_CANCELS.submit(() -> connection.cancelRemoteWork(target));
        target.remoteCancel(remote);
        try {
            remote.get(1500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // DuckDB's interrupt goes out regardless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.cancel(reason);
        S statement = raw;
        try {
            if (statement != null && cancellation == target && !statement.isClosed()) {
                statement.cancel();
            }
        } catch (SQLException ignored) {
            // it finished or closed meanwhile
        }
    }

    boolean isClosed() {
        return closed;
    }

    void close() throws SQLException {
        if (closed) {
            return;
        }
        if (running || fetching != null) {
            // DuckDB's close waits for a running execution; stop it first so close (and abort) is prompt.
            try {
                cancel();
            } catch (SQLException ignored) {
                // it finished meanwhile
            }
        }
        try {
            finishCurrentResult();
        } finally {
            closed = true;
            connection.forget(owner);
            if (!connection.sessionHeldByStalledWork()) {
                closePushedRunner();
            }
            // after a stalled link the DuckDB statement waits with the stalled call; DuckDB closes it with the
            // session once that call ends
            if (raw != null && !connection.sessionHeldByStalledWork()) {
                raw.close();
            }
        }
    }
}
