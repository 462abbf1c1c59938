package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile SQL author against one federation (lockdown on, the default): every case must be refused with
 * the SQLState it names, and afterwards nothing may have changed: local and source row counts, the files
 * on disk, DuckDB's settings; no configured password may reach any output, and a fake PostgreSQL server on
 * loopback that asks for a clear-text password must never be contacted. Each statement is tried through a
 * Statement, as multi-statement text after a harmless statement, as a PreparedStatement, and hidden in a
 * batch behind an item that ends in a line comment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileSqlIT {
    private static final String WRITE = "25006";
    private static final String FORBIDDEN = "42501";

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    static Path dir;

    private FakePostgresServer fake;
    private TestFederation federation;
    private Connection writable;
    private Connection readOnly;
    private Path canaryFile;
    private Path configFile;
    private Path audit;
    private Map<String, Long> countsBefore;
    private Map<String, String> settingsBefore;
    private final StringBuilder everything = new StringBuilder();

    /** One hostile statement, who tries it, and the SQLStates its refusal may carry. */
    private record Attack(String sql, boolean onReadOnly, Set<String> states) {
        Attack(String sql, boolean onReadOnly, String state) {
            this(sql, onReadOnly, state == null ? FILE_REFUSALS : Set.of(state));
        }
    }

    /**
     * A file is refused by FedDuck's SQL reading or by DuckDB's lockdown (42501), or on a read-only
     * connection as a write (25006). A bare path as a table is not even looked up as a file under lockdown:
     * DuckDB reports an unknown table (42704).
     */
    private static final Set<String> FILE_REFUSALS = Set.of(FORBIDDEN, WRITE);

    @BeforeAll
    void setUp() throws Exception {
        fake = new FakePostgresServer();
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS hostile_rows");
            s.execute("CREATE TABLE hostile_rows (id int PRIMARY KEY, body text)");
            s.execute("INSERT INTO hostile_rows VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        Path lite = dir.resolve("lite.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items VALUES (1, 'x'), (2, 'y'), (3, 'z')");
        }
        canaryFile = dir.resolve("canary.txt");
        Files.writeString(canaryFile, "canary-content\n");
        audit = dir.resolve("audit.jsonl");
        federation = new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "")
                .postgres("pg_rw", RemoteDatabases.postgres(), "options:\n  read_only: false\n")
                .mysql("my", RemoteDatabases.mysql(), "")
                .sqlite("lite_rw", lite, "options:\n  read_only: false\n");
        configFile = federation.writeConfig();
        Path local = dir.resolve("local.duckdb");
        writable = DriverManager.getConnection(federation.url(local, "audit_log=" + audit));
        readOnly = DriverManager.getConnection(federation.url(local, "audit_log=" + audit + "&read_only=true"));
        try (Statement s = writable.createStatement()) {
            s.execute("CREATE TABLE canary AS SELECT range AS i FROM range(3)");
            s.execute("CREATE SEQUENCE canary_seq");
            // Objects a writable connection may create and a read-only one may use: DuckDB's read-only
            // transaction must stop the write they hide, as FedDuck's SQL reading cannot see inside them.
            s.execute("CREATE MACRO bump() AS nextval('canary_seq')");
            s.execute("CREATE MACRO wipe_canary() AS TABLE SELECT * FROM canary");
            s.execute("CREATE VIEW canary_view AS SELECT * FROM canary");
            s.execute("CREATE VIEW bump_view AS SELECT nextval('canary_seq') AS n");
        }
        countsBefore = counts();
        settingsBefore = settings(readOnly);
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (writable != null) {
                writable.close();
            }
            if (readOnly != null) {
                readOnly.close();
            }
        } finally {
            fake.close();
        }
    }

    private static List<Attack> corpus(int fakePort, Path configFile, Path canary) {
        List<Attack> attacks = new ArrayList<>();
        String fakeDsn = "host=127.0.0.1 port=" + fakePort + " dbname=x user=fedduck connect_timeout=2";
        // Stored credentials: no SQL may use them for another catalog or host.
        for (boolean ro : new boolean[] {false, true}) {
            attacks.add(new Attack("ATTACH '" + fakeDsn + "' AS evil (TYPE postgres, SECRET fedduck_pg)", ro, FORBIDDEN));
            attacks.add(new Attack("ATTACH 'host=127.0.0.1 port=" + fakePort + "' AS evil2 (TYPE postgres, SECRET fedduck_pg_rw)", ro, FORBIDDEN));
            attacks.add(new Attack("ATTACH '" + fakeDsn + "' AS evil3 (TYPE postgres)", ro, FORBIDDEN));
            attacks.add(new Attack("ATTACH IF NOT EXISTS '' AS pg_again (TYPE postgres, SECRET fedduck_pg)", ro, FORBIDDEN));
            attacks.add(new Attack("CREATE SECRET evil_s (TYPE postgres, HOST '127.0.0.1', PORT " + fakePort + ")", ro, FORBIDDEN));
            attacks.add(new Attack("SELECT * FROM postgres_scan('" + fakeDsn + "', 'public', 't')", ro, FORBIDDEN));
            attacks.add(new Attack("SELECT * FROM postgres_scan_pushdown('" + fakeDsn + "', 'public', 't')", ro, FORBIDDEN));
            attacks.add(new Attack("CALL postgres_attach('" + fakeDsn + "')", ro, FORBIDDEN));
            attacks.add(new Attack("SELECT * FROM query('SELECT * FROM postgres_scan(''" + fakeDsn + "'', ''public'', ''t'')')", ro, FORBIDDEN));
            attacks.add(new Attack("DETACH pg", ro, FORBIDDEN));
            attacks.add(new Attack("INSTALL httpfs", ro, FORBIDDEN));
            attacks.add(new Attack("LOAD httpfs", ro, FORBIDDEN));
        }
        // Files: nothing outside the local database reads or writes a file.
        List<String> fileReads = List.of(
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_csv_auto('/etc/passwd')",
                "SELECT * FROM read_text('" + configFile + "')",
                "SELECT * FROM read_blob('" + configFile + "')",
                "SELECT * FROM read_json('" + configFile + "')",
                "SELECT * FROM read_json_auto('/etc/hostname')",
                "SELECT * FROM read_ndjson_objects('/etc/hostname')",
                "SELECT * FROM read_parquet('" + canary + "')",
                "SELECT * FROM parquet_metadata('" + canary + "')",
                "SELECT * FROM glob('/etc/*')",
                "SELECT * FROM sniff_csv('/etc/passwd')",
                "SELECT * FROM sqlite_scan('" + canary + "', 't')",
                "ATTACH '" + canary + ".db' AS f",
                "ATTACH '" + canary + ".sqlite' AS f2 (TYPE sqlite)",
                "COPY canary TO '" + canary + "'",
                "COPY (SELECT 1) TO '" + canary + "' (FORMAT csv)",
                "COPY canary FROM '/etc/passwd'",
                "EXPORT DATABASE '" + canary.getParent().resolve("export") + "'",
                "IMPORT DATABASE '" + canary.getParent() + "'",
                "SET profiling_output = '" + canary + "'",
                "SET temp_directory = '" + canary.getParent() + "'");
        for (String sql : fileReads) {
            attacks.add(new Attack(sql, true, FILE_REFUSALS));
            attacks.add(new Attack(sql, false, FILE_REFUSALS));
        }
        for (boolean ro : new boolean[] {false, true}) {
            attacks.add(new Attack("SELECT * FROM '/etc/passwd'", ro, Set.of(FORBIDDEN, "42704")));
            attacks.add(new Attack("SELECT * FROM '" + configFile + "'", ro, Set.of(FORBIDDEN, "42704")));
        }
        // Settings: only an allow-list, whatever the spelling; the process-protecting ones never.
        List<String[]> settings = List.of(
                new String[] {"max_expression_depth", "100000000"}, new String[] {"memory_limit", "'100GB'"},
                new String[] {"threads", "64"}, new String[] {"enable_logging", "true"},
                new String[] {"pg_debug_show_queries", "true"}, new String[] {"mysql_session_time_zone", "'+05:00'"},
                new String[] {"enable_external_access", "true"}, new String[] {"lock_configuration", "true"},
                new String[] {"enable_profiling", "'json'"}, new String[] {"allowed_directories", "['/']"},
                new String[] {"pg_connection_limit", "1"}, new String[] {"max_temp_directory_size", "'1TB'"});
        for (String[] s : settings) {
            String name = s[0];
            String value = s[1];
            attacks.add(new Attack("SET " + name + " = " + value, true, FORBIDDEN));
            attacks.add(new Attack("SET GLOBAL " + name + " = " + value, false, FORBIDDEN));
            attacks.add(new Attack("SET SESSION \"" + name.toUpperCase(java.util.Locale.ROOT) + "\" TO " + value, false, FORBIDDEN));
            attacks.add(new Attack("PRAGMA " + name + "=" + value, true, FORBIDDEN));
            attacks.add(new Attack("PRAGMA " + name + " = " + value, false, FORBIDDEN));
            attacks.add(new Attack("RESET " + name, false, FORBIDDEN));
        }
        attacks.add(new Attack("PRAGMA enable_profiling", true, FORBIDDEN));
        attacks.add(new Attack("PRAGMA enable_logging", false, FORBIDDEN));
        attacks.add(new Attack("CALL pragma_enable_logging()", false, FORBIDDEN));
        attacks.add(new Attack("RESET ALL", false, FORBIDDEN));
        // Writes from a read-only connection, spelled out or hidden in objects a writable one made.
        List<String> writes = List.of(
                "DELETE FROM canary",
                "INSERT INTO canary VALUES (99)",
                "UPDATE canary SET i = i + 1",
                "TRUNCATE canary",
                "DROP TABLE canary",
                "SELECT bump()",
                "SELECT nextval('canary_seq')",
                "SELECT * FROM wipe_canary() WHERE bump() > 0",
                "INSERT INTO canary_view VALUES (5)",
                "DELETE FROM lite_rw.main.items",
                "UPDATE pg_rw.public.hostile_rows SET body = 'x'",
                "CALL postgres_execute('pg_rw', 'DELETE FROM hostile_rows')",
                "SELECT * FROM postgres_query('pg_rw', 'SELECT 1')",
                "SELECT * FROM sqlite_query('lite_rw', 'DELETE FROM items RETURNING id')",
                "WITH d AS (DELETE FROM canary RETURNING i) SELECT * FROM d",
                "BEGIN TRANSACTION",
                "COMMIT",
                "CREATE TABLE new_table (i int)",
                "CALL sync_table('pg', 'hostile_rows', 'stolen')");
        for (String sql : writes) {
            attacks.add(new Attack(sql, true, WRITE));
        }
        // A table function's arguments are evaluated by DuckDB before the statement: in its read-only transaction.
        attacks.add(new Attack("CALL describe_remote_table('pg', 'hostile_rows', include_sample := (SELECT nextval('canary_seq') > 0))",
                true, Set.of(FORBIDDEN)));
        attacks.add(new Attack("CALL describe_remote_table('pg', 'hostile_rows', include_sample := nextval('canary_seq') > 0)",
                true, Set.of(FORBIDDEN)));
        // postgres_query on a read-only source: PostgreSQL's READ ONLY transaction lets large objects and
        // session settings change.
        attacks.add(new Attack("SELECT * FROM postgres_query('pg', 'SELECT lo_from_bytea(0, ''x''::bytea) AS oid')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM postgres_query('pg', 'SELECT set_config(''default_transaction_read_only'', ''off'', false) AS s')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM postgres_query('p' || 'g', 'SELECT 1 AS one')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM postgres_query('pg', 'SELECT U&\"lo\\005fcreate\"(0)::text AS x')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM postgres_query('pg', 'SELECT pg_logical_emit_message(true, ''x'', ''y'')::text AS m')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM postgres_query('pg', 'SELECT txid_current() AS t')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM mysql_query('my', 'SELECT GET_LOCK(''hostile'', 0) AS l')", false, FORBIDDEN));
        // Statements a read-only transaction does not stop: killing another session of the same user, table
        // locks, a COMMIT that ends the extension's READ ONLY transaction.
        attacks.add(new Attack("SELECT * FROM mysql_query('my', 'KILL QUERY 1')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM mysql_query('my', 'SELECT 1 AS one; KILL 1')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM mysql_query('my', 'LOCK TABLES hostile_rows READ')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM mysql_query('my', 'COMMIT')", false, FORBIDDEN));
        attacks.add(new Attack("SELECT * FROM postgres_query('pg', 'LOCK TABLE hostile_rows IN ACCESS SHARE MODE')", false, FORBIDDEN));
        attacks.add(new Attack("CALL describe_remote_table('pg', 'hostile_rows', include_sample := (TABLE bump_view) > 0)", true, FORBIDDEN));
        attacks.add(new Attack("CALL describe_remote_table('pg', 'hostile_rows', include_sample := (VALUES (true)))", true, FORBIDDEN));
        // postgres_execute runs any text: a COMMIT in it would end the read-only source's READ ONLY transaction.
        attacks.add(new Attack("CALL postgres_execute('pg', 'COMMIT; INSERT INTO hostile_rows VALUES (9, ''x'')')", false, FORBIDDEN));
        attacks.add(new Attack("CALL postgres_execute('pg', 'SET TRANSACTION READ WRITE; DELETE FROM hostile_rows')", false, FORBIDDEN));
        attacks.add(new Attack("CALL postgres_execute('P' || 'G', 'DELETE FROM hostile_rows')", false, FORBIDDEN));
        attacks.add(new Attack("EXPLAIN ANALYZE CREATE VIEW ex_view AS SELECT * FROM postgres_execute('pg_rw', 'DELETE FROM hostile_rows')", false, FORBIDDEN));
        attacks.add(new Attack("EXPLAIN ANALYZE COMMIT", true, WRITE));
        // Objects over the remote query functions would let a read-only connection write later.
        attacks.add(new Attack("CREATE MACRO pgw() AS TABLE SELECT * FROM postgres_query('pg_rw', 'DELETE FROM hostile_rows RETURNING id')", false, FORBIDDEN));
        attacks.add(new Attack("CREATE VIEW exec_view AS SELECT * FROM postgres_execute('pg_rw', 'DELETE FROM hostile_rows')", false, FORBIDDEN));
        attacks.add(new Attack("CREATE OR REPLACE TEMP MACRO lw() AS TABLE SELECT * FROM sqlite_query('lite_rw', 'DELETE FROM items RETURNING id')", false, FORBIDDEN));
        attacks.add(new Attack("CREATE VIEW my_view AS SELECT * FROM mysql_query('my', 'SELECT 1')", false, FORBIDDEN));
        return attacks;
    }

    @Test
    @Order(1)
    void theEngineIsLockedDownAndHoldsNoStoredSecret() throws Exception {
        try (Statement s = writable.createStatement()) {
            assertEquals("false", single(s, "SELECT current_setting('enable_external_access')::VARCHAR"));
            assertEquals("0", single(s, "SELECT count(*)::VARCHAR FROM duckdb_secrets()"));
            // the sources still work without their secrets
            assertEquals("3", single(s, "SELECT count(*)::VARCHAR FROM pg.public.hostile_rows"));
            assertEquals("3", single(s, "SELECT count(*)::VARCHAR FROM lite_rw.main.items"));
            assertEquals("1", single(s, "SELECT count(*)::VARCHAR FROM my.information_schema.schemata"
                    + " WHERE schema_name = '" + RemoteDatabases.mysql().database() + "'"));
        }
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> everyHostileStatementIsRefusedEveryWayItIsSent() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Attack attack : corpus(fake.port(), configFile, canaryFile)) {
            String who = attack.onReadOnly() ? "read-only" : "writable";
            tests.add(dynamicTest(who + " statement: " + attack.sql(), () -> refused(attack, Delivery.STATEMENT)));
            tests.add(dynamicTest(who + " multi-statement: " + attack.sql(), () -> refused(attack, Delivery.MULTI)));
            tests.add(dynamicTest(who + " prepared: " + attack.sql(), () -> refused(attack, Delivery.PREPARED)));
            tests.add(dynamicTest(who + " batch: " + attack.sql(), () -> refused(attack, Delivery.BATCH)));
        }
        return tests.stream();
    }

    @Test
    @Order(3)
    void closingAResultOnAnotherThreadDoesNotOpenAWindowForWrites() throws Exception {
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        Thread writer = new Thread(() -> {
            try (Statement s = readOnly.createStatement()) {
                while (System.nanoTime() < end) {
                    try (ResultSet rs = s.executeQuery("SELECT nextval('canary_seq')")) {
                        written.incrementAndGet();
                    } catch (SQLException e) {
                        refused.incrementAndGet();
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try (Statement s = readOnly.createStatement()) {
            while (System.nanoTime() < end) {
                try {
                    s.executeQuery("SELECT 1").close();
                } catch (SQLException e) {
                    // the other thread's refused write aborted the transaction both statements share
                    assertEquals("25000", e.getSQLState(), e.getMessage());
                }
            }
        }
        writer.join();
        assertEquals(0, written.get(), "nextval ran on a read-only connection (" + refused.get() + " refused)");
        assertTrue(refused.get() > 0);
        try (Statement s = readOnly.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
            assertTrue(rs.next(), "the connection is usable afterwards");
        }
    }

    @Test
    @Order(4)
    void deepInputsGetAnAnswerOrAnErrorAndNeverCrashTheJvm() throws Exception {
        // On a 1 MB thread stack DuckDB crashed the JVM (SIGSEGV) at about 800 nested calls or 200 chained CTEs.
        java.util.function.IntFunction<String> nested = depth ->
                "SELECT " + "abs(".repeat(depth) + "1" + ")".repeat(depth) + " AS v";
        StringBuilder ctes = new StringBuilder("WITH a0 AS (SELECT 1 AS v)");
        for (int i = 1; i < 300; i++) {
            ctes.append(", a").append(i).append(" AS (SELECT * FROM a").append(i - 1).append(')');
        }
        ctes.append(" SELECT * FROM a299");
        Thread caller = new Thread(null, () -> {
            try (Statement s = readOnly.createStatement()) {
                for (String sql : List.of(nested.apply(900), ctes.toString(), "SELECT " + "[".repeat(900) + "1"
                        + "]".repeat(900) + " AS v")) {
                    try (ResultSet rs = s.executeQuery(sql)) {
                        assertTrue(rs.next());
                    }
                }
                // a table function's arguments are bound by DuckDB too, before the statement runs: they must
                // be constants, and a deep one is refused before DuckDB sees it
                SQLException computed = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> s.execute("CALL describe_remote_table('pg', 'hostile_rows', include_sample := ("
                                + nested.apply(900).substring("SELECT ".length()).replace(" AS v", "") + ") > 0)"));
                assertEquals(FORBIDDEN, computed.getSQLState(), computed.getMessage());
                SQLException tooDeep = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> s.executeQuery(nested.apply(5000)).close());
                assertNotNull(tooDeep.getSQLState(), tooDeep.getMessage());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "small-stack-caller", 1L << 20);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        caller.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        caller.start();
        caller.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    @Order(5)
    void afterwardsNothingChangedAndNoPasswordWentAnywhere() throws Exception {
        assertEquals(countsBefore, counts(), "row counts in the local database and the sources");
        assertEquals(settingsBefore, settings(readOnly), "DuckDB settings seen by the read-only connection");
        assertEquals("canary-content\n", Files.readString(canaryFile));
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = Set.of("lite.sqlite", "canary.txt", "audit.jsonl", "connections.yaml",
                    "local.duckdb", "local.duckdb.wal", "local.duckdb.tmp", "lite.sqlite-journal",
                    "master.key");
            files.map(p -> p.getFileName().toString()).forEach(n -> assertTrue(names.contains(n), "new file " + n));
        }
        assertEquals(List.of(), fake.passwordsReceived(), "the fake server received a password");
        assertEquals(0, fake.connections(), "the fake server was contacted");
        everything.append(Files.readString(audit));
        String all = everything.toString();
        assertTrue(all.contains("refused"), "the audit log recorded the refusals");
        for (String password : List.of(RemoteDatabases.postgres().password(), RemoteDatabases.mysql().password())) {
            assertFalse(all.contains(password), "a password leaked into an error or the audit log");
        }
    }

    private enum Delivery { STATEMENT, MULTI, PREPARED, BATCH }

    private void refused(Attack attack, Delivery delivery) throws Exception {
        Connection c = attack.onReadOnly() ? readOnly : writable;
        SQLException refusal = null;
        try {
            switch (delivery) {
                case STATEMENT -> {
                    try (Statement s = c.createStatement()) {
                        drain(s, s.execute(attack.sql()));
                    }
                }
                case MULTI -> {
                    try (Statement s = c.createStatement()) {
                        drain(s, s.execute("SELECT 1; " + attack.sql()));
                    }
                }
                case PREPARED -> {
                    try (PreparedStatement p = c.prepareStatement(attack.sql())) {
                        drain(p, p.execute());
                    }
                }
                case BATCH -> {
                    try (Statement s = c.createStatement()) {
                        s.addBatch("SET VARIABLE hostile_marker = 1 --");
                        s.addBatch(attack.sql());
                        s.executeBatch();
                    }
                }
            }
        } catch (SQLException e) {
            refusal = e;
        }
        assertNotNull(refusal, attack.sql() + " ran (" + delivery + ")");
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            everything.append(t.getMessage()).append('\n');
        }
        String state = refusal.getSQLState();
        assertTrue(attack.states().contains(state), "expected " + attack.states() + ", got " + state + ": "
                + refusal.getMessage());
        if (delivery == Delivery.BATCH) {
            assertTrue(refusal instanceof java.sql.BatchUpdateException || refusal.getSQLState() != null);
        }
    }

    private static void drain(Statement s, boolean hasResult) throws SQLException {
        if (hasResult) {
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = writable.createStatement()) {
            for (String table : List.of("canary", "pg_rw.public.hostile_rows", "lite_rw.main.items")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'local'")) {
                rs.next();
                counts.put("local tables", rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_databases()")) {
                rs.next();
                counts.put("attached databases", rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT coalesce(last_value, -1) FROM duckdb_sequences() WHERE sequence_name = 'canary_seq'")) {
                rs.next();
                counts.put("canary_seq last value", rs.getLong(1));
            }
        }
        return counts;
    }

    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, value FROM duckdb_settings() ORDER BY name")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                fail("no row from " + sql);
            }
            return rs.getString(1);
        }
    }
}
