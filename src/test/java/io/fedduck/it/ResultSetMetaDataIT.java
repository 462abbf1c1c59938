package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ResultSetMetaData names the table, schema and catalog of a simple select's columns (client contract
 * item 21) for a local table and a PostgreSQL, MariaDB and SQLite table, bare or qualified, with aliases and
 * {@code *}; anything else leaves them empty; and asking while the result streams does not cut it off.
 */
class ResultSetMetaDataIT {
    private static final int BIG_ROWS = 1_000_000;

    @TempDir
    static Path dir;
    private static String url;

    @BeforeAll
    static void tables() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS rsmd CASCADE");
            s.execute("CREATE SCHEMA rsmd");
            s.execute("CREATE TABLE rsmd.rsmd_items (id integer PRIMARY KEY, \"Name\" text, amount numeric(10,2))");
            s.execute("INSERT INTO rsmd.rsmd_items VALUES (1, 'a', 1.5), (2, 'b', 2)");
            s.execute("DROP TABLE IF EXISTS public.rsmd_pub");
            s.execute("CREATE TABLE public.rsmd_pub (id integer PRIMARY KEY, label text)");
            s.execute("CREATE TABLE rsmd.rsmd_big AS SELECT g AS id, md5(g::text) AS payload"
                    + " FROM generate_series(1, " + BIG_ROWS + ") g");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS rsmd_items");
            s.execute("CREATE TABLE rsmd_items (id int PRIMARY KEY, name varchar(20))");
            s.execute("INSERT INTO rsmd_items VALUES (1, 'a')");
        }
        Path sqlite = dir.resolve("rsmd.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rsmd_items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO rsmd_items VALUES (1, 'a')");
        }
        url = new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "").sqlite("lite", sqlite, "")
                .url(dir.resolve("rsmd_local.duckdb"), "");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rsmd_local (id INTEGER PRIMARY KEY, name VARCHAR, note VARCHAR)");
            s.execute("INSERT INTO rsmd_local VALUES (1, 'a', 'n')");
            s.execute("CREATE SCHEMA rsmd_other");
            s.execute("CREATE TABLE rsmd_other.rsmd_local (other INTEGER)");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS rsmd CASCADE");
            s.execute("DROP TABLE IF EXISTS public.rsmd_pub");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS rsmd_items");
        }
    }

    /** Per column: catalog.schema.table.column as label; "" parts when not named. */
    private static List<String> names(ResultSetMetaData md) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getCatalogName(i) + "." + md.getSchemaName(i) + "." + md.getTableName(i) + "."
                    + md.getColumnName(i) + " as " + md.getColumnLabel(i));
        }
        return names;
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return names(rs.getMetaData());
        }
    }

    @Test
    void aLocalTableIsNamedBareQualifiedAndThroughAliases() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            String cat = c.getCatalog();
            assertEquals("rsmd_local", cat);
            assertEquals(List.of(cat + ".main.rsmd_local.id as x", cat + ".main.rsmd_local.name as name"),
                    names(c, "SELECT id AS x, name FROM rsmd_local WHERE id > 0 ORDER BY id"));
            assertEquals(List.of(cat + ".main.rsmd_local.id as id", cat + ".main.rsmd_local.name as name",
                    cat + ".main.rsmd_local.note as note"), names(c, "SELECT * FROM main.rsmd_local"));
            assertEquals(List.of(cat + ".main.rsmd_local.id as id", cat + ".main.rsmd_local.note as note"),
                    names(c, "SELECT l.* EXCLUDE (name) FROM " + cat + ".main.rsmd_local AS l"));
            assertEquals(List.of(cat + ".main.rsmd_local.id as id"), names(c, "SELECT ID FROM RSMD_LOCAL"),
                    "names as stored, whatever the spelling");
            assertEquals(List.of(cat + ".rsmd_other.rsmd_local.other as other"),
                    names(c, "SELECT * FROM rsmd_other.rsmd_local"));
            try (Statement s = c.createStatement()) {
                s.execute("USE rsmd_other");
            }
            assertEquals(List.of(cat + ".rsmd_other.rsmd_local.other as o"), names(c, "SELECT other o FROM rsmd_local"),
                    "a bare name is resolved against the current schema");
        }
    }

    @Test
    void aPostgresTableIsNamedQualifiedPartlyQualifiedAndBare() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("pg.rsmd.rsmd_items.id as id", "pg.rsmd.rsmd_items.Name as Name",
                    "pg.rsmd.rsmd_items.amount as amount"), names(c, "SELECT * FROM pg.rsmd.rsmd_items"));
            assertEquals(List.of("pg.rsmd.rsmd_items.Name as n", "pg.rsmd.rsmd_items.id as id"),
                    names(c, "SELECT i.\"Name\" AS n, i.id FROM pg.rsmd.rsmd_items i WHERE id = 1"));
            assertEquals(List.of("pg.public.rsmd_pub.label as label"), names(c, "SELECT label FROM pg.rsmd_pub"),
                    "catalog.table is the source's default schema");
            c.setCatalog("pg");
            assertEquals(List.of("pg.public.rsmd_pub.id as id", "pg.public.rsmd_pub.label as label"),
                    names(c, "SELECT * FROM rsmd_pub"));
            assertEquals(List.of("pg.rsmd.rsmd_items.id as id"), names(c, "SELECT id FROM rsmd.rsmd_items"),
                    "schema.table in the current catalog");
        }
    }

    @Test
    void mariaDbAndSqliteTablesAreNamed() throws Exception {
        String db = RemoteDatabases.mysql().database();
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("my." + db + ".rsmd_items.id as id", "my." + db + ".rsmd_items.name as label"),
                    names(c, "SELECT id, name AS label FROM my.rsmd_items"));
            assertEquals(List.of("my." + db + ".rsmd_items.name as name"),
                    names(c, "SELECT name FROM my." + db + ".rsmd_items"));
            assertEquals(List.of("lite.main.rsmd_items.id as id", "lite.main.rsmd_items.name as name"),
                    names(c, "SELECT * FROM lite.rsmd_items"));
            assertEquals(List.of("lite.main.rsmd_items.name as n"), names(c, "SELECT t.name n FROM lite.main.rsmd_items t"));
        }
    }

    @Test
    void aPreparedStatementNamesItsColumnsBeforeItRuns() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT \"Name\" AS x FROM pg.rsmd.rsmd_items WHERE id = ?")) {
            assertEquals(List.of("pg.rsmd.rsmd_items.Name as x"), names(ps.getMetaData()));
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(List.of("pg.rsmd.rsmd_items.Name as x"), names(rs.getMetaData()));
                assertTrue(rs.next());
                assertEquals("a", rs.getString(1));
            }
        }
    }

    @Test
    void anythingButASimpleSelectLeavesTheNamesEmpty() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("...id as id", "...name as name"),
                    names(c, "SELECT a.id, b.name FROM rsmd_local a JOIN lite.rsmd_items b ON a.id = b.id"), "join");
            assertEquals(List.of("...(id + 1) as (id + 1)"), names(c, "SELECT id + 1 FROM rsmd_local"), "expression");
            assertEquals(List.of("...id as id", "...n as n"),
                    names(c, "SELECT id, count(*) AS n FROM pg.rsmd.rsmd_items GROUP BY id"), "aggregate");
            assertEquals(List.of("...id as id"), names(c, "WITH w AS (SELECT id FROM my.rsmd_items) SELECT id FROM w"), "CTE");
            assertEquals(List.of("...id as id"),
                    names(c, "SELECT id FROM rsmd_local UNION ALL SELECT id FROM lite.rsmd_items"), "set operation");
            assertEquals(List.of("...id as id"), names(c, "SELECT id FROM (SELECT id FROM rsmd_local)"), "subquery");
            assertEquals(List.of("...range as range"), names(c, "SELECT * FROM range(2)"), "table function");
            assertEquals(List.of("...id as id", "...upper(\"name\") as upper(\"name\")"),
                    names(c, "SELECT id, upper(name) FROM rsmd_local"), "one expression is enough");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE rsmd_temp (id INTEGER)");
            }
            assertEquals(List.of("...id as id"), names(c, "SELECT id FROM rsmd_temp"),
                    "a temp table is not visible to the lookup: not claimed");
        }
    }

    @Test
    void askingForNamesWhileTheResultStreamsLeavesItStreaming() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement prepared = c.prepareStatement("SELECT id FROM my.rsmd_items WHERE id = ?");
             Statement s = c.createStatement()) {
            s.setFetchSize(100);
            try (ResultSet rs = s.executeQuery("SELECT id, payload FROM pg.rsmd.rsmd_big")) {
                for (int i = 0; i < 100; i++) {
                    assertTrue(rs.next());
                }
                assertEquals(List.of("pg.rsmd.rsmd_big.id as id", "pg.rsmd.rsmd_big.payload as payload"),
                        names(rs.getMetaData()));
                assertEquals(List.of("my." + RemoteDatabases.mysql().database() + ".rsmd_items.id as id"),
                        names(prepared.getMetaData()));
                assertTrue(sendingBackends() > 0, "the result was read to its end to answer the names");
                long rows = 100;
                while (rs.next()) {
                    rows++;
                }
                assertEquals(BIG_ROWS, rows, "the streaming result lost or repeated rows");
            }
        }
    }

    /** FedDuck's PostgreSQL sessions that are sending rows of rsmd_big right now. */
    private static long sendingBackends() throws SQLException {
        try (Connection admin = RemoteDatabases.postgres().admin(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fedduck'"
                     + " AND state = 'active' AND query ILIKE '%rsmd_big%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
