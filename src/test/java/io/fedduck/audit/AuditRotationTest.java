package io.fedduck.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log rotates by size under load and loses, splits or repeats no record. */
class AuditRotationTest {
    @TempDir
    Path dir;

    @Test
    void sixteenThreadsWritingThroughRotationsLoseNoRecord() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int threads = 16;
        int perThread = 400;
        long maxBytes = 64 * 1024;
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file, maxBytes)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String connection = String.valueOf(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // every fourth is a write: forced to disk before onStatement returns
                        log.onStatement(new AuditRecord(Instant.now(), connection, "u", "SELECT " + i, i, (long) i,
                                "ok", null, null, i % 4 == 0 ? "write" : "read", List.of()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith("audit.jsonl")).sorted().toList();
        }
        assertTrue(files.size() > 3, "rotated into " + files);
        Set<String> seen = new HashSet<>();
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            assertTrue(Files.size(f) <= maxBytes, f + " is " + Files.size(f) + " bytes");
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                var record = JsonLine.parse(line); // a split or interleaved line would not parse
                assertTrue(seen.add(record.get("connection_id") + "/" + record.get("rows")), "repeated: " + line);
            }
        }
        assertEquals(threads * perThread, seen.size(), "records lost");
        assertFalse(files.stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    @Test
    void aFileMovedAwayByAnotherToolDoesNotStopTheLog() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditLog log = new JsonLinesAuditLog(file, 1024)) {
            log.onStatement(record(0));
            Files.delete(file); // logrotate or a person: the rotation's rename now fails
            for (int i = 1; i <= 40; i++) {
                log.onStatement(record(i));
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty(), "nothing was written after the file went away");
        assertEquals(40L, JsonLine.parse(lines.get(lines.size() - 1)).get("rows"), "the last record is there");
    }

    private static AuditRecord record(int i) {
        return new AuditRecord(Instant.now(), "1", "u", "UPDATE t SET x = " + i + ", pad = '" + "x".repeat(60) + "'",
                0, (long) i, "ok", null, null, "write", List.of());
    }
}
