package io.fedduck.internal;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;

/**
 * The one place FedDuck's SQLStates are defined, with factories for the exceptions that carry them.
 *
 * <p>Class 08 is reserved for connections that are really broken or cannot be opened: pools such as
 * HikariCP evict a connection on any 08 state, so configuration mistakes use 22023 or 42xxx instead.
 */
public final class SqlStates {
    /** A connection to a source or the local database could not be established. */
    public static final String CONNECTION_FAILED = "08001";
    /** No catalog of that name (Connection.setCatalog). */
    public static final String INVALID_CATALOG_NAME = "3D000";
    /**
     * The vendor code of FedDuck's "source is unreachable" (class 08 on a connection that is fine):
     * {@code io.fedduck.pool.HikariSourceOutageOverride} tells HikariCP not to evict for it.
     */
    public static final int SOURCE_UNREACHABLE_CODE = 8101;
    /** An open connection broke (or was closed after its network timeout). */
    public static final String CONNECTION_FAILURE = "08006";
    /** Authentication at a source failed. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** A property, URL or connections-file value is not valid. */
    public static final String INVALID_PARAMETER_VALUE = "22023";
    /** A syntax error: text that is not the SQL it is supposed to be. */
    public static final String SYNTAX_ERROR = "42601";
    /** Syntax error or access rule violation (also: a forbidden function). */
    public static final String SYNTAX_ERROR_OR_ACCESS_RULE = "42000";
    /** An object (source, table) does not exist. */
    public static final String UNDEFINED_OBJECT = "42704";
    /** A name that is taken (a connection that already exists). */
    public static final String DUPLICATE_OBJECT = "42710";
    /** Insufficient privilege. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** A write was attempted on a read-only connection. */
    public static final String READ_ONLY_VIOLATION = "25006";
    /** A statement too complex to run safely. */
    public static final String STATEMENT_TOO_COMPLEX = "54001";
    /** A transaction is open where the operation needs none. */
    public static final String ACTIVE_TRANSACTION = "25001";
    /** commit or rollback where there is no transaction to end (auto-commit mode). */
    public static final String INVALID_TRANSACTION_STATE = "25000";
    /** The statement was cancelled, by the user or by a timeout. */
    public static final String QUERY_CANCELED = "57014";
    /** A feature (an extension, a JDBC method) is not available. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** What FedDuck reports for an unsupported call or SQL feature; see {@link #notSupported}. */
    public static final String OPTIONAL_FEATURE_NOT_IMPLEMENTED = "HYC00";
    /** An object is used after it was closed. */
    public static final String OBJECT_CLOSED = "HY010";
    /** Object in use: a lock FedDuck needs is held by running statements. */
    public static final String OBJECT_IN_USE = "55006";
    /** A column number outside the result's columns. */
    public static final String INVALID_DESCRIPTOR_INDEX = "07009";
    /** An unexpected internal error. */
    public static final String INTERNAL_ERROR = "XX000";

    private SqlStates() {
    }

    public static SQLException invalidValue(String message) {
        return new SQLException(message, INVALID_PARAMETER_VALUE);
    }

    public static SQLException invalidValue(String message, Throwable cause) {
        return new SQLException(message, INVALID_PARAMETER_VALUE, cause);
    }

    public static SQLException connectionFailed(String message, Throwable cause) {
        return new SQLNonTransientConnectionException(message, CONNECTION_FAILED, cause);
    }

    public static SQLException authenticationFailed(String message, Throwable cause) {
        return new SQLInvalidAuthorizationSpecException(message, INVALID_AUTHORIZATION, cause);
    }

    public static SQLException readOnly(String message) {
        return new SQLException(message, READ_ONLY_VIOLATION);
    }

    public static SQLException forbidden(String message) {
        return new SQLSyntaxErrorException(message, INSUFFICIENT_PRIVILEGE);
    }

    public static SQLException syntaxError(String message) {
        return new SQLSyntaxErrorException(message, SYNTAX_ERROR);
    }

    public static SQLException undefinedObject(String message) {
        return new SQLSyntaxErrorException(message, UNDEFINED_OBJECT);
    }

    /**
     * A timeout or cancel: SQLState 57014 on a transient exception, as pgjdbc reports it, and deliberately
     * not a {@code SQLTimeoutException}, which connection pools (HikariCP) take for a broken connection.
     */
    public static java.sql.SQLTransientException cancelled(String message, Throwable cause) {
        return new java.sql.SQLTransientException(message, QUERY_CANCELED, cause);
    }

    /**
     * A JDBC call or SQL feature FedDuck does not offer: SQLState HYC00, not 0A000, which connection pools
     * (HikariCP) take for a broken connection.
     */
    public static SQLFeatureNotSupportedException notSupported(String message) {
        return new SQLFeatureNotSupportedException(message, OPTIONAL_FEATURE_NOT_IMPLEMENTED);
    }

    public static SQLException closed(String what) {
        return new SQLException(what + " is closed", OBJECT_CLOSED);
    }
}
