package io.fedduck.jdbc;

import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceReadRetry;
import io.fedduck.internal.SqlStates;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.util.Map;

/**
 * Gives DuckDB's errors the SQLState they lack (duckdb_jdbc leaves it null) from the error class DuckDB
 * names at the start of the message, and removes configured passwords from the text.
 */
final class DuckDbErrors {
    private static final Map<String, String> STATE_BY_PREFIX = Map.ofEntries(
            Map.entry("Parser Error", SqlStates.SYNTAX_ERROR),
            Map.entry("Syntax Error", SqlStates.SYNTAX_ERROR),
            Map.entry("Catalog Error", SqlStates.UNDEFINED_OBJECT),
            Map.entry("Binder Error", SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE),
            Map.entry("Conversion Error", "22018"),
            Map.entry("Mismatch Type Error", "22018"),
            Map.entry("Invalid Input Error", SqlStates.INVALID_PARAMETER_VALUE),
            Map.entry("Out of Range Error", "22003"),
            Map.entry("Constraint Error", "23000"),
            Map.entry("Permission Error", SqlStates.INSUFFICIENT_PRIVILEGE),
            Map.entry("Transaction Error", "25000"),
            Map.entry("TransactionContext Error", "25000"),
            Map.entry("Dependency Error", "2BP01"),
            Map.entry("Not implemented Error", SqlStates.OPTIONAL_FEATURE_NOT_IMPLEMENTED),
            Map.entry("IO Error", "58030"),
            Map.entry("HTTP Error", "58030"),
            Map.entry("Out of Memory Error", "53200"),
            Map.entry("INTERRUPT Error", SqlStates.QUERY_CANCELED));

    private DuckDbErrors() {
    }

    static boolean isInterrupt(SQLException e) {
        String m = e.getMessage();
        // FedDuck's own cancellation is seen through the statement's Cancellation, not by SQLState: a sync
        // stopped by its listener is 57014 too, and keeps its own message.
        return e instanceof java.sql.SQLTimeoutException || (m != null && m.startsWith("INTERRUPT Error"));
    }

    /**
     * True when the source itself stopped the statement: PostgreSQL's statement_timeout or a cancel
     * (pg_cancel_backend), MySQL's KILL QUERY. DuckDB reports those as IO errors; they are SQLState 57014.
     */
    static boolean stoppedBySource(String message) {
        return message != null && (message.contains("canceling statement due to statement timeout")
                || message.contains("canceling statement due to user request")
                || message.contains("Query execution was interrupted"));
    }

    static SQLException translate(SQLException e, Federation federation) {
        if (e instanceof java.sql.SQLTransientConnectionException) {
            return e; // FedDuck's own "source is unreachable", already free of secrets
        }
        if (e.getSQLState() == null && isClientLibraryError(e.getMessage()) && SourceReadRetry.isLinkFailure(e)) {
            return linkFailure(e, federation); // DuckDB's own error; FedDuck's errors carry their state
        }
        String message = federation.redact(e.getMessage());
        String state = e.getSQLState() != null ? e.getSQLState()
                : stoppedBySource(message) ? SqlStates.QUERY_CANCELED : stateOf(message);
        boolean redacted = message != null && !message.equals(e.getMessage());
        // When a password had to be removed, the original is not chained: its message still holds it.
        Throwable cause = redacted ? null : e;
        SQLException result;
        if (state.startsWith("42")) {
            result = new SQLSyntaxErrorException(message, state, e.getErrorCode(), cause);
        } else if (state.startsWith("22")) {
            result = new SQLDataException(message, state, e.getErrorCode(), cause);
        } else if (state.startsWith("23")) {
            result = new SQLIntegrityConstraintViolationException(message, state, e.getErrorCode(), cause);
        } else if (state.startsWith("0A") || state.equals(SqlStates.OPTIONAL_FEATURE_NOT_IMPLEMENTED)) {
            result = new SQLFeatureNotSupportedException(message, state, e.getErrorCode(), cause);
        } else if (state.equals(SqlStates.QUERY_CANCELED)) {
            result = new java.sql.SQLTransientException(message, state, e.getErrorCode(), cause);
        } else if (state.startsWith("40")) {
            result = new SQLTransactionRollbackException(message, state, e.getErrorCode(), cause);
        } else {
            result = new SQLException(message, state, e.getErrorCode(), cause);
        }
        return result;
    }

    /**
     * A source that cannot be reached, as a pool classifies it: class 08 (08006 for a connection that
     * broke, 08001 for one that could not be made), naming the source when the error tells which; that
     * source then counts as down, so the next statements on it fail fast (a broken pooled connection after
     * a restart says nothing of the server, and does not).
     */
    private static SQLException linkFailure(SQLException e, Federation federation) {
        String message = federation.redact(e.getMessage());
        boolean broke = SourceReadRetry.isStaleConnection(e);
        java.util.Optional<String> source = federation.sourceNamedIn(e.getMessage());
        if (source.isPresent() && !broke) {
            federation.noteLinkFailure(source.get(), e.getMessage());
            return federation.unreachable(source.get(), e.getMessage());
        }
        Throwable cause = message.equals(e.getMessage()) ? e : null;
        return new java.sql.SQLTransientConnectionException(source.map(n -> "source '" + n + "': ").orElse("")
                + message, broke ? SqlStates.CONNECTION_FAILURE : SqlStates.CONNECTION_FAILED,
                SqlStates.SOURCE_UNREACHABLE_CODE, cause);
    }

    /**
     * The classes DuckDB gives the errors of the sources' client libraries. Any other class (a conversion
     * of a user's string, a missing file) is not about the link, whatever words its text quotes.
     */
    private static boolean isClientLibraryError(String message) {
        return message != null && (message.startsWith("IO Error:") || message.startsWith("Invalid Error:"));
    }

    private static String stateOf(String message) {
        if (message != null && message.contains("transaction is launched in read-only mode")) {
            return SqlStates.READ_ONLY_VIOLATION; // a read-only connection's read-only transaction refused a write
        }
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0) {
                String state = STATE_BY_PREFIX.get(message.substring(0, colon));
                if (state != null) {
                    return state;
                }
                if (message.startsWith("Conflict") || message.contains("Transaction conflict")) {
                    return "40001";
                }
            }
        }
        return "HY000";
    }
}
