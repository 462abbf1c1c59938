package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a federation attaches, shares and releases its sources, and how source options reach them. */
class FederationIT {
    @TempDir
    Path dir;

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static long fedduckBackends() throws SQLException {
        try (Connection pg = RemoteDatabases.postgres().admin()) {
            return single(pg, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fedduck'");
        }
    }

    private static long mysqlConnectionAttempts() throws SQLException {
        try (Connection my = RemoteDatabases.mysql().admin(); Statement s = my.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Connections'")) {
            assertTrue(rs.next());
            return rs.getLong(2);
        }
    }

    private static String warningsOf(Connection c) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (SQLWarning w = c.getWarnings(); w != null; w = w.getNextWarning()) {
            all.append(w.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void furtherConnectionsReuseTheAttachmentsAndTheLastCloseReleasesEveryRemoteConnection() throws Exception {
        TestFederation f = new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
        Connection first = f.open();
        assertEquals(1, single(first, "SELECT count(*) FROM pg.information_schema.schemata WHERE schema_name = 'public'"));
        long backends = fedduckBackends();
        long mysqlAttempts = mysqlConnectionAttempts();
        assertTrue(backends >= 1, "the attach holds a PostgreSQL connection");

        List<Connection> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(f.open());
        }
        assertEquals(backends, fedduckBackends(), "no new PostgreSQL connection for connections 2..5");
        // one connection of our own to read the counter, nothing from FedDuck
        assertEquals(mysqlAttempts + 1, mysqlConnectionAttempts(), "no MySQL handshake for connections 2..5");

        for (Connection c : more) {
            c.close();
        }
        assertTrue(fedduckBackends() >= 1, "still attached while one connection is open");
        first.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fedduckBackends() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, fedduckBackends(), "closing the last connection closes the PostgreSQL connections");
    }

    @Test
    void anUnreachableSourceIsAWarningAndTheOthersWork() throws Exception {
        TestFederation f = new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "")
                .source("gone_pg", "type: postgres\nhost: 127.0.0.1\nport: 1\ndatabase: x\nusername: u\n"
                        + "password: gone-secret\noptions:\n  connection_timeout: 2\n");
        try (Connection c = f.open()) {
            String warnings = warningsOf(c);
            assertTrue(warnings.contains("gone_pg"), warnings);
            assertEquals(1, single(c, "SELECT 1 FROM pg.information_schema.schemata WHERE schema_name = 'public'"));
            SQLException e = assertThrows(SQLException.class, () -> single(c, "SELECT count(*) FROM gone_pg.public.t"));
            // An outage, not a typo: class 08 and the source's own error (it was 42000 "Catalog does not exist").
            assertEquals("08001", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("source 'gone_pg' is unreachable"), e.getMessage());
            assertFalse(e.getMessage().contains("gone-secret"), e.getMessage());
        }
    }

