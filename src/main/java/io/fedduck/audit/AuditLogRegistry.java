package io.fedduck.audit;

import io.fedduck.sql.SqlMasker;
import io.fedduck.internal.SqlStates;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process-wide audit logs, one per file: every connection naming the same file (by normalised
 * absolute path) shares one writer, so lines never interleave; the last {@link #release} closes it.
 */
public final class AuditLogRegistry {
    private static final Logger LOG = Logger.getLogger("io.fedduck.audit");
    private static final Map<Path, Entry> LOGS = new HashMap<>();

    private static final class Entry {
        final JsonLinesAuditLog log;
        int references;

        Entry(JsonLinesAuditLog log) {
            this.log = log;
        }
    }

    private AuditLogRegistry() {
    }

    /** The shared log for {@code file}, opened on first use; pair every call with {@link #release}. */
    public static AuditListener acquire(Path file) throws SQLException {
        return acquire(file, 0);
    }

    /**
     * As {@link #acquire(Path)}; a file opened here for the first time rotates past {@code maxBytes} (0:
     * never). A file already open keeps the size it was opened with.
     */
    public static AuditListener acquire(Path file, long maxBytes) throws SQLException {
        Path key = key(file);
        synchronized (LOGS) {
            Entry entry = LOGS.get(key);
            if (entry == null) {
                try {
                    entry = new Entry(new JsonLinesAuditLog(key, maxBytes));
                } catch (IOException | RuntimeException e) {
                    throw SqlStates.invalidValue("Cannot open the audit log " + key + " (property audit_log): "
                            + describe(e), e);
                }
                LOGS.put(key, entry);
            }
            entry.references++;
            return entry.log;
        }
    }

    /**
     * The shared log for {@code file} as one connection sees it: each record's SQL and error text pass
     * through {@code redactor} before the log masks and writes them. A federation hands its own, which
     * removes every configured password wherever it stands (a password typed into SQL as a plain string
     * is no credential shape the masker could recognise). Connections of different federations may share
     * a file, so the redactor belongs to the connection, not to the file. Pair every call with
     * {@link #release}.
     */
    public static AuditListener acquire(Path file, UnaryOperator<String> redactor) throws SQLException {
        return acquire(file, 0, redactor);
    }

    /** As {@link #acquire(Path, UnaryOperator)}, rotating a newly opened file past {@code maxBytes}. */
    public static AuditListener acquire(Path file, long maxBytes, UnaryOperator<String> redactor) throws SQLException {
        AuditListener log = acquire(file, maxBytes);
        return record -> log.onStatement(redacted(record, redactor));
    }

    /**
     * {@code record} with its SQL and error text redacted; when the redactor fails, both are replaced
     * whole by the mask (listeners must not throw, and the text may not go out unredacted).
     */
    static AuditRecord redacted(AuditRecord record, UnaryOperator<String> redactor) {
        String sql;
        String error;
        try {
            sql = record.sql() == null ? null : redactor.apply(record.sql());
            error = record.error() == null ? null : redactor.apply(record.error());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot redact an audit record (" + e.getClass().getName()
                    + "); its SQL and error text are written as " + SqlMasker.MASK);
            sql = record.sql() == null ? null : SqlMasker.MASK;
            error = record.error() == null ? null : SqlMasker.MASK;
        }
        return new AuditRecord(record.time(), record.connectionId(), record.user(), sql, record.durationMillis(),
                record.rows(), record.outcome(), record.sqlState(), error, record.kind(), record.catalogs(), record.role(),
                record.sensitiveRead(), record.pushedSql());
    }

    /** Gives back one {@link #acquire}; the last one closes the file. Unknown paths are ignored. */
    public static void release(Path file) {
        Path key = key(file);
        synchronized (LOGS) {
            Entry entry = LOGS.get(key);
            if (entry != null && --entry.references <= 0) {
                LOGS.remove(key);
                entry.log.close();
            }
        }
    }

    /** How many acquisitions of {@code file} are open; for tests. */
    static int references(Path file) {
        synchronized (LOGS) {
            Entry entry = LOGS.get(key(file));
            return entry == null ? 0 : entry.references;
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }
}
