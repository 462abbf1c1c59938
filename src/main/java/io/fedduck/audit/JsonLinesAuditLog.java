package io.fedduck.audit;

import io.fedduck.sql.SqlMasker;
import io.fedduck.internal.SqlStates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
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
 * {@code error}, {@code kind}, {@code catalogs}. A sensitive record ({@link AuditRecord#isSensitive()}) is
 * forced to disk before it returns. A write error never reaches the user's statement: it is logged once to the
 * {@code io.fedduck.audit} logger and later records are attempted again.
 */
public final class JsonLinesAuditLog implements AuditListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.fedduck.audit");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Path file;
    /** Past this many bytes the file is renamed aside and a new one begun; 0: never. */
    private final long maxBytes;
    private final Object lock = new Object();
    /** Null after a failed rotation or reopen; the next record tries to open the file again. */
    private FileChannel out;
    private long size;
    private boolean closed;
    private boolean rotationFailed;
    private boolean failureLogged;

    /**
     * Opens {@code file} for appending. A missing file is created for its owner alone: mode 0600, or, on a
     * file system without POSIX permissions, an access list with the owner as the only entry where the
     * file system has access lists. An existing file that its group or others may write to is refused,
     * as its records could be altered or forged.
     *
     * @throws SQLException SQLState 42501 for such a file; the message names the file and the fix
     */
    public JsonLinesAuditLog(Path file) throws IOException, SQLException {
        this(file, 0);
    }

    /**
     * As {@link #JsonLinesAuditLog(Path)}; once the file would grow past {@code maxBytes} (0: never), it is
     * renamed to {@code <file>.<UTC time>} and a new file begun, between two records: none is lost or split.
     */
    public JsonLinesAuditLog(Path file, long maxBytes) throws IOException, SQLException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.out = open(file);
        this.size = out.size();
    }

    private static FileChannel open(Path file) throws IOException, SQLException {
        // APPEND opens with O_APPEND, and each line goes out in one write: lines from several processes
        // sharing the file do not interleave.
        Set<StandardOpenOption> append = EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileChannel channel;
        boolean created;
        try {
            channel = createOwnerOnly(file);
            created = true;
        } catch (FileAlreadyExistsException exists) {
            channel = FileChannel.open(file, append);
            created = false;
        }
        try {
            if (created) {
                restrictToOwner(file);
            } else {
                refuseIfOthersMayWrite(file);
            }
        } catch (SQLException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Creates {@code file}, failing when it exists; mode 0600 as far as the umask lets it. */
    private static FileChannel createOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> create = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            return FileChannel.open(file, create, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return FileChannel.open(file, create);
        }
    }

    /**
     * Gives a file FedDuck just created to its owner alone: exactly 0600 (the mode given at creation
     * passed through the umask), or an owner-only access list. Failing that, a warning: the file is
     * already open, and a log that cannot be made private is still better than none.
     */
    private static void restrictToOwner(Path file) {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(OWNER_ONLY);
                return;
            }
            AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
            if (acl != null) {
                restrictToOwner(acl);
            }
            // neither (FAT and the like): there is no owner to restrict the file to
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot make the audit log " + file + " accessible to its owner only ("
                    + e.getClass().getSimpleName() + "); check its permissions", e);
        }
    }

    /** Replaces the access list of {@code view} by one entry: its owner may read, append and manage it. */
    static void restrictToOwner(AclFileAttributeView view) throws IOException {
        UserPrincipal owner = view.getOwner();
        view.setAcl(List.of(AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.of(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
                        AclEntryPermission.APPEND_DATA, AclEntryPermission.READ_ATTRIBUTES,
                        AclEntryPermission.WRITE_ATTRIBUTES, AclEntryPermission.READ_NAMED_ATTRS,
                        AclEntryPermission.WRITE_NAMED_ATTRS, AclEntryPermission.READ_ACL,
                        AclEntryPermission.WRITE_ACL, AclEntryPermission.DELETE, AclEntryPermission.SYNCHRONIZE))
                .build()));
    }

    /**
     * Refuses an existing file whose POSIX mode lets its group or others write to it. (Access lists
     * have no portable notion of "others" and are not checked.)
     */
    private static void refuseIfOthersMayWrite(Path file) throws IOException, SQLException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return;
        }
        Set<PosixFilePermission> mode = posix.readAttributes().permissions();
        boolean group = mode.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = mode.contains(PosixFilePermission.OTHERS_WRITE);
        if (group || others) {
            throw SqlStates.forbidden("The audit log " + file + " (property audit_log) is writable by "
                    + (group && others ? "its group and others" : group ? "its group" : "others") + " (mode "
                    + PosixFilePermissions.toString(mode) + "), so its records could be altered or forged;"
                    + " FedDuck does not write to it. Make it private with: chmod 600 " + file
                    + " (a new file is created with mode 0600)");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void onStatement(AuditRecord record) {
        byte[] line = toJson(record).concat("\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                if (out == null) {
                    reopen(); // a rotation or an earlier reopen failed: try again with each record
                }
                if (maxBytes > 0 && size > 0 && size + line.length > maxBytes && !rotationFailed) {
                    rotate();
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                size += line.length;
                if (record.isSensitive()) {
                    out.force(false); // on disk before the statement returns, not only in the page cache
                }
            } catch (IOException | SQLException | RuntimeException e) {
                if (!failureLogged) {
                    failureLogged = true;
                    LOG.log(Level.WARNING, "Cannot write to the audit log " + file
                            + "; statements keep running, further failures are not logged", e);
                }
            }
        }
    }

    /**
     * Renames the full file aside and begins a new one (under the lock: no record falls between). When the
     * rename fails (the file was moved or deleted by another tool, the folder is read-only), the log goes on
     * in the file as it is, without rotating, and says so once.
     */
    private void rotate() throws IOException, SQLException {
        out.force(false);
        out.close();
        out = null;
        String stamp = ROTATED.format(java.time.Instant.now());
        Path aside = file.resolveSibling(file.getFileName() + "." + stamp);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + "." + stamp + "-" + n);
        }
        try {
            Files.move(file, aside);
        } catch (IOException e) {
            rotationFailed = true;
            LOG.log(Level.WARNING, "Cannot rotate the audit log " + file + " (" + e.getClass().getSimpleName()
                    + "); records go on being appended to it without rotation", e);
        }
        reopen();
    }

    private void reopen() throws IOException, SQLException {
        out = open(file);
        size = out.size();
    }

    private static final java.time.format.DateTimeFormatter ROTATED = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
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
        if (record.role() != null) {
            member(json, "role", record.role()).append(',');
        }
        member(json, "sql", SqlMasker.mask(record.sql())).append(',');
        json.append("\"duration_ms\":").append(record.durationMillis()).append(',');
        json.append("\"rows\":").append(record.rows() == null ? "null" : record.rows().toString()).append(',');
        member(json, "outcome", record.outcome()).append(',');
        member(json, "sql_state", record.sqlState()).append(',');
        member(json, "error", SqlMasker.mask(record.error())).append(',');
        member(json, "kind", record.kind()).append(',');
        if (record.sensitiveRead()) {
            json.append("\"sensitive_read\":true,");
        }
        if (record.pushedSql() != null) {
            member(json, "pushed_sql", record.pushedSql()).append(','); // its literals are already masked
        }
        json.append("\"catalogs\":[");
        for (int i = 0; i < record.catalogs().size(); i++) {
            quote(i == 0 ? json : json.append(','), record.catalogs().get(i));
        }
        return json.append("]}").toString();
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
