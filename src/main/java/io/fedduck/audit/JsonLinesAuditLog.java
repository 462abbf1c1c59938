package io.fedduck.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit log as a file of JSON Lines: one object per statement, appended and flushed as it comes,
 * with SQL and error text masked by {@link SqlMasker}. Thread-safe; shared by every connection that
 * names the same file (see {@link AuditLogRegistry}).
 *
 * <p>Fields: {@code time} (ISO-8601 UTC), {@code connection_id}, {@code user}, {@code sql},
 * {@code duration_ms}, {@code rows} (null when unknown), {@code outcome}, {@code sql_state},
 * {@code error}. A write error never reaches the user's statement: it is logged once to the
 * {@code io.fedduck.audit} logger and later records are attempted again.
 */
public final class JsonLinesAuditLog implements AuditListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.fedduck.audit");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Path file;
    private final Object lock = new Object();
    private OutputStream out;
    private boolean failureLogged;

    /** Opens {@code file} for appending, creating it readable by its owner only when it is missing. */
    public JsonLinesAuditLog(Path file) throws IOException {
        this.file = file;
        createOwnerOnly(file);
        // APPEND opens with O_APPEND, and each line goes out in one write: lines from several processes
        // sharing the file do not interleave.
        this.out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile by another process: keep its permissions
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile
            }
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void onStatement(AuditRecord record) {
        byte[] line = toJson(record).concat("\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            if (out == null) {
                return;
            }
            try {
                out.write(line);
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (!failureLogged) {
                    failureLogged = true;
                    LOG.log(Level.WARNING, "Cannot write to the audit log " + file
                            + "; statements keep running, further failures are not logged", e);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (out == null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot close the audit log " + file, e);
            } finally {
                out = null;
            }
        }
    }

    /** One record as a JSON object on one line, SQL and error masked. */
    static String toJson(AuditRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        member(json, "time", record.time() == null ? null
                : record.time().truncatedTo(ChronoUnit.MILLIS).toString()).append(',');
        member(json, "connection_id", record.connectionId()).append(',');
        member(json, "user", record.user()).append(',');
        member(json, "sql", SqlMasker.mask(record.sql())).append(',');
        json.append("\"duration_ms\":").append(record.durationMillis()).append(',');
        json.append("\"rows\":").append(record.rows() == null ? "null" : record.rows().toString()).append(',');
        member(json, "outcome", record.outcome()).append(',');
        member(json, "sql_state", record.sqlState()).append(',');
        member(json, "error", SqlMasker.mask(record.error()));
        return json.append('}').toString();
    }

    private static StringBuilder member(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        return quote(json, value);
    }

    /**
     * Appends {@code value} as a JSON string: quote, backslash and control characters escaped, and the
     * line breaks beyond ASCII (U+0085, U+2028, U+2029) too, which JSON allows raw but line-oriented
     * readers and JavaScript take as the end of a line: one record stays one line for every reader.
     */
    static StringBuilder quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                json.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                        .append(HEX[c & 0xF]);
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
