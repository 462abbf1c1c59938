package io.fedduck.audit;

import io.fedduck.internal.SqlStates;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The process-wide audit logs, one per file: every connection naming the same file (by normalised
 * absolute path) shares one writer, so lines never interleave; the last {@link #release} closes it.
 */
public final class AuditLogRegistry {
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
        Path key = key(file);
        synchronized (LOGS) {
            Entry entry = LOGS.get(key);
            if (entry == null) {
                try {
                    entry = new Entry(new JsonLinesAuditLog(key));
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
