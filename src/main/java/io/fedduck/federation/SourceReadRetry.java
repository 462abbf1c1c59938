package io.fedduck.federation;

import java.sql.SQLException;

/**
 * One transparent retry for a read of a source that failed on the link rather than on the query: a remote
 * connection the extension had cached that the server has since closed, or the mysql 1.4.4 extension's
 * rare garbled {@code COMMIT} that fails a finished read-only transaction. A read changes nothing on the
 * source and its failed DuckDB transaction leaves nothing behind locally, so running it again is safe;
 * writes are never retried.
 */
public final class SourceReadRetry {
    /** Substrings of the errors of a cached remote connection the server has closed (a restart). */
    private static final String[] STALE_CONNECTION = {
        "server closed the connection unexpectedly",
        "no connection to the server",
        "terminating connection due to administrator command",
        "SSL SYSCALL error",
        "Lost connection to",
        "server has gone away",
    };

    /** Substrings of the other errors of a remote link, as libpq, MariaDB's client and DuckDB word them. */
    private static final String[] LINK_FAILURES = {
        "Can't connect to",
        "could not connect to server",
        "Unable to connect to Postgres",
        "Failed to connect to MySQL",
        "Connection refused",
        "connection timeout expired",
        "timeout expired",
    };

    /** A read of a source, run as one DuckDB statement (in its own auto-commit transaction). */
    @FunctionalInterface
    public interface SourceRead {
        void run() throws SQLException;
    }

    private SourceReadRetry() {
    }

    /** True when {@code e} is a failure of the link to a source, which a second attempt may not meet. */
    public static boolean isLinkFailure(SQLException e) {
        return isStaleConnection(e) || contains(e, LINK_FAILURES);
    }

    /** True when {@code e} is a cached remote connection that the server closed: a new one may well work. */
    public static boolean isStaleConnection(SQLException e) {
        return contains(e, STALE_CONNECTION);
    }

    private static boolean contains(SQLException e, String[] failures) {
        String message = e.getMessage();
        if (message == null || message.startsWith("INTERRUPT Error") || isLoginRefused(message)) {
            return false;
        }
        for (String failure : failures) {
            if (message.contains(failure)) {
                return true;
            }
        }
        return false;
    }

    /** The server answered and refused the credentials: not the link, and no retry will help. */
    private static boolean isLoginRefused(String message) {
        return message.contains("password authentication failed") || message.contains("Access denied for user")
                || message.contains("no pg_hba.conf entry");
    }

    /** The source's own COMMIT of a finished read failed (the garbled COMMIT of the mysql extension). */
    static boolean isFailedRemoteCommit(SQLException e) {
        String message = e.getMessage();
        return message != null && message.contains("Failed to commit") && message.contains("\"COMMIT\"");
    }

    /** Runs {@code read}, and once more when its first attempt failed on the link. */
    public static void runRetryingOnce(SourceRead read) throws SQLException {
        try {
            read.run();
        } catch (SQLException first) {
            if (!isLinkFailure(first) && !isFailedRemoteCommit(first)) {
                throw first;
            }
            try {
                read.run();
            } catch (SQLException second) {
                // The first error names the cause; a second attempt inside a transaction the first one
                // aborted only says "transaction is aborted".
                first.addSuppressed(second);
                throw first;
            }
        }
    }
}
