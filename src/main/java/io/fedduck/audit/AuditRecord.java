package io.fedduck.audit;

import io.fedduck.sql.SqlMasker;
import java.time.Instant;
import java.util.List;

/**
 * One executed (or refused) statement, as handed to {@link AuditListener}s. Carries the raw SQL and
 * error text; sinks mask them (see {@link SqlMasker}) before they leave the process, after the
 * connection's redactor removed its federation's passwords (see {@link AuditLogRegistry#acquire(
 * java.nio.file.Path, java.util.function.UnaryOperator)}).
 *
 * @param time when the statement finished
 * @param connectionId FedDuck's id of the JDBC connection
 * @param user the user name recorded for the connection, or null
 * @param sql the statement text as the application sent it
 * @param durationMillis how long it ran
 * @param rows rows returned or changed, or null when unknown
 * @param outcome {@code ok}, {@code error}, {@code cancelled} or {@code refused}
 * @param sqlState the SQLState of the failure, or null
 * @param error the failure's message, or null
 * @param kind what the statement does ({@code read}, {@code write}, {@code session}, {@code call},
 *     {@code managed}), or the connection event ({@code connect}, {@code disconnect}); null when unknown
 * @param catalogs the sources the statement names (catalogs and the first argument of the remote query
 *     functions), lower case; empty for local work and connection events
 * @param role the role the connection holds under the connections file's access rules, or null when the
 *     file has none
 * @param sensitiveRead true when the statement reads a table the access rules mark sensitive
 * @param pushedSql the SQL the statement's source ran instead (pushdown), its literals masked; null when none
 */
public record AuditRecord(Instant time, String connectionId, String user, String sql, long durationMillis,
                          Long rows, String outcome, String sqlState, String error, String kind,
                          List<String> catalogs, String role, boolean sensitiveRead, String pushedSql) {
    public AuditRecord {
        catalogs = catalogs == null ? List.of() : List.copyOf(catalogs);
    }

    /** A record of a statement that ran in DuckDB. */
    public AuditRecord(Instant time, String connectionId, String user, String sql, long durationMillis,
                       Long rows, String outcome, String sqlState, String error, String kind,
                       List<String> catalogs, String role, boolean sensitiveRead) {
        this(time, connectionId, user, sql, durationMillis, rows, outcome, sqlState, error, kind, catalogs, role,
                sensitiveRead, null);
    }

    /** A record without a role. */
    public AuditRecord(Instant time, String connectionId, String user, String sql, long durationMillis,
                       Long rows, String outcome, String sqlState, String error, String kind,
                       List<String> catalogs) {
        this(time, connectionId, user, sql, durationMillis, rows, outcome, sqlState, error, kind, catalogs, null,
                false, null);
    }

    /**
     * Whether the record is about something a security team asks about: a write, a procedure, a refused,
     * failed or cancelled statement, a setting or other session change, a managed statement, or a
     * connection opening or closing, a login that failed. Plain reads that succeeded are not, unless they
     * read a table the access rules mark sensitive.
     */
    public boolean isSensitive() {
        return sensitiveRead || !"ok".equals(outcome) || kind == null || !kind.equals("read");
    }

    /** A record without kind and catalogs. */
    public AuditRecord(Instant time, String connectionId, String user, String sql, long durationMillis,
                       Long rows, String outcome, String sqlState, String error) {
        this(time, connectionId, user, sql, durationMillis, rows, outcome, sqlState, error, null, List.of());
    }
}
