package io.fedduck.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The run's row in sync_runs, the listeners and the log line, against a real in-memory DuckDB. */
class ProgressReporterTest {

    private static final class Lines extends Handler {
        final List<String> messages = new ArrayList<>();

        @Override
        public void publish(LogRecord r) {
            messages.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void reportsReachTheRunRowTheListenersAndTheLog() throws Exception {
        Logger logger = Logger.getLogger(TableSync.class.getName());
        Lines lines = new Lines();
        logger.addHandler(lines);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            SyncStateStore store = new SyncStateStore("memory");
            store.ensure(c);
            s.execute("INSERT INTO memory.fedduck.sync_runs (sync_id, state) VALUES (7, 'running')");
            List<SyncProgress> heard = new ArrayList<>();
            SyncProgress first = new SyncProgress(7, "pg", "public.t", "main.t", 0, -1, -1, null, "running");
            ProgressReporter every = new ProgressReporter(c, store, List.of(heard::add), first, 0);
            every.report(250, 1000, "42", "running");
            try (ResultSet rs = s.executeQuery("SELECT rows_copied, estimated_total, percent, watermark"
                    + " FROM memory.fedduck.sync_runs WHERE sync_id = 7")) {
                rs.next();
                assertEquals(250, rs.getLong(1));
                assertEquals(1000, rs.getLong(2));
                assertEquals(25.0, rs.getDouble(3));
                assertEquals("42", rs.getString(4));
            }
            assertEquals(1, heard.size());
            assertEquals(25.0, heard.get(0).percent());
            assertEquals(List.of("sync 7 of public.t into main.t: 250 of 1000 rows (25.0%)"), lines.messages);

            // With the default interval, a report right after the start writes no log line.
            new ProgressReporter(c, store, List.of(), first).report(500, 1000, "43", "running");
            assertEquals(1, lines.messages.size());

            ProgressReporter failing = new ProgressReporter(c, store, List.of(p -> {
                throw new IllegalStateException("stop");
            }), first, 0);
            ProgressReporter.ListenerStopped stopped = assertThrows(ProgressReporter.ListenerStopped.class,
                    () -> failing.report(600, 1000, null, "running"));
            assertTrue(stopped.getCause() instanceof IllegalStateException);
        } finally {
            logger.removeHandler(lines);
        }
    }

    @Test
    void aFullCopyCountsAShareOfTheSourcesEstimateAndMakesNoCountUpWhenTheScanReportsNothing() throws Exception {
        Logger logger = Logger.getLogger(TableSync.class.getName());
        Lines lines = new Lines();
        logger.addHandler(lines);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            SyncStateStore store = new SyncStateStore("memory");
            store.ensure(c);
            List<SyncProgress> heard = new ArrayList<>();
            SyncProgress first = new SyncProgress(8, "my", "db.t", "main.t", 0, -1, -1, null, "running");
            ProgressReporter reporter = new ProgressReporter(c, store, List.of(heard::add), first, 0);

            // PostgreSQL: DuckDB counts 7.1 million of its own units for a table the server estimates at 5 million.
            reporter.reportCopy(40.0, 2_834_132, 7_085_330, 5_000_000);
            assertEquals(2_000_000, heard.get(0).rowsCopied());
            assertEquals(5_000_000, heard.get(0).estimatedTotal());
            assertEquals(40.0, heard.get(0).percent());

            // SQLite keeps no estimate: DuckDB's own counts are all there is.
            reporter.reportCopy(25.0, 250, 1000, -1);
            assertEquals(250, heard.get(1).rowsCopied());
            assertEquals(1000, heard.get(1).estimatedTotal());

            // MySQL's scan reports nothing (0%, "0 of 3"): no listener call, and the log says so.
            reporter.reportCopy(0.0, 0, 3, 5_000_000);
            assertEquals(2, heard.size());
            assertEquals("sync 8 of db.t into main.t: copying about 5000000 rows, no progress reported by the"
                    + " source's scan, running for 0 s", lines.messages.get(lines.messages.size() - 1));
        } finally {
            logger.removeHandler(lines);
        }
    }
}
