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
 */
public record AuditRecord(Instant time, String connectionId, String user, String sql, long durationMillis,
                          Long rows, String outcome, String sqlState, String error, String kind,
                          List<String> catalogs) {
    public AuditRecord {
        catalogs = catalogs == null ? List.of() : List.copyOf(catalogs);
    }

    /**
     * Whether the record is about something a security team asks about: a write, a procedure, a refused,
     * failed or cancelled statement, a setting or other session change, a managed statement, or a
     * connection opening or closing. Plain reads that succeeded are not.
     */
    public boolean isSensitive() {
        return !"ok".equals(outcome) || kind == null || !kind.equals("read");
    }

    /** A record without kind and catalogs. */
    public AuditRecord(Instant time, String connectionId, String user, String sql, long durationMillis,
                       Long rows, String outcome, String sqlState, String error) {
        this(time, connectionId, user, sql, durationMillis, rows, outcome, sqlState, error, null, List.of());
    }
}
