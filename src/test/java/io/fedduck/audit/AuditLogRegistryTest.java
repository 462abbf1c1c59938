package io.fedduck.audit;

import io.fedduck.sql.SqlMasker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogRegistryTest {

    @TempDir
    Path dir;

    private static AuditRecord record(String sql) {
        return new AuditRecord(Instant.now(), "1", "u", sql, 1, null, "ok", null, null);
    }

    @Test
    void sharesOneWriterPerNormalisedPath() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Path sameFile = dir.resolve("sub").resolve("..").resolve("audit.jsonl");
        Files.createDirectories(dir.resolve("sub"));
        AuditListener first = AuditLogRegistry.acquire(file);
        AuditListener second = AuditLogRegistry.acquire(sameFile);
        try {
            assertSame(first, second);
            assertEquals(2, AuditLogRegistry.references(file));
            first.onStatement(record("SELECT 1"));
            second.onStatement(record("SELECT 2"));
        } finally {
            AuditLogRegistry.release(file);
        }
        // Still open for the second holder.
        assertEquals(1, AuditLogRegistry.references(file));
        second.onStatement(record("SELECT 3"));
        AuditLogRegistry.release(sameFile);
        assertEquals(0, AuditLogRegistry.references(file));
        // Closed: further records are dropped without an exception.
        second.onStatement(record("SELECT 4"));
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void differentFilesGetDifferentWriters() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        AuditListener first = AuditLogRegistry.acquire(a);
        AuditListener second = AuditLogRegistry.acquire(b);
        try {
            assertNotSame(first, second);
        } finally {
            AuditLogRegistry.release(a);
            AuditLogRegistry.release(b);
        }
    }

    @Test
    void reopensAfterTheLastRelease() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditListener first = AuditLogRegistry.acquire(file);
        AuditLogRegistry.release(file);
        AuditListener second = AuditLogRegistry.acquire(file);
        try {
            assertNotSame(first, second);
            second.onStatement(record("SELECT 1"));
        } finally {
            AuditLogRegistry.release(file);
        }
        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void releasingAnUnknownPathIsHarmless() {
        AuditLogRegistry.release(dir.resolve("never-acquired.jsonl"));
        assertEquals(0, AuditLogRegistry.references(dir.resolve("never-acquired.jsonl")));
    }

    @Test
    void unopenableFileNamesPathAndProperty() {
        Path file = dir.resolve("missing-directory").resolve("audit.jsonl");
        SQLException error = assertThrows(SQLException.class, () -> AuditLogRegistry.acquire(file));
        assertEquals("22023", error.getSQLState());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("audit_log"), error.getMessage());
        assertEquals(0, AuditLogRegistry.references(file));
    }

    @Test
    void aFileOthersMayWriteIsRefusedWithInsufficientPrivilege() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        SQLException error = assertThrows(SQLException.class, () -> AuditLogRegistry.acquire(file, text -> text));
        assertEquals("42501", error.getSQLState());
        assertTrue(error.getMessage().contains("chmod 600 " + file), error.getMessage());
        assertTrue(error.getMessage().contains("audit_log"), error.getMessage());
        assertEquals(0, AuditLogRegistry.references(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AuditLogRegistry.acquire(file);
        AuditLogRegistry.release(file);
    }

    @Test
    void aDirectoryIsRefused() {
        SQLException error = assertThrows(SQLException.class, () -> AuditLogRegistry.acquire(dir));
        assertEquals("22023", error.getSQLState());
    }

    @Test
    void aConfiguredPasswordTypedIntoSqlIsRedactedBeforeTheLineIsWritten() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        // As Federation.redact: every configured password becomes ****, wherever it stands.
        AuditListener log = AuditLogRegistry.acquire(file, text -> text.replace("Configured-Pw-31", "****"));
        try {
            log.onStatement(new AuditRecord(Instant.now(), "1", "u",
                    "SELECT * FROM t WHERE note = 'Configured-Pw-31' OR note = 'x'", 1, null, "error", "42000",
                    "Binder Error: Configured-Pw-31 is no column"));
        } finally {
            AuditLogRegistry.release(file);
        }
        String text = Files.readString(file);
        assertFalse(text.contains("Configured-Pw-31"), text);
        Map<String, Object> line = JsonLine.parse(text.strip());
        assertEquals("SELECT * FROM t WHERE note = '****' OR note = 'x'", line.get("sql"));
        assertEquals("Binder Error: **** is no column", line.get("error"));
        assertEquals(0, AuditLogRegistry.references(file));
    }

    @Test
    void connectionsOfDifferentFederationsShareTheFileButNotTheRedactor() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditListener first = AuditLogRegistry.acquire(file, text -> text.replace("first-pw", "****"));
        AuditListener second = AuditLogRegistry.acquire(file, text -> text.replace("second-pw", "****"));
        try {
            assertEquals(2, AuditLogRegistry.references(file));
            first.onStatement(record("SELECT 'first-pw', 'second-pw'"));
            second.onStatement(record("SELECT 'first-pw', 'second-pw'"));
        } finally {
            AuditLogRegistry.release(file);
            AuditLogRegistry.release(file);
        }
        var lines = Files.readAllLines(file);
        assertEquals("SELECT '****', 'second-pw'", JsonLine.parse(lines.get(0)).get("sql"));
        assertEquals("SELECT 'first-pw', '****'", JsonLine.parse(lines.get(1)).get("sql"));
    }

    @Test
    void aFailingRedactorMasksTheWholeText() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditListener log = AuditLogRegistry.acquire(file, text -> {
            throw new IllegalStateException("broken");
        });
        try {
            log.onStatement(new AuditRecord(Instant.now(), "1", "u", "SELECT 'anything'", 1, null, "error", "42000",
                    "some error"));
        } finally {
            AuditLogRegistry.release(file);
        }
        Map<String, Object> line = JsonLine.parse(Files.readString(file).strip());
        assertEquals(SqlMasker.MASK, line.get("sql"));
        assertEquals(SqlMasker.MASK, line.get("error"));
        assertEquals("42000", line.get("sql_state"));
    }
}