    @Test
    void failFastMakesAnUnreachableSourceFailConnect() throws Exception {
        TestFederation f = new TestFederation(dir)
                .source("gone_pg", "type: postgres\nhost: 127.0.0.1\nport: 1\ndatabase: x\n");
        SQLException e = assertThrows(SQLException.class, () -> f.open("fail_fast=true"));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("gone_pg"), e.getMessage());
    }

    @Test
    void aSourceThatFailedIsAttachedOnALaterConnectOnceItWorks() throws Exception {
        RemoteDatabases.Server pg = RemoteDatabases.postgres();
        String db = "fedduck_late_" + System.nanoTime();
        TestFederation f = new TestFederation(dir).postgres("pg", pg, "")
                .source("late_pg", "type: postgres\nhost: " + pg.host() + "\nport: " + pg.port() + "\ndatabase: " + db
                        + "\nusername: " + pg.user() + "\npassword: '" + pg.password() + "'\n");
        try (Connection first = f.open("lockdown=false")) {
            assertTrue(warningsOf(first).contains("late_pg"));
            try (Connection admin = pg.admin(); Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            Thread.sleep(2500); // a failed source rests 2 s before a connect retries it
            try (Connection second = f.open("lockdown=false")) {
                assertEquals("", warningsOf(second));
                assertTrue(single(second, "SELECT count(*) FROM late_pg.information_schema.schemata") > 0);
            }
        } finally {
            try (Connection admin = pg.admin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    @Test
    void sourceQueryTimeoutIsEnforcedByThePostgresServer() throws Exception {
        TestFederation f = new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "options:\n  query_timeout: 1\n");
        try (Connection c = f.open()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> single(c, "SELECT count(*) FROM postgres_query('pg', 'SELECT pg_sleep(4)')"));
            assertTrue(e.getMessage().contains("statement timeout"), e.getMessage());
        }
    }

    @Test
    void sslModeReachesTheRemoteConnection() throws Exception {
        // The loopback test servers have no TLS, so requiring it must fail the attach.
        TestFederation f = new TestFederation(dir)
                .postgres("pg_tls", RemoteDatabases.postgres(), "ssl_mode: require\n")
                .mysql("my_tls", RemoteDatabases.mysql(), "ssl_mode: require\n")
                .postgres("pg_plain", RemoteDatabases.postgres(), "ssl_mode: disable\n");
        try (Connection c = f.open()) {
            String warnings = warningsOf(c);
            assertTrue(warnings.contains("pg_tls") && warnings.toLowerCase().contains("ssl"), warnings);
            assertTrue(warnings.contains("my_tls") && warnings.toLowerCase().contains("ssl"), warnings);
            assertTrue(!warnings.contains("pg_plain"), warnings);
        }
    }

    @Test
    void mysqlProtocolCompressionIsOffUnlessTheSourceAsksForIt() throws Exception {
        // DuckDB's mysql extension compresses by default; the server tells whether this session does.
        TestFederation f = new TestFederation(dir)
                .mysql("my_plain", RemoteDatabases.mysql(), "")
                .mysql("my_zlib", RemoteDatabases.mysql(), "options:\n  compress: true\n");
        try (Connection c = f.open(); Statement s = c.createStatement()) {
            assertEquals("OFF", sessionCompression(s, "my_plain"));
            assertEquals("ON", sessionCompression(s, "my_zlib"));
        }
    }

    private static String sessionCompression(Statement s, String catalog) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM mysql_query('" + catalog + "',"
                + " 'SHOW SESSION STATUS LIKE ''Compression''')")) {
            assertTrue(rs.next(), catalog);
            return rs.getString(2);
        }
    }

    @Test
    void underLockdownASourceThatFailedAtStartIsNotRetriedAndTheWarningSaysWhy() throws Exception {
        RemoteDatabases.Server pg = RemoteDatabases.postgres();
        TestFederation f = new TestFederation(dir).postgres("pg", pg, "")
                .source("gone_pg", "type: postgres\nhost: 127.0.0.1\nport: 1\ndatabase: x\noptions:\n  connection_timeout: 2\n");
        try (Connection first = f.open()) {
            assertTrue(warningsOf(first).contains("gone_pg"));
            Thread.sleep(2500); // past the retry interval: without lockdown the next connect would retry
            try (Connection second = f.open()) {
                String warnings = warningsOf(second);
                assertTrue(warnings.contains("gone_pg") && warnings.contains("lockdown"), warnings);
                assertEquals(1, single(second, "SELECT 1 FROM pg.information_schema.schemata WHERE schema_name = 'public'"));
            }
        }
    }

    @Test
    void connectionTimeoutBoundsTheWaitAndLaterConnectsDoNotPayItAgain() throws Exception {
        // Servers that accept TCP connections and never answer (black holes on loopback): only
        // connect_timeout ends the wait.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket silentMy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            TestFederation f = new TestFederation(dir)
                    .postgres("pg", RemoteDatabases.postgres(), "")
                    .source("silent_pg", "type: postgres\nhost: 127.0.0.1\nport: " + silent.getLocalPort()
                            + "\ndatabase: x\noptions:\n  connection_timeout: 2\n")
                    .source("blackhole_my", "type: mysql\nhost: 127.0.0.1\nport: " + silentMy.getLocalPort()
                            + "\ndatabase: x\noptions:\n  connection_timeout: 2\n");
            long start = System.nanoTime();
            try (Connection first = f.open()) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                String warnings = warningsOf(first);
                assertTrue(warnings.contains("silent_pg") && warnings.contains("blackhole_my"), warnings);
                assertTrue(seconds >= 1 && seconds < 15, "took " + seconds + " s");
                long again = System.nanoTime();
                try (Connection second = f.open()) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again);
                    assertTrue(millis < 1000, "the second connect waited " + millis + " ms");
                    assertTrue(warningsOf(second).contains("silent_pg"));
                    assertEquals(1, single(second, "SELECT 1 FROM pg.information_schema.schemata WHERE schema_name = 'public'"));
                }
            }
        }
    }

    @Test
    void writableSourceAcceptsWritesAndReadOnlyJdbcConnectionStillRefusesThem() throws Exception {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS notes");
            s.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
        }
        TestFederation f = new TestFederation(dir)
                .postgres("pg_rw", RemoteDatabases.postgres(), "options:\n  read_only: false\n");
        try (Connection c = f.open(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO pg_rw.public.notes VALUES (1, 'hello')"));
            c.setReadOnly(true);
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO pg_rw.public.notes VALUES (2, 'refused')"));
            assertEquals("25006", e.getSQLState());
        }
        try (Connection admin = RemoteDatabases.postgres().admin()) {
            assertEquals(1, single(admin, "SELECT count(*) FROM notes"));
        }
    }

    @Test
    void sqliteSourceIsReadOnlyByDefaultAndCreatedWhenAskedFor() throws Exception {
        Path existing = dir.resolve("existing.sqlite");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + existing);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items VALUES (1, 'one')");
        }
        Path created = dir.resolve("created.sqlite");
        TestFederation f = new TestFederation(dir)
                .sqlite("ro_files", existing, "")
                .sqlite("scratch", created, "options:\n  read_only: false\n  create_if_missing: true\n");
        try (Connection c = f.open(); Statement s = c.createStatement()) {
            assertEquals(1, single(c, "SELECT count(*) FROM ro_files.main.items"));
            assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO ro_files.main.items VALUES (2, 'two')"));
            s.execute("CREATE TABLE scratch.main.notes AS SELECT 42 AS answer");
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + created)) {
            assertEquals(42, single(c, "SELECT answer FROM notes"));
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + existing)) {
            assertEquals(1, single(c, "SELECT count(*) FROM items"));
        }
    }

    @Test
    void sqlCannotReuseFedDuckSecretsOrDetachASharedSource() throws Exception {
        TestFederation f = new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "");
        try (Connection c = f.open(); Statement s = c.createStatement(); Connection other = f.open()) {
            for (String attack : new String[] {
                "ATTACH 'host=127.0.0.1 port=1' AS evil (TYPE postgres, SECRET fedduck_pg)",
                "ATTACH '' AS pg_rw (TYPE postgres, SECRET fedduck_pg)",
                "DETACH pg",
                "DROP SECRET fedduck_pg",
                "SET enable_external_access = false"}) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(attack));
                assertEquals("42501", e.getSQLState(), attack);
            }
            assertEquals(1, single(other, "SELECT 1 FROM pg.information_schema.schemata WHERE schema_name = 'public'"));
        }
    }
}
