package io.fedduck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new AuditCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)).run(args);
    }

    private List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path log() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, String.join("\n",
                line(new AuditRecord(NOW.minusSeconds(7200), "1", "alice", null, 0, null, "ok", null, null,
                        "connect", List.of())),
                line(new AuditRecord(NOW.minusSeconds(3600), "1", "alice", "SELECT * FROM pg.public.t", 3, 10L, "ok",
                        null, null, "read", List.of("pg"))),
                "not a record {",
                line(new AuditRecord(NOW.minusSeconds(600), "2", "bob", "DELETE FROM t", 1, null, "refused", "25006",
                        "read-only", "write", List.of())),
                line(new AuditRecord(NOW.minusSeconds(60), "1", "alice", "SELECT 1 FROM my.shop.x", 1, 1L, "error",
                        "42000", "no", "read", List.of("my")))) + "\n");
        return file;
    }

    private static String line(AuditRecord record) throws Exception {
        var toJson = io.fedduck.audit.JsonLinesAuditLog.class.getDeclaredMethod("toJson", AuditRecord.class);
        toJson.setAccessible(true);
        return (String) toJson.invoke(null, record);
    }

    @Test
    void filtersCombineAndEveryMatchIsPrintedAsWritten() throws Exception {
        Path file = log();
        assertEquals(0, run("audit", file.toString(), "--user", "alice", "--since", "90m"));
        assertEquals(2, printed().size(), printed().toString());
        assertTrue(printed().get(0).contains("pg.public.t"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("2 of 5 records; 1 lines are not audit records"),
                err.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, run("audit", file.toString(), "--outcome", "refused"));
        assertEquals(1, printed().size());
        assertTrue(printed().get(0).contains("\"user\":\"bob\""));
        out.reset();
        assertEquals(0, run("audit", file.toString(), "--catalog", "MY", "--until", "2026-12-06T12:00:00Z"));
        assertEquals(1, printed().size());
        out.reset();
        assertEquals(0, run("audit", file.toString(), "--kind", "connect", "--since", "2026-12-06"));
        assertEquals(1, printed().size());
    }

    @Test
    void rotatedFilesAreReadOldestFirstBeforeTheCurrentOne() throws Exception {
        Path file = log();
        Files.move(file, dir.resolve("audit.jsonl.20261206T100000.000Z"));
        Files.writeString(dir.resolve("audit.jsonl.20261206T110000.000Z-2"), line(new AuditRecord(NOW.minusSeconds(30),
                "3", "carol", "DROP TABLE t", 1, null, "ok", null, null, "write", List.of())) + "\n");
        Files.writeString(dir.resolve("audit.jsonl.old"), "not read: not a rotated name\n");
        Files.writeString(file, line(new AuditRecord(NOW, "4", "dave", "SELECT 1", 1, 1L, "ok", null, null, "read",
                List.of())) + "\n");
        assertEquals(0, run("audit", file.toString(), "--since", "1m"));
        assertEquals(List.of("1", "3", "4"), printed().stream()
                .map(l -> (String) io.fedduck.audit.JsonLine.parse(l).get("connection_id")).toList());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("3 of 7 records"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongOptionOrTimeIsAUsageError() throws Exception {
        Path file = log();
        assertEquals(2, run("audit", file.toString(), "--since", "yesterday"));
        assertEquals(2, run("audit", file.toString(), "--bogus", "x"));
        assertEquals(2, run("audit"));
        assertEquals(2, run("audit", dir.resolve("absent.jsonl").toString()));
    }
}
