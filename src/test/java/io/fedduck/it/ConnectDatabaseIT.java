package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connect_database, disconnect_database and refresh_database on real PostgreSQL, MariaDB and SQLite
 * sources: argument binding (positional, named, {@code ?}), the result row, visibility from other
 * connections, bad input, failed connects that leave nothing behind, read-only refusal, and no password in
 * any error, log or audit line.
 */
class ConnectDatabaseIT {
    private static final String CONNECT_PG = "CALL connect_database(?, 'postgres', host := ?, port := ?,"
            + " database := ?, username := ?, password := ?)";

    @TempDir
    static Path dir;
    private static Path sqlite;

    @BeforeAll
    static void createSourceObjects() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS public.cdb_items, public.cdb_late");
            s.execute("CREATE TABLE public.cdb_items (id int PRIMARY KEY, label text)");
            s.execute("INSERT INTO public.cdb_items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS cdb_items");
            s.execute("CREATE TABLE cdb_items (id int PRIMARY KEY, label varchar(10))");
            s.execute("INSERT INTO cdb_items VALUES (1, 'a'), (2, 'b')");
        }
        sqlite = dir.resolve("cdb.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cdb_items (id INTEGER PRIMARY KEY, label TEXT)");
            s.execute("INSERT INTO cdb_items VALUES (1, 'a')");
        }
    }

    @AfterAll
    static void dropSourceObjects() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS public.cdb_items, public.cdb_late");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS cdb_items");
        }
    }

    /** A federation of its own per test (its own config folder) with one configured SQLite source. */
    private static TestFederation federation(Path folder) {
        return new TestFederation(folder).sqlite("cfg_lite", sqlite, "");
    }

    private static PreparedStatement connectPostgres(Connection c, String name, String password) throws SQLException {
        RemoteDatabases.Server pg = RemoteDatabases.postgres();
        PreparedStatement ps = c.prepareStatement(CONNECT_PG);
        ps.setString(1, name);
        ps.setString(2, pg.host());
        ps.setInt(3, pg.port());
        ps.setString(4, pg.database());
        ps.setString(5, pg.user());
        ps.setString(6, password);
        return ps;
    }

    private static List<String> row(ResultSet rs) throws SQLException {
        assertTrue(rs.next(), "one result row");
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getString(i));
        }
        assertFalse(rs.next(), "only one result row");
        return row;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static String origin(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT origin FROM list_database_connections() WHERE name = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void assertNothingLeft(Statement s, String name) throws SQLException {
        assertEquals(0, count(s, "SELECT count(*) FROM duckdb_databases() WHERE lower(database_name) = '" + name + "'"),
                "no catalog " + name);
        assertEquals(0, count(s, "SELECT count(*) FROM duckdb_secrets() WHERE name = 'fedduck_" + name + "'"),
                "no secret for " + name);
        assertEquals(0, count(s, "SELECT count(*) FROM list_database_connections() WHERE lower(name) = '" + name + "'"),
                "no state for " + name);
    }

    @Test
    void postgresWithPlaceholdersIsSharedListedAndDisconnected(@TempDir Path folder) throws Exception {
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false"); Connection other = f.open("lockdown=false&read_only=true");
             Statement o = other.createStatement()) {
            try (PreparedStatement ps = connectPostgres(c, "pg_one", RemoteDatabases.postgres().password());
                 ResultSet rs = ps.executeQuery()) {
                assertEquals(List.of("name", "type", "status", "table_count", "message"), List.of(
                        rs.getMetaData().getColumnName(1), rs.getMetaData().getColumnName(2),
                        rs.getMetaData().getColumnName(3), rs.getMetaData().getColumnName(4),
                        rs.getMetaData().getColumnName(5)));
                List<String> row = row(rs);
                assertEquals("pg_one", row.get(0));
                assertEquals("postgres", row.get(1));
                assertEquals("connected", row.get(2));
                assertTrue(Long.parseLong(row.get(3)) >= 1, row.toString());
                assertTrue(row.get(4).startsWith("attached postgres at "), row.get(4));
            }
            // Another JDBC connection of the same federation sees the catalog.
            assertEquals(3, count(o, "SELECT count(*) FROM pg_one.public.cdb_items"));
            assertEquals("session", origin(o, "pg_one"));
            assertEquals("config", origin(o, "cfg_lite"));
            try (ResultSet rs = o.executeQuery("SELECT status, table_count > 0 FROM list_database_connections()"
                    + " WHERE name = 'pg_one'")) {
                assertTrue(rs.next());
                assertEquals("connected", rs.getString(1));
                assertTrue(rs.getBoolean(2));
            }
            // Table functions know the new source.
            assertEquals(1, count(o, "SELECT count(*) FROM list_remote_tables('pg_one', 'public', 'cdb_items')"));

            // The name is taken, whatever its case.
            try (PreparedStatement again = connectPostgres(c, "PG_ONE", RemoteDatabases.postgres().password())) {
                SQLException e = assertThrows(SQLException.class, again::executeQuery);
                assertEquals("42710", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("existing connections: cfg_lite, pg_one"), e.getMessage());
            }
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(
                        "CALL connect_database('CFG_LITE', 'sqlite', file_path := 'no/such/file.sqlite')"));
                assertEquals("42710", e.getSQLState(), e.getMessage());

                // disconnect_database: no catalog, no secret, no state.
                try (ResultSet rs = s.executeQuery("CALL disconnect_database('pg_one')")) {
                    List<String> row = row(rs);
                    assertEquals(List.of("pg_one", "postgres", "disconnected"), row.subList(0, 3));
                }
                assertNothingLeft(o, "pg_one");
                SQLException gone = assertThrows(SQLException.class,
                        () -> s.executeQuery("CALL disconnect_database('pg_one')"));
                assertEquals("42704", gone.getSQLState());
                assertTrue(gone.getMessage().contains("known connections: cfg_lite"), gone.getMessage());
                // ... and the name is free again.
                try (PreparedStatement ps = connectPostgres(c, "pg_one", RemoteDatabases.postgres().password())) {
                    assertTrue(ps.execute());
                    assertEquals("connected", row(ps.getResultSet()).get(2));
                }
                assertEquals(3, count(o, "SELECT count(*) FROM pg_one.public.cdb_items"));
            }
        }
    }

    @Test
    void positionalAndNamedArgumentsAllAsPlaceholders(@TempDir Path folder) throws Exception {
        RemoteDatabases.Server my = RemoteDatabases.mysql();
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false"); Connection other = f.open("lockdown=false"); Statement o = other.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement("CALL connect_database(?, ?, password := ?, host := ?,"
                    + " port := ?, database := ?, username := ?, read_only := ?, connection_timeout := ?,"
                    + " compress := ?)")) {
                ps.setString(1, "my_one");
                ps.setString(2, "mysql");
                ps.setString(3, my.password());
                ps.setString(4, my.host());
                ps.setInt(5, my.port());
                ps.setString(6, my.database());
                ps.setString(7, my.user());
                ps.setBoolean(8, true);
                ps.setInt(9, 10);
                ps.setBoolean(10, true);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> row = row(rs);
                    assertEquals(List.of("my_one", "mysql", "connected"), row.subList(0, 3));
                }
            }
            assertEquals(2, count(o, "SELECT count(*) FROM my_one." + my.database() + ".cdb_items"));
            try (ResultSet rs = o.executeQuery("SELECT * FROM mysql_query('my_one',"
                    + " 'SHOW SESSION STATUS LIKE ''Compression''')")) {
                assertTrue(rs.next());
                assertEquals("ON", rs.getString(2), "compress := true reaches the MySQL session");
            }
            assertEquals("session", origin(o, "my_one"));
            try (ResultSet rs = o.executeQuery("SELECT read_only, host, port FROM list_database_connections()"
                    + " WHERE name = 'my_one'")) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1));
                assertEquals(my.host(), rs.getString(2));
                assertEquals(my.port(), rs.getInt(3));
            }
            // SQLite through a plain Statement, positional and named constants.
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("CALL connect_database('lite_one', 'sqlite', file_path := '"
                         + sqlite + "')")) {
                List<String> row = row(rs);
                assertEquals(List.of("lite_one", "sqlite", "connected", "1"), row.subList(0, 4));
                assertTrue(row.get(4).contains(sqlite.toString()), row.get(4));
            }
            assertEquals(1, count(o, "SELECT count(*) FROM lite_one.main.cdb_items"));
            try (Statement s = c.createStatement()) {
                assertTrue(s.execute("CALL disconnect_database('LITE_ONE')"));
                assertNothingLeft(o, "lite_one");
                assertTrue(s.execute("CALL disconnect_database('my_one')"));
                assertNothingLeft(o, "my_one");
            }
        }
    }

    @Test
    void badParametersAreRefusedWithTheConnectionsFileMessages(@TempDir Path folder) throws Exception {
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false"); Statement s = c.createStatement()) {
            SQLException port = assertThrows(SQLException.class, () -> s.execute("CALL connect_database('bad_port',"
                    + " 'postgres', host := 'localhost', database := 'd', port := 70000)"));
            assertEquals("22023", port.getSQLState(), port.getMessage());
            assertTrue(port.getMessage().contains("bad_port") && port.getMessage().contains("port"), port.getMessage());
            assertTrue(port.getMessage().contains("70000") || port.getMessage().contains("65535"), port.getMessage());

            SQLException type = assertThrows(SQLException.class,
                    () -> s.execute("CALL connect_database('bad_type', 'oracle', host := 'localhost')"));
            assertEquals("22023", type.getSQLState(), type.getMessage());
            assertTrue(type.getMessage().contains("type") && type.getMessage().contains("postgres"), type.getMessage());

            SQLException host = assertThrows(SQLException.class,
                    () -> s.execute("CALL connect_database('no_host', 'postgres', database := 'd')"));
            assertEquals("22023", host.getSQLState(), host.getMessage());
            assertTrue(host.getMessage().contains("host"), host.getMessage());

            SQLException nullName = assertThrows(SQLException.class,
                    () -> s.execute("CALL connect_database(NULL, 'sqlite', file_path := 'x.sqlite')"));
            assertEquals("22023", nullName.getSQLState(), nullName.getMessage());

            // A wrong argument name shows the signature, for a Statement and for a PreparedStatement.
            SQLException name = assertThrows(SQLException.class,
                    () -> s.execute("CALL connect_database('x', 'postgres', hostname := 'h')"));
            assertEquals("42000", name.getSQLState(), name.getMessage());
            assertTrue(name.getMessage().contains("connect_database(connection_name, database_type, host := NULL,"
                    + " port := NULL"), name.getMessage());
            SQLException prepared = assertThrows(SQLException.class,
                    () -> c.prepareStatement("CALL connect_database(?, ?, hostname := ?)"));
            assertEquals("42000", prepared.getSQLState(), prepared.getMessage());
            assertTrue(prepared.getMessage().contains("connect_database(connection_name, database_type"),
                    prepared.getMessage());
            SQLException tooMany = assertThrows(SQLException.class,
                    () -> s.execute("CALL refresh_database('a', 'b')"));
            assertTrue(tooMany.getMessage().contains("refresh_database(connection_name)"), tooMany.getMessage());

            // Only as a statement of its own.
            SQLException select = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM disconnect_database('cfg_lite')"));
            assertEquals("42000", select.getSQLState(), select.getMessage());
            assertEquals("connected", origin(s, "cfg_lite") == null ? null : "connected");

            SQLException unknown = assertThrows(SQLException.class, () -> s.execute("CALL refresh_database('nope')"));
            assertEquals("42704", unknown.getSQLState());
            assertTrue(unknown.getMessage().contains("known connections: cfg_lite"), unknown.getMessage());
            for (String n : List.of("bad_port", "bad_type", "no_host", "x")) {
                assertNothingLeft(s, n);
            }
        }
    }

    @Test
    void readOnlyConnectionsCannotChangeTheFederation(@TempDir Path folder) throws Exception {
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false&read_only=true"); Statement s = c.createStatement()) {
            for (String sql : List.of("CALL connect_database('ro', 'sqlite', file_path := '" + sqlite + "')",
                    "CALL disconnect_database('cfg_lite')", "CALL refresh_database('cfg_lite')")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
                assertEquals("25006", e.getSQLState(), e.getMessage());
            }
            SQLException prepared = assertThrows(SQLException.class, () -> c.prepareStatement(CONNECT_PG));
            assertEquals("25006", prepared.getSQLState());
            assertNothingLeft(s, "ro");
            assertEquals(1, count(s, "SELECT count(*) FROM cfg_lite.main.cdb_items"));
        }
    }

    @Test
    void refreshMakesNewTablesVisibleAndReattachesAConfigSource(@TempDir Path folder) throws Exception {
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false"); Statement s = c.createStatement()) {
            try (PreparedStatement ps = connectPostgres(c, "pg_fresh", RemoteDatabases.postgres().password())) {
                ps.execute();
            }
            assertEquals(3, count(s, "SELECT count(*) FROM pg_fresh.public.cdb_items"));
            try (Connection admin = RemoteDatabases.postgres().admin(); Statement a = admin.createStatement()) {
                a.execute("CREATE TABLE public.cdb_late (id int, late_note text)");
            }
            try (ResultSet rs = s.executeQuery("CALL refresh_database('pg_fresh')")) {
                List<String> row = row(rs);
                assertEquals(List.of("pg_fresh", "postgres", "connected"), row.subList(0, 3));
                assertEquals("metadata cache cleared", row.get(4));
            }
            assertEquals(2, count(s, "SELECT count(*) FROM duckdb_columns() WHERE database_name = 'pg_fresh'"
                    + " AND table_name = 'cdb_late'"));
            assertEquals(2, count(s, "SELECT count(*) FROM describe_remote_table('pg_fresh', 'cdb_late')"
                    + " WHERE duckdb_type IS NOT NULL"));

            // A configured source: disconnect keeps it listed as disconnected; refresh attaches it again.
            try (ResultSet rs = s.executeQuery("CALL disconnect_database('cfg_lite')")) {
                assertEquals("disconnected", row(rs).get(2));
            }
            assertEquals(0, count(s, "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'cfg_lite'"));
            assertEquals("config", origin(s, "cfg_lite"));
            try (ResultSet rs = s.executeQuery("CALL refresh_database('cfg_lite')")) {
                List<String> row = row(rs);
                assertEquals("connected", row.get(2));
                assertTrue(row.get(4).startsWith("attached again"), row.get(4));
            }
            assertEquals(1, count(s, "SELECT count(*) FROM cfg_lite.main.cdb_items"));
        } finally {
            try (Connection admin = RemoteDatabases.postgres().admin(); Statement a = admin.createStatement()) {
                a.execute("DROP TABLE IF EXISTS public.cdb_late");
            }
        }
    }

    @Test
    void aFailedConnectLeavesNothingAndNoPasswordAnywhere(@TempDir Path folder) throws Exception {
        RemoteDatabases.Server pg = RemoteDatabases.postgres();
        RemoteDatabases.Server my = RemoteDatabases.mysql();
        String wrongPg = "WrongConnectPg-Marker-5821";
        String wrongMy = "WrongConnectMy-Marker-6932";
        String typed = "TypedPassword-Marker-1177";
        List<String> secrets = List.of(wrongPg, wrongMy, typed, pg.password(), my.password());
        StringBuilder everything = new StringBuilder();
        LogCapture logs = new LogCapture("io.fedduck");
        Path audit = folder.resolve("audit.jsonl");
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false&audit_log=" + audit); Statement s = c.createStatement()) {
            try (PreparedStatement ps = connectPostgres(c, "pg_wrong", wrongPg)) {
                SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                assertEquals("28000", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("pg_wrong"), e.getMessage());
                everything.append(e).append('\n');
            }
            assertNothingLeft(s, "pg_wrong");
            try (PreparedStatement ps = c.prepareStatement("CALL connect_database('my_wrong', 'mysql', host := ?,"
                    + " port := ?, database := ?, username := ?, password := ?)")) {
                ps.setString(1, my.host());
                ps.setInt(2, my.port());
                ps.setString(3, my.database());
                ps.setString(4, my.user());
                ps.setString(5, wrongMy);
                SQLException e = assertThrows(SQLException.class, ps::execute);
                assertEquals("28000", e.getSQLState(), e.getMessage());
                everything.append(e).append('\n');
            }
            assertNothingLeft(s, "my_wrong");
            // The password typed into the SQL text: the errors never quote the statement back.
            for (String sql : List.of(
                    "CALL connect_database('pg_typed', 'postgres', host := '" + pg.host() + "', port := " + pg.port()
                            + ", database := '" + pg.database() + "', username := '" + pg.user()
                            + "', password := '" + typed + "')",
                    "CALL connect_database('pg_typed', 'postgres', password := '" + typed + "', hostname := 'h')",
                    "CALL connect_database('pg_typed', 'postgres', password := '" + typed + "', port := 'x')",
                    "CALL connect_database('pg_typed', 'postgres', password := '" + typed + "',)")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
                everything.append(e).append('\n');
            }
            SQLException prepared = assertThrows(SQLException.class, () -> c.prepareStatement(
                    "CALL connect_database('pg_typed', 'postgres', password := '" + typed + "', hostname := 'h')"));
            assertTrue(prepared.getMessage().contains("The signature is CALL connect_database("), prepared.getMessage());
            everything.append(prepared).append('\n');
            assertNothingLeft(s, "pg_typed");
            // A working connect after the failures.
            try (PreparedStatement ps = connectPostgres(c, "pg_right", pg.password())) {
                assertEquals("connected", row(ps.executeQuery()).get(2));
            }
            // FedDuck drops a source's secret once it is attached: none is left to read or misuse.
            assertEquals(0, count(s, "SELECT count(*) FROM duckdb_secrets()"), "no secret outlives its attach");
        } finally {
            logs.close();
        }
        everything.append(logs.text());
        String auditText = Files.readString(audit);
        assertTrue(auditText.contains("pg_wrong") && auditText.contains("28000"), auditText);
        everything.append(auditText);
        String all = everything.toString();
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a password leaked:\n" + all.replace(secret, "<<LEAK>>"));
        }
    }

    @Test
    void underLockdownConnectDatabaseIsRefusedAndLeavesNothing(@TempDir Path folder) throws Exception {
        TestFederation f = federation(folder);
        try (Connection c = f.open(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> connectPostgres(c, "pg_locked", RemoteDatabases.postgres().password()).executeQuery());
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("lockdown"), e.getMessage());
            assertNothingLeft(s, "pg_locked");
            SQLException d = assertThrows(SQLException.class, () -> s.execute("CALL disconnect_database('cfg_lite')"));
            assertEquals("42501", d.getSQLState(), d.getMessage());
            assertEquals(1, count(s, "SELECT count(*) FROM cfg_lite.main.cdb_items"), "the configured source still works");
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeavesNothingAttached(@TempDir Path folder) throws Exception {
        Path notSqlite = folder.resolve("notes.txt");
        Files.writeString(notSqlite, "root:secret-line-that-must-not-be-quoted:19000:0:99999:7:::\n");
        TestFederation f = federation(folder);
        try (Connection c = f.open("lockdown=false"); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(
                    "CALL connect_database('not_lite', 'sqlite', file_path := '" + notSqlite + "')"));
            assertEquals("08001", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-line"), e.getMessage());
            assertNothingLeft(s, "not_lite");
            // the other sources and the catalog listing still work on every connection
            try (Connection other = f.open("lockdown=false"); Statement o = other.createStatement()) {
                assertTrue(count(o, "SELECT count(*) FROM list_database_connections()") >= 1);
                try (ResultSet rs = other.getMetaData().getTables(null, null, "%", null)) {
                    assertTrue(rs.next());
                }
            }
        }
    }
}
