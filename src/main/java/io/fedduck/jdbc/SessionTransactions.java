package io.fedduck.jdbc;

import io.fedduck.internal.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * FedDuck's own transaction control on one DuckDB session, so that a read-only JDBC connection runs every
 * statement inside a DuckDB {@code BEGIN TRANSACTION READ ONLY}: DuckDB itself then refuses any write to the
 * local database, to attached catalogs, to sequences ({@code nextval}), whether the statement spells the
 * write out or reaches it through a view or a macro.
 *
 * <p>duckdb_jdbc's own manual-commit mode begins plain (read-write) transactions behind the caller's back,
 * so the DuckDB session always stays in duckdb_jdbc's auto-commit mode and FedDuck issues BEGIN, COMMIT and
 * ROLLBACK itself: in auto-commit mode a read-only connection's statement gets its own read-only
 * transaction, committed when the statement is done (when its result set closes, so a streamed result is
 * not cut off); in manual-commit mode a transaction begins at the first statement and lasts until
 * {@code commit()} or {@code rollback()}.
 */
final class SessionTransactions {
    private final Connection session;
    private boolean autoCommit = true;
    /** A transaction FedDuck began is open. */
    private boolean active;
    private boolean activeReadOnly;
    /** Results of auto-commit statements still open in the active transaction. */
    private int openResults;
    /**
     * Statements between {@link #beforeStatement} and {@link #afterStatement}: while one runs, closing
     * another statement's result (from another thread) must not commit the transaction it runs in.
     */
    private int running;
    /** A statement failed inside the active auto-commit transaction: it ends with ROLLBACK, not COMMIT. */
    private boolean failedInside;

    /** Runs COMMIT or ROLLBACK on the session (they reach the sources, so they can wait on a dead link). */
    @FunctionalInterface
    interface Ending {
        void run(String command) throws SQLException;
    }

    private final Ending ending;

    /** @param ending how COMMIT and ROLLBACK run: FedDuckConnection bounds their wait on the sources */
    SessionTransactions(Connection session, Ending ending) {
        this.session = session;
        this.ending = ending;
    }

    /**
     * Before a statement runs: begins the transaction it must run in (read-only ones always, read-write
     * ones in manual-commit mode, or when {@code needsTransaction}: a setting made on a source for this
     * statement must hold in the transaction the statement runs in). A read-only connection never runs
     * inside a read-write transaction.
     */
    synchronized void beforeStatement(boolean readOnly, boolean needsTransaction) throws SQLException {
        if (active && readOnly && !activeReadOnly) {
            throw new SQLException("the connection is read-only but a read-write transaction is still open;"
                    + " commit or roll it back first", SqlStates.READ_ONLY_VIOLATION);
        }
        if (!active && (readOnly || !autoCommit || needsTransaction)) {
            String begin = readOnly ? "BEGIN TRANSACTION READ ONLY" : "BEGIN TRANSACTION";
            try {
                run(begin);
            } catch (SQLException e) {
                if (e.getMessage() == null || !e.getMessage().contains("transaction is aborted")) {
                    throw e;
                }
                // An aborted transaction DuckDB still holds (its ROLLBACK did not get through): end it, once.
                run("ROLLBACK");
                run(begin);
            }
            active = true;
            activeReadOnly = readOnly;
        }
        running++;
    }

    /**
     * After a statement ran. In auto-commit mode the transaction ends now (rolled back after an error), or
     * when the result the statement left open is closed ({@link #resultClosed()}).
     *
     * @return true when the caller must call {@link #resultClosed()} once its result is closed
     */
    synchronized boolean afterStatement(boolean failed, boolean resultOpen) {
        running = Math.max(0, running - 1);
        if (!active || !autoCommit) {
            return false;
        }
        boolean holds = false;
        if (failed) {
            failedInside = true;
        } else if (resultOpen) {
            openResults++;
            holds = true;
        }
        // Never while another statement runs in this transaction: it would go on outside of it.
        if (running == 0 && (failedInside || openResults == 0)) {
            end(failedInside ? "ROLLBACK" : "COMMIT");
            holds = false;
        }
        return holds;
    }

    /** Work in the open transaction failed outside a statement (a fetch abandoned on a stalled link). */
    synchronized void failed() {
        if (active) {
            failedInside = true;
        }
    }

    /** A result left open by an auto-commit statement was closed. */
    synchronized void resultClosed() {
        if (openResults > 0 && --openResults == 0 && running == 0 && autoCommit && active) {
            end(failedInside ? "ROLLBACK" : "COMMIT");
        }
    }

    /**
     * After a streamed result said it has no more rows, inside the transaction it ran in: duckdb_jdbc 1.4.4.0
     * ends a stream that failed (an error in a later chunk, a source's statement_timeout) as if it were
     * complete, but the failure aborted the transaction, which one local query shows. Nothing to check
     * outside a transaction FedDuck began (every streamed query runs in one, see FedDuckConnection).
     */
    synchronized void requireNotAborted(String connectionLabel) throws SQLException {
        if (!active) {
            return;
        }
        try {
            run("SELECT 1");
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("transaction is aborted")) {
                failedInside = true;
                throw new SQLException(connectionLabel + ": the result ended early: an error stopped DuckDB while"
                        + " it streamed the rows (for example a source's statement_timeout, or a value that does not"
                        + " convert), and the rows read so far are not the whole result; its transaction is rolled"
                        + " back", SqlStates.INTERNAL_ERROR, e);
            }
            throw e;
        }
    }

    synchronized boolean autoCommit() {
        return autoCommit;
    }

    /** As the JDBC spec asks, switching auto-commit on commits the open transaction. */
    synchronized void setAutoCommit(boolean on) throws SQLException {
        if (on && !autoCommit && active) {
            commit();
        }
        autoCommit = on;
    }

    synchronized void commit() throws SQLException {
        finish("COMMIT");
    }

    synchronized void rollback() throws SQLException {
        finish("ROLLBACK");
    }

    /** Ends the open transaction, if any, for the caller: unlike {@link #end}, DuckDB's error reaches it. */
    private void finish(String command) throws SQLException {
        if (active) {
            failedInside = false;
            openResults = 0;
            active = false;
            ending.run(command);
        }
    }

    /** Read-only may change only between transactions: a write must not slip into a read-only phase. */
    synchronized void requireNoTransactionFor(boolean newReadOnly) throws SQLException {
        if (active && newReadOnly && !activeReadOnly) {
            throw new SQLException("setReadOnly(true) inside an open read-write transaction; commit or roll it"
                    + " back first", SqlStates.ACTIVE_TRANSACTION);
        }
        if (active && !newReadOnly && activeReadOnly && autoCommit) {
            commit(); // the auto-commit read-only transaction of an open result ends early
        }
    }

    private void end(String command) {
        openResults = 0;
        active = false;
        failedInside = false;
        try {
            ending.run(command);
        } catch (SQLException ignored) {
            // DuckDB already ended it (an error that aborts the transaction); nothing is left open
        }
    }

    private void run(String command) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute(command);
        }
    }
}
