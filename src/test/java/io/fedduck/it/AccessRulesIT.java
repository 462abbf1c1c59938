package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.credentials.PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access rules of a connections file against PostgreSQL, MariaDB, SQLite and local tables: per role,
 * each privilege allowed and refused through plain SQL, the table functions, the procedures,
 * DatabaseMetaData, and the ways round a rule (views, macros, batches, prepared statements, query()).
 */
class AccessRulesIT {
    private static final String ADMIN_PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;
    private static TestFederation federation;
    private static String db;
    /** Holds the in-memory federation (and the admin's local objects) for the whole class. */
    private static Connection holder;

    @BeforeAll
    static void setUp() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
        Path lite = dir.resolve("lite.db");
        Seed.sqlite(lite);
        db = RemoteDatabases.mysql().database();
        String hash = PasswordHash.hash(ADMIN_PASSWORD.toCharArray());
        federation = new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "options:\n  read_only: false\n")
                .sqlite("lite", lite, "")
                .topLevel("access:\n"
                        + "  default_role: viewer\n"
                        + "  sensitive: [pg.public.customers]\n"
                        + "  roles:\n"
                        + "    viewer:\n"
                        + "      connections: {pg: [select], lite: [select]}\n"
                        + "      local: [select]\n"
                        + "    writer:\n"
                        + "      connections: {'m*': [select, write_remote], pg: [select, sync], lite: [select]}\n"
                        + "      local: [select, write_local]\n"
                        + "    blind:\n"
                        + "      connections: {my: [select]}\n"
                        + "    lw:\n"
                        + "      connections: {pg: [select]}\n"
                        + "      local: [select, write_local]\n"
                        + "    mw:\n"
                        + "      connections: {my: [select]}\n"
                        + "      local: [select, write_local]\n"
                        + "    rw:\n"
                        + "      connections: {my: [select, write_remote, sync]}\n"
                        + "      local: [select]\n"
                        + "    conn:\n"
                        + "      privileges: [connect]\n"
                        + "      connections: {pg: [select]}\n"
                        + "    boss:\n"
                        + "      privileges: [admin]\n"
                        + "  users:\n"
                        + "    vera: viewer\n"
                        + "    walt: writer\n"
                        + "    bea: blind\n"
                        + "    lou: lw\n"
                        + "    max: mw\n"
                        + "    ray: rw\n"
                        + "    cam: conn\n"
                        + "    ada: {role: boss, password: '" + hash + "'}\n");
        // the admin makes local objects over every source: the roles must not reach through them
        holder = open("ada", ADMIN_PASSWORD);
        try (Statement s = holder.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE local_notes AS SELECT 1 AS id, 'note' AS body");
            s.execute("CREATE OR REPLACE VIEW my_events AS SELECT * FROM my." + db + ".events");
            s.execute("CREATE OR REPLACE VIEW via_view AS SELECT * FROM my_events");
            s.execute("CREATE OR REPLACE MACRO my_rows() AS TABLE SELECT * FROM my." + db + ".events");
            s.execute("CREATE OR REPLACE MACRO my_count() AS (SELECT count(*) FROM my." + db + ".events)");
            s.execute("CREATE OR REPLACE SEQUENCE seq_notes");
            s.execute("CREATE OR REPLACE MACRO next_note() AS nextval('seq_notes')");
            s.execute("CREATE OR REPLACE VIEW lou_may_drop AS SELECT * FROM my." + db + ".events");
            s.execute("CALL sync_table('my', 'events', 'synced_events')");
            s.execute("CALL sync_table('pg', 'orders', 'synced_orders')");
        }
    }

    @AfterAll
    static void tearDown() throws SQLException {
        holder.close();
    }

    private static Connection open(String user, String password) throws Exception {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(federation.url("lockdown=false&audit_log=" + dir.resolve("audit.jsonl")), p);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static void assertHidden(Statement s, String sql, String catalog) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertTrue(e.getMessage().contains("Catalog \"" + catalog + "\" does not exist"), sql + ": " + e.getMessage());
        assertEquals("42000", e.getSQLState(), e.getMessage());
    }

    private static void assertRefused(Statement s, String sql, String... words) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), sql + ": " + e.getMessage());
        }
    }

    private static Set<String> column(ResultSet rs, int column) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (rs) {
            while (rs.next()) {
                values.add(rs.getString(column));
            }
        }
        return values;
    }

    @Test
    void loginsMapUsersToRolesAndRefuseUnknownUsersAndWrongPasswords() throws Exception {
        try (Connection c = open(null, null); Statement s = c.createStatement()) {
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers")); // default_role viewer
            assertTrue(c.isReadOnly(), "a role that may write nothing runs read-only");
        }
        for (String[] login : new String[][] {{"mallory", null}, {"ada", "wrong"}, {"ada", null}}) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> open(login[0], login[1]));
            assertEquals("28000", e.getSQLState(), e.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 900, "a refused login waits");
            assertFalse(e.getMessage().contains("boss") || e.getMessage().contains("viewer"), e.getMessage());
        }
        try (Connection c = open("ADA", ADMIN_PASSWORD)) {
            assertFalse(c.isReadOnly());
        }
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertTrue(audit.contains("\"user\":\"mallory\"") && audit.contains("\"kind\":\"login_failed\""), audit);
        assertFalse(audit.contains(ADMIN_PASSWORD), "no password in the audit log");
    }

    @Test
    void aViewerReadsItsSourcesAndLocalTablesAndNothingElseExists() throws Exception {
        try (Connection c = open("vera", null); Statement s = c.createStatement()) {
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
            assertEquals(900, count(s, "SELECT count(*) FROM lite.items"));
            assertEquals(1, count(s, "SELECT count(*) FROM local_notes"));
            // the source it does not see, in every spelling
            assertHidden(s, "SELECT count(*) FROM my." + db + ".events", "my");
            assertHidden(s, "SELECT count(*) FROM \"MY\".\"" + db + "\".events", "my");
            assertHidden(s, "SELECT count(*) FROM my /* x */ . " + db + " . events", "my");
            assertHidden(s, "SELECT * FROM mysql_query('my', 'SELECT 1')", "my");
            assertHidden(s, "SELECT * FROM query('SELECT * FROM my." + db + ".events')", "my");
            assertHidden(s, "SELECT 1; SELECT count(*) FROM my." + db + ".events", "my");
            assertHidden(s, "USE my", "my");
            // through the admin's views and macros
            assertHidden(s, "SELECT count(*) FROM my_events", "my");
            assertHidden(s, "SELECT count(*) FROM via_view", "my");
            assertHidden(s, "SELECT count(*) FROM my_rows()", "my");
            assertHidden(s, "SELECT my_count()", "my");
            // DuckDB's own listings name every catalog
            assertRefused(s, "SELECT * FROM duckdb_tables()", "vera".isEmpty() ? "" : "viewer", "duckdb_tables()");
            assertRefused(s, "SELECT * FROM information_schema.tables", "viewer");
            assertRefused(s, "SHOW ALL TABLES", "viewer");
            assertRefused(s, "SELECT * FROM duckdb_databases()", "viewer");
            // writes: the role may write nothing, so DuckDB's read-only transactions refuse them too
            SQLException write = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE mine (id int)"));
            assertTrue(Set.of("25006", "42501").contains(write.getSQLState()), write.getMessage());
            // errors do not suggest names of other catalogs
            SQLException typo = assertThrows(SQLException.class, () -> s.execute("SELECT * FROM event"));
            assertFalse(typo.getMessage().contains("Did you mean"), typo.getMessage());
            // prepared statements are checked too
            assertThrows(SQLException.class, () -> c.prepareStatement("SELECT * FROM my." + db + ".events").executeQuery());
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg.public.customers WHERE id > ?")) {
                ps.setInt(1, 10);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(Seed.CUSTOMERS - 10, rs.getLong(1));
                }
            }
            // the table functions show only its own connections
            assertEquals(Set.of("lite", "pg"), column(s.executeQuery("SELECT name FROM list_database_connections()"), 1));
            SQLException unknown = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM list_remote_tables('my')").close());
            assertTrue(unknown.getMessage().contains("unknown connection 'my'; known connections: lite, pg"),
                    unknown.getMessage());
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM describe_remote_table('my', 'events')")
                    .close());
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM remote_table_sample('my', 'events')")
                    .close());
            // the admin synced from my and from pg: only pg's runs exist for this role
            assertEquals(Set.of("pg"), column(s.executeQuery("SELECT connection_name FROM sync_status()"), 1));
            // and so does DatabaseMetaData
            DatabaseMetaData md = c.getMetaData();
            Set<String> catalogs = column(md.getCatalogs(), 1);
            assertTrue(catalogs.contains("pg") && catalogs.contains("lite") && !catalogs.contains("my"), catalogs.toString());
            assertFalse(column(md.getTables(null, null, "%", null), 1).contains("my"));
            assertTrue(column(md.getTables(null, null, "events", null), 3).isEmpty());
            assertTrue(column(md.getColumns("my", null, "events", null), 4).isEmpty());
            assertTrue(column(md.getSchemas("my", null), 1).isEmpty());
        }
    }

    @Test
    void aWriterWritesWhereItMayAndIsRefusedElsewhere() throws Exception {
        try (Connection c = open("walt", null); Statement s = c.createStatement()) {
            assertFalse(c.isReadOnly());
            // write_remote on my: a round trip of one row
            s.execute("INSERT INTO my." + db + ".events VALUES (99001, 1, 'view', TIMESTAMP '2024-01-01 00:00:00')");
            assertEquals(1, count(s, "SELECT count(*) FROM my." + db + ".events WHERE id = 99001"));
            s.execute("DELETE FROM my." + db + ".events WHERE id = 99001");
            s.execute("CALL mysql_execute('my', 'DELETE FROM events WHERE id = 99002')");
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM postgres_query('pg', 'SELECT * FROM customers')"));
            assertRefused(s, "CALL postgres_execute('pg', 'SELECT 1')", "pg"); // pg is a read-only source
            // write_local
            s.execute("CREATE OR REPLACE TABLE walt_copy AS SELECT * FROM pg.public.customers");
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM walt_copy"));
            // no write_remote on pg (nor on lite)
            assertRefused(s, "INSERT INTO pg.public.customers VALUES (999, 'x', 'DE')", "writer", "write_remote",
                    "connection 'pg'");
            assertRefused(s, "DELETE FROM lite.items WHERE id = 1", "writer", "write_remote", "'lite'");
            // a batch that hides the refused write after an allowed one is refused whole
            s.addBatch("DELETE FROM walt_copy WHERE id = 1");
            s.addBatch("UPDATE pg.public.customers SET name = 'x' WHERE id = 1");
            assertThrows(SQLException.class, s::executeBatch);
            // sync on pg, not on lite
            s.execute("CALL sync_table('pg', 'customers', 'synced_customers')");
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM synced_customers"));
            assertRefused(s, "CALL sync_table('lite', 'items', 'synced_items')", "writer", "sync", "lite");
            // no connect privilege
            assertRefused(s, "CALL connect_database('late', 'sqlite', file_path := '" + dir.resolve("late.db") + "')",
                    "writer", "connect");
        }
    }

    @Test
    void aRoleWithoutLocalPrivilegesSeesNoLocalTables() throws Exception {
        try (Connection c = open("bea", null); Statement s = c.createStatement()) {
            assertEquals(1500, count(s, "SELECT count(*) FROM my." + db + ".events"));
            assertRefused(s, "SELECT * FROM local_notes", "blind", "select", "local tables");
            assertRefused(s, "SELECT * FROM memory.main.local_notes", "blind");
            assertRefused(s, "CALL mysql_execute('my', 'DELETE FROM events WHERE id = 99003')", "blind", "write_remote");
            assertRefused(s, "DELETE FROM my." + db + ".events WHERE id = 99003", "blind", "write_remote");
            assertHidden(s, "SELECT count(*) FROM pg.public.customers", "pg");
            assertHidden(s, "SELECT * FROM lite.items", "lite");
            assertEquals(Set.of("my"), column(c.getMetaData().getCatalogs(), 1));
        }
    }

    @Test
    void theAdminMayDoEverythingAndTheAuditNamesRolesAndSensitiveReads() throws Exception {
        Path audit = dir.resolve("sensitive.jsonl");
        Properties p = new Properties();
        p.setProperty("user", "vera");
        try (Connection c = DriverManager.getConnection(federation.url("lockdown=false&audit_level=sensitive&audit_log="
                + audit), p); Statement s = c.createStatement()) {
            count(s, "SELECT count(*) FROM pg.public.customers");
            count(s, "SELECT count(*) FROM pg.public.orders");
            count(s, "SELECT count(*) FROM pg.customers /* two parts */");
            c.setCatalog("pg");
            count(s, "SELECT count(*) FROM customers /* the current catalog */");
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(audit));
        assertTrue(lines.stream().anyMatch(l -> l.contains("pg.public.customers") && l.contains("\"role\":\"viewer\"")
                && l.contains("\"sensitive_read\":true")), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains("pg.public.orders")), "plain reads stay out at sensitive");
        for (String spelling : List.of("two parts", "the current catalog")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(spelling) && l.contains("\"sensitive_read\":true")),
                    spelling + ": " + String.join("\n", lines));
        }
        try (Connection c = open("ada", ADMIN_PASSWORD); Statement s = c.createStatement()) {
            assertTrue(count(s, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'my'") > 0);
            assertEquals(1500, count(s, "SELECT count(*) FROM my_events"));
        }
    }

    /** The ways round the rules a review found, each closed. */
    @Test
    void searchPathsComputedNamesCopiesAndCatalogViewsDoNotReachWhatARoleMayNotSee() throws Exception {
        try (Connection c = open("vera", null); Statement s = c.createStatement()) {
            assertHidden(s, "SET search_path = 'memory.main,my'", "my");
            assertHidden(s, "SET search_path = \"memory.main,my." + db + "\"", "my");
            assertRefused(s, "SHOW TABLES FROM my", "viewer");
            for (String listing : List.of("SELECT * FROM duckdb_tables", "TABLE duckdb_views",
                    "SELECT * FROM pg_tables", "SELECT * FROM pg_class", "PRAGMA show_databases",
                    "SET search_path = 'system.information_schema'", "SELECT pg_get_viewdef(1)")) {
                assertRefused(s, listing, "viewer");
            }
            assertThrows(SQLException.class, () -> c.setCatalog("my"));
            assertEquals(1, count(s, "SELECT 1"), "a refused setCatalog leaves the connection usable");
        }
        try (Connection c = open("lou", null); Statement s = c.createStatement()) {
            assertHidden(s, "SET search_path = 'memory.main,my'", "my");
            assertHidden(s, "COPY FROM DATABASE lite TO memory", "lite");
            assertRefused(s, "SELECT * FROM sqlite_query('li' || 'te', 'SELECT 1')", "string constant");
            assertRefused(s, "SELECT * FROM mysql_query(lower('MY'), 'SELECT 1')", "string constant");
            assertRefused(s, "SET VARIABLE v = 'my'; SET search_path = getvariable('v')", "written out");
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> c.prepareStatement("SELECT * FROM sqlite_query(?, 'SELECT 1')")).getSQLState());
            assertTrue(count(s, "SELECT nextval('seq_notes')") > 0, "write_local may advance a local sequence");
        }
        try (Connection c = open("max", null); Statement s = c.createStatement()) {
            s.execute("SET search_path = 'memory.main,my." + db + "'");
            assertEquals(1500, count(s, "SELECT count(*) FROM events"), "select on my: reading is fine");
            assertRefused(s, "INSERT INTO events VALUES (99004, 1, 'view', TIMESTAMP '2024-01-01 00:00:00')",
                    "write_remote", "'my'");
            assertRefused(s, "TRUNCATE events", "write_remote");
        }
        try (Connection c = open("ray", null); Statement s = c.createStatement()) {
            s.execute("SET search_path = 'my." + db + ",memory.main'");
            assertRefused(s, "INSERT INTO local_notes VALUES (3, 'x')", "write_local");
            assertRefused(s, "DROP MACRO my_rows", "write_local");
            assertRefused(s, "SELECT nextval('seq_notes')", "write_local");
        }
        try (Connection c = open("cam", null); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("CALL disconnect_database('zzz')"));
            assertTrue(e.getMessage().contains("known connections: pg") && !e.getMessage().contains("lite"),
                    e.getMessage());
            SQLException refresh = assertThrows(SQLException.class, () -> s.execute("CALL refresh_database('my')"));
            assertTrue(refresh.getMessage().contains("unknown connection 'my'; known connections: pg"),
                    refresh.getMessage());
        }
        // the second review's findings
        try (Connection c = open("max", null); Statement s = c.createStatement()) {
            // my is attached writable: a query there can write (MySQL DDL commits by itself)
            assertRefused(s, "SELECT * FROM mysql_query('my', 'CREATE TABLE atk_x (a INT)')", "write_remote");
            assertRefused(s, "SELECT json_serialize_plan('SELECT * FROM lite.items')", "json_serialize_plan");
            assertRefused(s, "PREPARE p AS SELECT 1", "PREPARE");
        }
        try (Connection c = open("ray", null); Statement s = c.createStatement()) {
            s.execute("USE my");
            assertRefused(s, "DROP MACRO TABLE memory.main.my_rows", "write_local");
            assertRefused(s, "SELECT * FROM force_checkpoint('memory')", "write_local");
        }
        try (Connection c = open("bea", null); Statement s = c.createStatement()) {
            assertRefused(s, "SELECT currval('seq_notes')", "blind");
            assertRefused(s, "SELECT * FROM my_rows()", "blind");
            assertHidden(s, "PRAGMA search_path = 'pg'", "pg");
            s.execute("SET errors_as_json = true");
            SQLException json = assertThrows(SQLException.class, () -> s.execute("SELECT * FROM my." + db + ".event"));
            assertTrue(json.getMessage().contains("event") && json.getMessage().endsWith("}"), json.getMessage());
            assertFalse(json.getMessage().contains("Did you mean") || json.getMessage().contains("candidates"),
                    json.getMessage());
        }
        // the third review's findings
        try (Connection c = open("lou", null); Statement s = c.createStatement()) {
            // a USE earlier in the same text decides where the next statement writes
            assertRefused(s, "USE pg.public; CREATE TABLE lou_new AS SELECT 1 AS a", "write_remote", "'pg'");
            assertRefused(s, "SET search_path = 'pg.public'; INSERT INTO customers VALUES (998, 'x', 'DE')",
                    "write_remote");
            for (String listing : List.of("SELECT * FROM (SHOW ALL TABLES)", "SELECT * FROM (SHOW DATABASES)",
                    "FROM (SHOW ALL TABLES) SELECT *", "SELECT * FROM (DESCRIBE)", "SHOW TABLES FROM main")) {
                assertRefused(s, listing, "lw");
            }
        }
        try (Connection c = open("bea", null); Statement s = c.createStatement()) {
            assertRefused(s, "SHOW TABLES", "blind");
        }

        try (Connection c = open("max", null); Statement s = c.createStatement()) {
            // the SET ran, the text failed after it: the search path it set still counts
            assertThrows(SQLException.class, () -> s.execute("SET search_path = 'memory.main,my." + db + "';"
                    + " SELECT error('stop here')"));
            assertRefused(s, "DELETE FROM events WHERE id = 99005", "write_remote", "'my'");
        }
        try (Connection c = open("cam", null); Statement s = c.createStatement()) {
            // the SQLite file of a connection cam does not see, attached again under a name of its own
            assertRefused(s, "CALL connect_database('cam_lite', 'sqlite', file_path := '" + dir.resolve("lite.db")
                    + "')", "may not attach");
        }
        // the fourth review's findings
        try (Connection c = open("lou", null); Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            // a view over a source lou does not see: its columns are that source's, so it is not listed
            assertTrue(column(md.getTables("memory", null, "my_events", null), 3).isEmpty());
            assertTrue(column(md.getColumns("memory", null, "my_events", null), 4).isEmpty());
            assertEquals(Set.of("body", "id"), column(md.getColumns("memory", null, "local_notes", null), 4));
            // dropping an admin's view is a local write, not a read through it
            s.execute("DROP VIEW lou_may_drop");
        }
        try (Connection c = open("ray", null); Statement s = c.createStatement()) {
            assertRefused(s, "SELECT next_note()", "write_local"); // nextval inside an admin's macro
        }
        // the fifth review's findings
        try (Connection c = open("lou", null); Statement s = c.createStatement()) {
            // the temp tables behind the table functions decide what they read; the sync state names every source
            assertRefused(s, "INSERT INTO temp.main.fedduck_remote_table_sample_sources BY NAME SELECT 'my' AS name",
                    "FedDuck's own state");
            assertRefused(s, "SELECT * FROM fedduck.sync_runs", "FedDuck's own state");
            // a renamed view goes on reading what it read
            assertHidden(s, "ALTER VIEW my_events RENAME TO lou_r1; SELECT * FROM lou_r1", "my");
        }
        try (Connection c = open("walt", null); Statement s = c.createStatement()) {
            // sync needs write_local beside sync: walt holds both on pg; vera's read-only role holds neither
            s.execute("CALL sync_table('pg', 'orders', 'walt_orders')");
        }
        try (Connection c = open("ray", null); Statement s = c.createStatement()) {
            assertRefused(s, "CALL sync_table('my', 'events', 'ray_events')", "rw", "write_local");
        }
    }

    /** A federation stays up while a connection holds it; a changed file's rules apply to the next logins. */
    @Test
    void aChangedConnectionsFileAppliesToTheNextLogin(@TempDir Path own) throws Exception {
        TestFederation f = new TestFederation(own).sqlite("lite", dir.resolve("lite.db"), "")
                .topLevel("access:\n  roles:\n    reader: {connections: {lite: [select]}}\n  users:\n    una: reader\n");
        Properties una = new Properties();
        una.setProperty("user", "una");
        try (Connection holder = DriverManager.getConnection(f.url("lockdown=false"), una);
             Statement s = holder.createStatement()) {
            assertEquals(900, count(s, "SELECT count(*) FROM lite.items"));
            f.topLevel("access:\n  roles:\n    nobody: {local: [select]}\n  users:\n    una: nobody\n");
            try (Connection next = DriverManager.getConnection(f.url("lockdown=false"), una);
                 Statement n = next.createStatement()) {
                assertHidden(n, "SELECT count(*) FROM lite.items", "lite"); // revoked for the next login
            }
            f.topLevel("access:\n  roles:\n    nobody: {local: [select]}\n  users:\n    ann: nobody\n");
            assertEquals("28000", assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(f.url("lockdown=false"), una)).getSQLState(), "una removed");
        }
    }
}
