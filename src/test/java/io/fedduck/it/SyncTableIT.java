package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sync.SyncListener;
import io.fedduck.sync.SyncListeners;
import io.fedduck.sync.SyncProgress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sync_table and sync_status on real PostgreSQL, MariaDB and SQLite sources: full and incremental copies,
 * the equal-watermark case and late commits, the three conflict modes, resuming after a failure in the
 * middle of a batched sync, where_clause checks, schema changes, and readers on other connections.
 */
class SyncTableIT {
    @TempDir
    static Path dir;
    private static Path sqlite;
    private static Path local;
    private static final AtomicInteger TABLES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        sqlite = dir.resolve("sync.sqlite");
        local = dir.resolve("local.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE st_probe (x INTEGER)");
        }
    }

    @AfterAll
    static void dropSourceTables() throws Exception {
        for (String source : List.of("pg", "my")) {
            try (Connection c = admin(source); Statement s = c.createStatement()) {
                for (int i = 1; i <= TABLES.get(); i++) {
                    s.execute("DROP TABLE IF EXISTS st_" + i);
                }
            }
        }
    }

    private static Connection admin(String source) throws SQLException {
        return switch (source) {
            case "pg" -> RemoteDatabases.postgres().admin();
            case "my" -> RemoteDatabases.mysql().admin();
            default -> DriverManager.getConnection("jdbc:sqlite:" + sqlite);
        };
    }

    private static Connection open() throws Exception {
        return DriverManager.getConnection(new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "")
                .sqlite("lite", sqlite, "")
                .url(local, ""));
    }

    /** A new source table name, so tests never share one. */
    private static String newTable() {
        return "st_" + TABLES.incrementAndGet();
    }

    /** Runs statements at the source through its own driver. */
    private static void atSource(String source, String... sql) throws SQLException {
        try (Connection c = admin(source); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** id (primary key), version (the incremental column), qty; rows 1..n with version = id. */
    private static String items(String source, int n) throws SQLException {
        String table = newTable();
        atSource(source, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, version BIGINT NOT NULL, qty INTEGER)");
        StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
        for (int i = 1; i <= n; i++) {
            insert.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i).append(", ").append(i * 10)
                    .append(')');
        }
        atSource(source, insert.toString());
        return table;
    }

    /** The row the CALL returned: sync_id, mode, rows_inserted, rows_updated, local_rows, watermark, duration_ms. */
    private static List<String> call(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            List<String> row = new ArrayList<>();
            for (int i = 2; i <= 6; i++) {
                row.add(rs.getString(i));
            }
            assertTrue(rs.getLong(7) >= 0);
            assertFalse(rs.next());
            return row;
        }
    }

    /** count, distinct ids and sum(qty) of a table, read through {@code c}. */
    private static String fingerprint(Connection c, String from) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*), count(DISTINCT id), coalesce(sum(qty), 0) FROM " + from)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }

    private static String sourceFingerprint(Connection c, String source, String table) throws SQLException {
        return fingerprint(c, source + "." + (source.equals("pg") ? "public." : "") + table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void fullSyncCopiesTheSourceAndReplacesTheLocalTable(String source) throws Exception {
        String table = items(source, 100);
        if (!source.equals("lite")) {
            atSource(source, (source.equals("pg") ? "ANALYZE " : "ANALYZE TABLE ") + table);
        }
        try (Connection c = open()) {
            String local = "full_" + source + "_" + table;
            List<SyncProgress> heard = new ArrayList<>();
            c.unwrap(SyncListeners.class).addSyncListener(heard::add);
            assertEquals(List.of("full", "100", "0", "100", ""), nullAsEmpty(call(c,
                    "CALL sync_table('" + source + "', '" + table + "', '" + local + "')")));
            // Progress counts against the source's own estimate; SQLite keeps none.
            assertEquals(source.equals("lite") ? -1 : 100, heard.get(0).estimatedTotal(), heard.toString());
            assertEquals("100/100/50500", fingerprint(c, local));
            atSource(source, "DELETE FROM " + table + " WHERE id <= 10", "INSERT INTO " + table + " VALUES (500, 500, 1)");
            assertEquals(List.of("full", "91", "0", "91", ""), nullAsEmpty(call(c,
                    "CALL sync_table(connection_name := '" + source + "', source_table := '" + table
                            + "', local_table := '" + local + "', sync_mode := 'full')")));
            assertEquals(sourceFingerprint(c, source, table), fingerprint(c, local));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT current_setting('preserve_insertion_order')")) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1), "the sync's own settings stay on its own connection");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT state, rows_inserted,"
                    + " percent FROM sync_status() WHERE local_table = 'main." + local + "' ORDER BY sync_id")) {
                assertTrue(rs.next());
                assertEquals("succeeded", rs.getString(1));
                assertEquals(100, rs.getLong(2));
                assertTrue(rs.next());
                assertEquals(91, rs.getLong(2));
                assertEquals(100.0, rs.getDouble(3));
                assertFalse(rs.next());
            }
        }
    }

    private static List<String> nullAsEmpty(List<String> row) {
        return row.stream().map(v -> v == null ? "" : v).toList();
    }

    @Test
    void aTableNotMadeBySyncNeedsReplaceAndARemoteCatalogIsRefused() throws Exception {
        String table = items("pg", 5);
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mine (x INTEGER)");
            s.execute("INSERT INTO mine VALUES (42)");
            SQLException exists = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('pg', '" + table + "', 'mine')"));
            assertEquals("42710", exists.getSQLState());
            assertTrue(exists.getMessage().contains("replace := true"), exists.getMessage());
            assertEquals("1/1/0", fingerprintOfMine(s));
            assertEquals("5", call(c, "CALL sync_table('pg', '" + table + "', 'mine', replace := true)").get(1));

            SQLException remote = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('pg', '" + table + "', 'my.fedduck_test.copy')"));
            assertEquals("42501", remote.getSQLState());
            assertTrue(remote.getMessage().contains("local DuckDB database"), remote.getMessage());

            SQLException unknown = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('nope', '" + table + "', 'x')"));
            assertEquals("42704", unknown.getSQLState());
            assertTrue(unknown.getMessage().contains("pg, my, lite"), unknown.getMessage());
            SQLException missing = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('my', 'st_missing', 'x')"));
            assertEquals("42704", missing.getSQLState());
            assertTrue(missing.getMessage().contains("st_missing") && missing.getMessage().contains("'my'"));
            SQLException signature = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('pg', '" + table + "', 'x', mode := 'full')"));
            assertTrue(signature.getMessage().contains("sync_mode := 'full'"), signature.getMessage());
            SQLException mode = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('pg', '" + table + "', 'x', sync_mode := 'fast')"));
            assertEquals("22023", mode.getSQLState());
            SQLException noColumn = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('pg', '" + table + "', 'x', sync_mode := 'incremental')"));
            assertTrue(noColumn.getMessage().contains("incremental_column"), noColumn.getMessage());
            SQLException badColumn = assertThrows(SQLException.class, () -> s.execute("CALL sync_table('pg', '"
                    + table + "', 'x', sync_mode := 'incremental', incremental_column := 'nope')"));
            assertEquals("42703", badColumn.getSQLState());
        }
        try (Connection c = DriverManager.getConnection(new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .url(local, "read_only=true")); Statement s = c.createStatement()) {
            SQLException readOnly = assertThrows(SQLException.class,
                    () -> s.execute("CALL sync_table('pg', '" + table + "', 'ro_copy')"));
            assertEquals("25006", readOnly.getSQLState());
        }
    }

    private static String fingerprintOfMine(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT x), 0 FROM mine")) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }

    /**
     * The watermark is compared with {@code >=}: a row committed after the last run with the watermark's
     * own value is fetched, and rows fetched again are replaced, not duplicated.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void incrementalFetchesLateRowsAtTheWatermarkWithoutDuplicates(String source) throws Exception {
        String table = items(source, 10);
        atSource(source, "UPDATE " + table + " SET version = 10 WHERE id = 9");
        String sync = "CALL sync_table('" + source + "', '" + table + "', 'inc_" + table + "', sync_mode :="
                + " 'incremental', incremental_column := 'version')";
        try (Connection c = open()) {
            assertEquals(List.of("full", "10", "0", "10", "10"), call(c, sync), "the first run copies everything");
            // A row with the watermark's value, committed after the run, and an update.
            atSource(source, "INSERT INTO " + table + " VALUES (11, 10, 110)",
                    "UPDATE " + table + " SET version = 12, qty = 31 WHERE id = 3");
            assertEquals(List.of("incremental", "1", "1", "11", "12"), call(c, sync));
            assertEquals(sourceFingerprint(c, source, table), fingerprint(c, "inc_" + table));
            assertEquals(List.of("incremental", "0", "0", "11", "12"), call(c, sync), "nothing new");
            assertEquals(sourceFingerprint(c, source, table), fingerprint(c, "inc_" + table));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void aCompositePrimaryKeyDeclaredOutOfColumnOrderIsTheMergeKey(String source) throws Exception {
        String table = newTable();
        atSource(source, "CREATE TABLE " + table + " (id INTEGER NOT NULL, region VARCHAR(10) NOT NULL,"
                        + " version BIGINT NOT NULL, qty INTEGER, PRIMARY KEY (region, id))",
                "INSERT INTO " + table + " VALUES (1, 'eu', 1, 10), (1, 'us', 2, 20), (2, 'eu', 3, 30)");
        String sync = "CALL sync_table('" + source + "', '" + table + "', 'key_" + table + "', sync_mode :="
                + " 'incremental', incremental_column := 'version')";
        try (Connection c = open()) {
            assertEquals(List.of("full", "3", "0", "3", "3"), call(c, sync));
            // Same id, other region: a new row, not an update of (1, 'eu').
            atSource(source, "INSERT INTO " + table + " VALUES (2, 'us', 4, 40)",
                    "UPDATE " + table + " SET version = 5, qty = 11 WHERE id = 1 AND region = 'eu'");
            assertEquals(List.of("incremental", "1", "1", "4", "5"), call(c, sync));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT string_agg(region || id"
                    + " || ':' || qty, ',' ORDER BY region, id) FROM key_" + table)) {
                rs.next();
                assertEquals("eu1:11,eu2:30,us1:20,us2:40", rs.getString(1));
            }
            // The key is named in its declared order.
            atSource(source, "UPDATE " + table + " SET version = 6 WHERE id = 2 AND region = 'eu'");
            SQLException conflict = assertThrows(SQLException.class, () -> call(c, sync.replace(")",
                    ", conflict := 'error')")));
            assertEquals("23505", conflict.getSQLState());
            assertTrue(conflict.getMessage().contains("have a key (region, id)"), conflict.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void conflictModesUpsertAppendAndError(String source) throws Exception {
        String events = newTable();
        atSource(source, "CREATE TABLE " + events + " (id INTEGER, version INTEGER, qty INTEGER)",
                "INSERT INTO " + events + " VALUES (1, 1, 10), (2, 2, 20), (3, 2, 30)");
        String items = items(source, 5);
        try (Connection c = open(); Statement s = c.createStatement()) {
            String append = "CALL sync_table('" + source + "', '" + events + "', 'ev_" + events + "', sync_mode :="
                    + " 'incremental', incremental_column := 'version'";
            SQLException noKey = assertThrows(SQLException.class, () -> s.execute(append + ")"));
            assertEquals("22023", noKey.getSQLState());
            assertTrue(noKey.getMessage().contains("primary_key") && noKey.getMessage().contains("append"));
            assertEquals("3", call(c, append + ", conflict := 'append')").get(1));
            atSource(source, "INSERT INTO " + events + " VALUES (4, 2, 40), (5, 3, 50)");
            assertEquals(List.of("incremental", "2", "0", "5", "3"), call(c, append + ", conflict := 'append')"));
            assertEquals("5/5/150", fingerprint(c, "ev_" + events));

            String error = "CALL sync_table('" + source + "', '" + items + "', 'err_" + items + "', sync_mode :="
                    + " 'incremental', incremental_column := 'version', conflict := 'error')";
            assertEquals("5", call(c, error).get(1));
            atSource(source, "INSERT INTO " + items + " VALUES (6, 6, 60)");
            assertEquals(List.of("incremental", "1", "0", "6", "6"), call(c, error), "new keys are fine");
            atSource(source, "UPDATE " + items + " SET version = 7, qty = 0 WHERE id = 2");
            String before = fingerprint(c, "err_" + items);
            SQLException conflict = assertThrows(SQLException.class, () -> s.execute(error));
            assertEquals("23505", conflict.getSQLState());
            assertTrue(conflict.getMessage().contains("err_" + items), conflict.getMessage());
            assertEquals(before, fingerprint(c, "err_" + items), "nothing written");
            try (ResultSet rs = s.executeQuery("SELECT state, error FROM sync_status() WHERE local_table = 'main.err_"
                    + items + "' ORDER BY sync_id DESC LIMIT 1")) {
                assertTrue(rs.next());
                assertEquals("failed", rs.getString(1));
                assertTrue(rs.getString(2).contains("conflict"), rs.getString(2));
            }
            // The same table with upsert takes the update.
            String upsert = error.replace("'error'", "'upsert'");
            assertEquals(List.of("incremental", "0", "1", "6", "7"), call(c, upsert));
            assertEquals(sourceFingerprint(c, source, items), fingerprint(c, "err_" + items));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void anInterruptedBatchedSyncResumesWithNoGapAndNoDuplicate(String source) throws Exception {
        String table = items(source, 50);
        String sync = "CALL sync_table('" + source + "', '" + table + "', 'res_" + table + "', sync_mode :="
                + " 'incremental', incremental_column := 'version', batch_size := 10)";
        try (Connection c = open(); Statement s = c.createStatement()) {
            call(c, sync);
            atSource(source, "UPDATE " + table + " SET version = version + 100, qty = qty + 1");
            List<SyncProgress> seen = new ArrayList<>();
            SyncListener failAfterTwoBatches = p -> {
                seen.add(p);
                if (p.rowsCopied() >= 20) {
                    throw new IllegalStateException("injected failure");
                }
            };
            c.unwrap(SyncListeners.class).addSyncListener(failAfterTwoBatches);
            SQLException stopped = assertThrows(SQLException.class, () -> s.execute(sync));
            assertTrue(stopped.getMessage().contains("injected failure"), stopped.getMessage());
            c.unwrap(SyncListeners.class).removeSyncListener(failAfterTwoBatches);
            assertEquals(List.of(0L, 10L, 20L), seen.stream().map(SyncProgress::rowsCopied).toList());
            assertEquals(50, seen.get(0).estimatedTotal());
            try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE qty % 10 = 1), count(*) FROM res_" + table)) {
                rs.next();
                assertEquals(20, rs.getLong(1), "the two committed batches stay");
                assertEquals(50, rs.getLong(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT state, watermark FROM sync_status() WHERE local_table ="
                    + " 'main.res_" + table + "' ORDER BY sync_id DESC LIMIT 1")) {
                rs.next();
                assertEquals("failed", rs.getString(1));
                assertEquals("120", rs.getString(2), "the watermark of the last committed batch");
            }
            List<String> resumed = call(c, sync);
            assertEquals(List.of("incremental", "0", "30", "50", "150"), resumed);
            assertEquals(sourceFingerprint(c, source, table), fingerprint(c, "res_" + table));
        }
    }

    @Test
    void cancelAndTheQueryTimeoutStopASyncAfterItsLastCommittedBatch() throws Exception {
        String table = items("pg", 30);
        String sync = "CALL sync_table('pg', '" + table + "', 'stop_" + table + "', sync_mode := 'incremental',"
                + " incremental_column := 'version', batch_size := 10)";
        try (Connection c = open(); Statement s = c.createStatement()) {
            call(c, sync);
            atSource("pg", "UPDATE " + table + " SET version = version + 100, qty = qty + 1");
            SyncListener cancelAfterFirstBatch = p -> {
                if (p.rowsCopied() == 10 && "running".equals(p.state())) {
                    try {
                        s.cancel();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            c.unwrap(SyncListeners.class).addSyncListener(cancelAfterFirstBatch);
            SQLException cancelled = assertThrows(SQLException.class, () -> s.execute(sync));
            c.unwrap(SyncListeners.class).removeSyncListener(cancelAfterFirstBatch);
            assertEquals("57014", cancelled.getSQLState());
            assertTrue(cancelled.getMessage().contains("Statement.cancel()"), cancelled.getMessage());
            assertEquals("30/30/4660", fingerprint(c, "stop_" + table), "the first batch (10 rows) stays");
            assertLastRun(s, table, "failed", "Statement.cancel()");

            atSource("pg", "UPDATE " + table + " SET version = version + 100, qty = qty + 1");
            SyncListener slow = p -> {
                if ("running".equals(p.state()) && p.rowsCopied() > 0) {
                    try {
                        Thread.sleep(2500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            c.unwrap(SyncListeners.class).addSyncListener(slow);
            s.setQueryTimeout(1);
            SQLException timedOut = assertThrows(SQLException.class, () -> s.execute(sync));
            c.unwrap(SyncListeners.class).removeSyncListener(slow);
            s.setQueryTimeout(0);
            assertEquals("57014", timedOut.getSQLState());
            assertTrue(timedOut.getMessage().contains("query timeout of 1 s"), timedOut.getMessage());
            assertLastRun(s, table, "failed", "query timeout");

            call(c, sync);
            assertEquals(sourceFingerprint(c, "pg", table), fingerprint(c, "stop_" + table));
            assertLastRun(s, table, "succeeded", null);
        }
    }

    @Test
    void aSecondSyncIntoTheSameTableIsRefusedWhileAnotherTableSyncsAlongside() throws Exception {
        String table = items("lite", 30);
        String sync = "CALL sync_table('lite', '" + table + "', 'busy_" + table + "', sync_mode := 'incremental',"
                + " incremental_column := 'version', batch_size := 10)";
        try (Connection c = open(); Connection other = open(); Statement s = other.createStatement()) {
            call(c, sync);
            atSource("lite", "UPDATE " + table + " SET version = version + 100");
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            c.unwrap(SyncListeners.class).addSyncListener(p -> {
                if (p.rowsCopied() > 0 && holding.getCount() > 0) {
                    holding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Thread running = new Thread(() -> {
                try {
                    call(c, sync);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            running.start();
            try {
                assertTrue(holding.await(60, TimeUnit.SECONDS));
                SQLException busy = assertThrows(SQLException.class, () -> s.execute(sync));
                assertEquals("55006", busy.getSQLState());
                assertTrue(busy.getMessage().contains("busy_" + table), busy.getMessage());
                assertEquals("30", call(other, "CALL sync_table('lite', '" + table + "', 'beside_" + table + "')")
                        .get(1), "another local table syncs meanwhile");
            } finally {
                release.countDown();
                running.join();
            }
            assertEquals(sourceFingerprint(c, "lite", table), fingerprint(c, "busy_" + table));
        }
    }

    @Test
    void nullKeysMatchAndAnUpdateOfTheWatermarkRowIsAConflictNotARepeat() throws Exception {
        String table = newTable();
        atSource("lite", "CREATE TABLE " + table + " (code TEXT PRIMARY KEY, version INTEGER, qty INTEGER)",
                "INSERT INTO " + table + " VALUES (NULL, 5, 1), ('a', 1, 1), ('b', 3, 1)");
        String upsert = "CALL sync_table('lite', '" + table + "', 'nk_" + table + "', sync_mode := 'incremental',"
                + " incremental_column := 'version')";
        try (Connection c = open(); Statement s = c.createStatement()) {
            call(c, upsert);
            for (int run = 0; run < 2; run++) {
                assertEquals(List.of("incremental", "0", "0", "3", "5"), call(c, upsert), "the NULL key comes again");
            }
            // The row at the watermark changes at the source: an update, not a repeat.
            atSource("lite", "UPDATE " + table + " SET version = 6, qty = 2 WHERE code IS NULL");
            String error = upsert.replace("'nk_", "'nke_").replace(")", ", conflict := 'error')");
            call(c, error.replace(", conflict := 'error'", ""));
            atSource("lite", "UPDATE " + table + " SET version = 7, qty = 3 WHERE code IS NULL");
            SQLException conflict = assertThrows(SQLException.class, () -> s.execute(error));
            assertEquals("23505", conflict.getSQLState());
            assertEquals(List.of("incremental", "0", "1", "3", "7"), call(c, upsert));
            try (ResultSet rs = s.executeQuery("SELECT qty FROM nk_" + table + " WHERE code IS NULL")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
                assertFalse(rs.next());
            }

            String duplicates = newTable();
            atSource("lite", "CREATE TABLE " + duplicates + " (id INTEGER, version INTEGER, qty INTEGER)",
                    "INSERT INTO " + duplicates + " VALUES (1, 1, 1), (1, 2, 2)");
            String byId = "CALL sync_table('lite', '" + duplicates + "', 'dup_" + duplicates + "', sync_mode :="
                    + " 'incremental', incremental_column := 'version', primary_key := 'id')";
            call(c, byId); // the first run copies everything
            atSource("lite", "INSERT INTO " + duplicates + " VALUES (2, 3, 1), (2, 3, 2)");
            SQLException notUnique = assertThrows(SQLException.class, () -> s.execute(byId));
            assertEquals("21000", notUnique.getSQLState(), notUnique.getMessage());
            assertEquals("2/1/3", fingerprint(c, "dup_" + duplicates), "nothing of the batch written");
        }
    }

    private static void assertLastRun(Statement s, String table, String state, String error) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT state, error FROM sync_status() WHERE local_table = 'main.stop_"
                + table + "' ORDER BY sync_id DESC LIMIT 1")) {
            assertTrue(rs.next());
            assertEquals(state, rs.getString(1));
            if (error == null) {
                assertEquals(null, rs.getString(2));
            } else {
                assertTrue(rs.getString(2).contains(error), rs.getString(2));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void whereClauseFiltersAtTheSourceAndBadClausesAreRefusedBeforeAnythingRuns(String source) throws Exception {
        String table = items(source, 20);
        try (Connection c = open(); Statement s = c.createStatement()) {
            assertEquals("10", call(c, "CALL sync_table('" + source + "', '" + table + "', 'w_" + table + "',"
                    + " where_clause := 'id % 2 = 0')").get(1));
            assertEquals("10/10/1100", fingerprint(c, "w_" + table));
            for (String bad : List.of("1=1; DROP TABLE w_" + table, "1=1 -- rest", "id IN (SELECT id FROM pg.public."
                    + table + ")", "1=1) UNION ALL (SELECT * FROM my.fedduck_test." + table)) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute("CALL sync_table('" + source
                        + "', '" + table + "', 'bad_" + table + "', where_clause := '" + bad.replace("'", "''") + "')"));
                assertTrue(Set.of("42601", "42501").contains(e.getSQLState()), bad + ": " + e.getSQLState());
                assertTrue(e.getMessage().contains("where_clause"), e.getMessage());
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'bad_" + table
                    + "'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "nothing ran");
            }
            assertEquals("10/10/1100", fingerprint(c, "w_" + table));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void schemaChangesFailOrEvolve(String source) throws Exception {
        String table = items(source, 3);
        String full = "CALL sync_table('" + source + "', '" + table + "', 'sc_" + table + "'";
        String inc = "CALL sync_table('" + source + "', '" + table + "', 'sci_" + table + "', sync_mode := 'incremental',"
                + " incremental_column := 'version'";
        try (Connection c = open(); Statement s = c.createStatement()) {
            call(c, full + ")");
            call(c, inc + ")");
            atSource(source, "ALTER TABLE " + table + " ADD COLUMN note VARCHAR(20)",
                    "INSERT INTO " + table + " VALUES (4, 4, 40, 'new')");
            for (String sync : List.of(full, inc)) {
                SQLException changed = assertThrows(SQLException.class, () -> s.execute(sync + ")"));
                assertEquals("55000", changed.getSQLState());
                assertTrue(changed.getMessage().contains("added: note VARCHAR"), changed.getMessage());
            }
            assertEquals("3/3/60", fingerprint(c, "sc_" + table), "unchanged after the refusal");
            call(c, full + ", on_schema_change := 'evolve')");
            assertEquals(List.of("incremental", "1", "0", "4", "4"), call(c, inc + ", on_schema_change := 'evolve')"));
            for (String local : List.of("sc_" + table, "sci_" + table)) {
                try (ResultSet rs = s.executeQuery("SELECT id, note FROM " + local + " WHERE note IS NOT NULL")) {
                    assertTrue(rs.next(), local);
                    assertEquals(4, rs.getInt(1));
                    assertEquals("new", rs.getString(2));
                }
            }
            atSource(source, "ALTER TABLE " + table + " DROP COLUMN qty",
                    "INSERT INTO " + table + " VALUES (5, 5, 'five')");
            SQLException removed = assertThrows(SQLException.class, () -> s.execute(inc + ")"));
            assertTrue(removed.getMessage().contains("removed: qty"), removed.getMessage());
            call(c, inc + ", on_schema_change := 'evolve')");
            call(c, full + ", on_schema_change := 'evolve')");
            for (String local : List.of("sc_" + table, "sci_" + table)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(qty), max(id) FROM " + local)) {
                    rs.next();
                    assertEquals(5, rs.getLong(1), local);
                    // Row 4 had the watermark's value, so the incremental run fetched it again, without qty.
                    assertEquals(local.startsWith("sci") ? 3 : 0, rs.getLong(2), local + ": qty kept, NULL for new rows");
                    assertEquals(5, rs.getLong(3));
                }
            }
        }
    }

    /** Inserts rows (g, g, 1) for g from {@code from} to {@code to} at the source, generated there. */
    private static String generatedRows(String source, String table, int from, int to) {
        return switch (source) {
            case "pg" -> "INSERT INTO " + table + " SELECT g, g, 1 FROM generate_series(" + from + ", " + to + ") g";
            case "my" -> "INSERT INTO " + table + " SELECT seq, seq, 1 FROM seq_" + from + "_to_" + to;
            default -> "INSERT INTO " + table + " WITH RECURSIVE g(n) AS (SELECT " + from + " UNION ALL SELECT n + 1"
                    + " FROM g WHERE n < " + to + ") SELECT n, n, 1 FROM g";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "my", "lite"})
    void readersOnOtherConnectionsSeeTheOldOrTheNewTableAndLiveProgress(String source) throws Exception {
        String table = newTable();
        atSource(source, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, version BIGINT, qty INTEGER)",
                generatedRows(source, table, 1, 100000));
        try (Connection c = open(); Connection reader = open(); Statement r = reader.createStatement()) {
            call(c, "CALL sync_table('" + source + "', '" + table + "', 'big_" + table + "')");
            atSource(source, generatedRows(source, table, 100001, 300000));
            AtomicBoolean done = new AtomicBoolean();
            Set<Long> counts = ConcurrentHashMap.newKeySet();
            Thread sync = new Thread(() -> {
                try {
                    call(c, "CALL sync_table('" + source + "', '" + table + "', 'big_" + table + "')");
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                } finally {
                    done.set(true);
                }
            });
            sync.start();
            while (!done.get()) {
                try (ResultSet rs = r.executeQuery("SELECT count(*) FROM big_" + table)) {
                    rs.next();
                    counts.add(rs.getLong(1));
                }
            }
            sync.join();
            assertTrue(Set.of(100000L, 300000L).containsAll(counts), "counts seen: " + counts);
            assertEquals("300000/300000/300000", fingerprint(c, "big_" + table));

            // A listener that holds the sync after its first batch lets another connection watch it run.
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            c.unwrap(SyncListeners.class).addSyncListener(p -> {
                if (p.rowsCopied() > 0 && "running".equals(p.state()) && holding.getCount() > 0) {
                    holding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            String inc = "CALL sync_table('" + source + "', '" + table + "', 'live_" + table + "', sync_mode := 'incremental',"
                    + " incremental_column := 'version', batch_size := 400)";
            call(reader, inc);
            atSource(source, "UPDATE " + table + " SET version = version + 1000000 WHERE id <= 1000");
            Thread running = new Thread(() -> {
                try {
                    call(c, inc);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            running.start();
            assertTrue(holding.await(60, TimeUnit.SECONDS));
            try (ResultSet rs = r.executeQuery("SELECT state, rows_copied, estimated_total FROM sync_status()"
                    + " WHERE local_table = 'main.live_" + table + "' ORDER BY sync_id DESC LIMIT 1")) {
                assertTrue(rs.next());
                assertEquals("running", rs.getString(1));
                // The first batch: 400 rows, one of them the row at the old watermark, fetched again.
                assertEquals(399, rs.getLong(2));
                assertEquals(1001, rs.getLong(3));
            } finally {
                release.countDown();
                running.join();
            }
            assertEquals("300000/300000/300000", fingerprint(c, "live_" + table));
        }
    }
}
