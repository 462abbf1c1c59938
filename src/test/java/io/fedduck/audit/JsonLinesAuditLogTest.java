package io.fedduck.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLinesAuditLogTest {
    private static final Instant TIME = Instant.parse("2025-03-04T05:06:07.123456Z");

    @TempDir
    Path dir;

    private static AuditRecord record(String sql, String error) {
        return new AuditRecord(TIME, "7", "alice", sql, 12, 3L, "ok", null, error);
    }

    private static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            records.add(JsonLine.parse(line));
        }
        return records;
    }

    @Test
    void writesOneObjectPerLineWithEveryField() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record("SELECT 1", null));
            log.onStatement(new AuditRecord(TIME, "8", null, "DELETE FROM t", 0, null, "refused", "25006",
                    "FedDuck connection 8 is read-only"));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("{\"time\":\"2025-03-04T05:06:07.123Z\",\"connection_id\":\"7\",\"user\":\"alice\","
                + "\"sql\":\"SELECT 1\",\"duration_ms\":12,\"rows\":3,\"outcome\":\"ok\",\"sql_state\":null,"
                + "\"error\":null,\"kind\":null,\"catalogs\":[]}", lines.get(0));
        Map<String, Object> refused = JsonLine.parse(lines.get(1));
        assertEquals(List.of("time", "connection_id", "user", "sql", "duration_ms", "rows", "outcome", "sql_state",
                "error", "kind", "catalogs"), List.copyOf(refused.keySet()));
        assertEquals(List.of(), refused.get("catalogs"));
        assertNull(refused.get("rows"));
        assertNull(refused.get("user"));
        assertEquals("refused", refused.get("outcome"));
        assertEquals("25006", refused.get("sql_state"));
        assertEquals(0L, refused.get("duration_ms"));
    }

    @Test
    void appendsToAnExistingFile() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":1}\n");
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record("SELECT 1", null));
        }
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals("{\"earlier\":1}", Files.readAllLines(file).get(0));
    }

    @Test
    void flushesEachLineWhileOpen() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record("SELECT 1", null));
            assertEquals(1, Files.readAllLines(file).size());
            log.onStatement(record("SELECT 2", null));
            assertEquals(2, Files.readAllLines(file).size());
        }
    }

    @Test
    void createsTheFileReadableByItsOwnerOnly() throws IOException, SQLException {
        Path file = dir.resolve("new.jsonl");
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record("SELECT 1", null));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-rw----", "rw----rw-", "rw-rw-rw-", "rw--w----", "r------w-"})
    void refusesAnExistingFileItsGroupOrOthersMayWrite(String mode) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        Path file = dir.resolve("shared.jsonl");
        Files.writeString(file, "{\"earlier\":\"Content-Marker-88\"}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        SQLException error = assertThrows(SQLException.class, () -> new JsonLinesAuditLog(file).close());
        assertEquals("42501", error.getSQLState());
        String message = error.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains("chmod 600 " + file), message);
        assertTrue(message.contains(mode), message);
        assertFalse(message.contains("Content-Marker-88"), message);
        assertEquals("{\"earlier\":\"Content-Marker-88\"}\n", Files.readString(file), "nothing appended");
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "mode left alone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "rw-r-----", "rw-r--r--"})
    void appendsToAnExistingFileOnlyItsOwnerMayWrite(String mode) throws IOException, SQLException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        Path file = dir.resolve("private.jsonl");
        Files.writeString(file, "{\"earlier\":1}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record("SELECT 1", null));
        }
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anAccessListGivesTheFileToItsOwnerAlone() throws IOException {
        UserPrincipal owner = () -> "alice";
        List<List<AclEntry>> set = new ArrayList<>();
        AclFileAttributeView view = new AclFileAttributeView() {
            @Override
            public String name() {
                return "acl";
            }

            @Override
            public UserPrincipal getOwner() {
                return owner;
            }

            @Override
            public void setOwner(UserPrincipal newOwner) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<AclEntry> getAcl() {
                return set.isEmpty() ? List.of() : set.get(set.size() - 1);
            }

            @Override
            public void setAcl(List<AclEntry> acl) {
                set.add(acl);
            }
        };
        JsonLinesAuditLog.restrictToOwner(view);
        assertEquals(1, set.size());
        List<AclEntry> acl = set.get(0);
        assertEquals(1, acl.size());
        AclEntry entry = acl.get(0);
        assertEquals(AclEntryType.ALLOW, entry.type());
        assertEquals(owner, entry.principal());
        assertTrue(entry.permissions().containsAll(Set.of(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
                AclEntryPermission.APPEND_DATA)), entry.toString());
        assertFalse(entry.permissions().contains(AclEntryPermission.EXECUTE), entry.toString());
    }

    @Test
    void masksSqlAndError() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record("CREATE SECRET (TYPE postgres, PASSWORD 'hunter2')",
                    "IO Error: cannot connect to 'host=h password=hunter2 dbname=d'"));
        }
        String text = Files.readString(file);
        assertFalse(text.contains("hunter2"), text);
        Map<String, Object> line = read(file).get(0);
        assertEquals("CREATE SECRET (TYPE postgres, PASSWORD '****')", line.get("sql"));
        assertEquals("IO Error: cannot connect to 'host=h password=**** dbname=d'", line.get("error"));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        String sql = "SELECT \"a\\b\", 'x'\n\tFROM t\r\u0000\u0001\u001f -- Grüße 😀";
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record(sql, "line1\nline2"));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(line.contains("\\\"a\\\\b\\\""), line);
        assertTrue(line.contains("\\u000a\\u0009FROM t\\u000d\\u0000\\u0001\\u001f"), line);
        assertTrue(line.contains("Grüße 😀"), line);
        Map<String, Object> parsed = JsonLine.parse(line);
        assertEquals(sql, parsed.get("sql"));
        assertEquals("line1\nline2", parsed.get("error"));
    }

    @Test
    void escapesUnicodeLineBreaksSoEachRecordStaysOneLine() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        String sql = "SELECT 'a\u2028b', 'c\u2029d', 'e\u0085f'";
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            log.onStatement(record(sql, "line\u2028break"));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (char c : new char[] {'\u2028', '\u2029', '\u0085'}) {
            assertEquals(-1, text.indexOf(c), "raw U+" + Integer.toHexString(c));
        }
        assertTrue(text.contains("'a\\u2028b', 'c\\u2029d', 'e\\u0085f'"), text);
        // Every reader that splits at Unicode line breaks (as \R does) sees one record.
        assertEquals(1, text.strip().split("\\R").length, text);
        Map<String, Object> parsed = JsonLine.parse(text.strip());
        assertEquals(sql, parsed.get("sql"));
        assertEquals("line\u2028break", parsed.get("error"));
    }

    @Test
    void concurrentWritersProduceWholeLines() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int threads = 8;
        int perThread = 250;
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String connection = String.valueOf(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        log.onStatement(new AuditRecord(Instant.now(), connection, "u",
                                "SELECT " + i + ", 'padding " + "x".repeat(i % 97) + "', PASSWORD 'pw" + i + "'",
                                i, (long) i, "ok", null, null));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        List<Map<String, Object>> records = read(file);
        assertEquals(threads * perThread, records.size());
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> record : records) {
            String sql = (String) record.get("sql");
            assertTrue(sql.endsWith("PASSWORD '****'"), sql);
            assertEquals(record.get("rows"), record.get("duration_ms"));
            assertTrue(seen.add(record.get("connection_id") + "/" + record.get("rows")), "duplicate line");
        }
        assertEquals(threads * perThread, seen.size());
    }

    @Test
    void writeFailureIsLoggedOnceAndNeverThrown() throws IOException, SQLException {
        Path file = dir.resolve("audit.jsonl");
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.fedduck.audit");
        boolean useParent = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        try {
            JsonLinesAuditLog log = new JsonLinesAuditLog(file);
            // Simulate a failing disk: close the underlying stream behind the log's back.
            closeStream(log);
            log.onStatement(record("SELECT 1", null));
            log.onStatement(record("SELECT 2", null));
            log.close();
            log.onStatement(record("SELECT 3", null));
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(useParent);
        }
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).getMessage().contains(file.toString()), logged.get(0).getMessage());
    }

    private static void closeStream(JsonLinesAuditLog log) {
        try {
            var field = JsonLinesAuditLog.class.getDeclaredField("out");
            field.setAccessible(true);
            ((java.nio.channels.FileChannel) field.get(log)).close();
        } catch (ReflectiveOperationException | IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void quoteEscapesLikeJson() {
        assertEquals("\"a\\\"b\\\\c\\u0007d\u007f\"", JsonLinesAuditLog.quote(new StringBuilder(), "a\"b\\c\u0007d\u007f")
                .toString());
        assertEquals("\"\\u0085\\u2028\\u2029\\u001f\u00a0\"",
                JsonLinesAuditLog.quote(new StringBuilder(), "\u0085\u2028\u2029\u001f\u00a0").toString());
    }
}
