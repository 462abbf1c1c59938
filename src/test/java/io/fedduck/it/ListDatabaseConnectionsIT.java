package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list_database_connections() reports every configured source with its live state, as SQL. */
class ListDatabaseConnectionsIT {
    @TempDir
    Path dir;

    private static Map<String, String> rows(ResultSet rs) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        while (rs.next()) {
            rows.put(rs.getString("name"), rs.getString("type") + "|" + rs.getString("status") + "|"
                    + rs.getObject("table_count") + "|" + rs.getBoolean("read_only") + "|" + rs.getString("origin")
                    + "|" + (rs.getString("error_message") == null ? "" : "error"));
        }
        return rows;
    }

    @Test
    void listsEverySourceWithStatusTableCountAndErrorAndComposesWithSql() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Path sqlite = dir.resolve("items.sqlite");
        Seed.sqlite(sqlite);
        String password = RemoteDatabases.postgres().password();
        TestFederation f = new TestFederation(dir)
                .postgres("shop_pg", RemoteDatabases.postgres(), "")
                .sqlite("stock_sqlite", sqlite, "")
                .source("gone_my", "type: mysql\nhost: 127.0.0.1\nport: 1\ndatabase: x\nusername: u\npassword: '"
                        + password + "'\noptions:\n  connection_timeout: 2\n");
        try (Connection c = f.open("read_only=true"); Statement s = c.createStatement()) {
            Map<String, String> all;
            try (ResultSet rs = s.executeQuery("SELECT * FROM list_database_connections() ORDER BY name")) {
                all = rows(rs);
            }
            assertEquals(3, all.size(), all.toString());
            assertTrue(all.get("shop_pg").startsWith("postgres|connected|"), all.toString());
            assertTrue(all.get("stock_sqlite").startsWith("sqlite|connected|1|true|config|"), all.toString());
            assertEquals("mysql|error|null|true|config|error", all.get("gone_my"));
            try (ResultSet rs = s.executeQuery("SELECT error_message FROM list_database_connections() WHERE name = 'gone_my'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("gone_my"), rs.getString(1));
                assertFalse(rs.getString(1).contains(password), "no password in error_message");
            }
            // CALL gives the same rows, also on a read-only connection.
            try (ResultSet rs = s.executeQuery("CALL list_database_connections()")) {
                assertEquals(all.keySet(), new java.util.TreeSet<>(rows(rs).keySet()));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM list_database_connections() WHERE status = ?")) {
                ps.setString(1, "connected");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT last_used FROM list_database_connections() WHERE name = 'shop_pg'")) {
                assertTrue(rs.next());
                assertNull(rs.getObject(1), "not used yet");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM shop_pg.public.customers")) {
                assertTrue(rs.next());
            }
            try (ResultSet rs = s.executeQuery("SELECT last_used, host, port, database FROM list_database_connections()"
                    + " WHERE name = 'shop_pg'")) {
                assertTrue(rs.next());
                assertNotNull(rs.getObject(1), "stamped by the query above");
                assertEquals(RemoteDatabases.postgres().host(), rs.getString(2));
                assertEquals(RemoteDatabases.postgres().port(), rs.getInt(3));
                assertEquals(RemoteDatabases.postgres().database(), rs.getString(4));
            }
        }
    }
}
