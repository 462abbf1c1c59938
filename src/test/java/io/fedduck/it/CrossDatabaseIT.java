package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One SQL statement over PostgreSQL, MySQL, SQLite and a local DuckDB table gives what the sources give. */
class CrossDatabaseIT {
    @TempDir
    static Path dir;
    static TestFederation federation;

    @BeforeAll
    static void seed() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
        Path sqlite = dir.resolve("items.sqlite");
        Seed.sqlite(sqlite);
        federation = new TestFederation(dir)
                .postgres("shop_pg", RemoteDatabases.postgres(), "")
                .mysql("web_mysql", RemoteDatabases.mysql(), "")
                .sqlite("stock_sqlite", sqlite, "");
    }

    /** Per customer: total of orders over 10 (PG), clicks (MySQL), quantity (SQLite), computed at each source. */
    private static Map<Integer, String> expectedPerCustomer() throws SQLException {
        Map<Integer, BigDecimal> totals = new TreeMap<>();
        Map<Integer, String> countries = new TreeMap<>();
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.id, c.country, sum(o.amount) FROM customers c JOIN orders o"
                     + " ON o.customer_id = c.id WHERE o.amount > 10 GROUP BY c.id, c.country")) {
            while (rs.next()) {
                totals.put(rs.getInt(1), rs.getBigDecimal(3));
                countries.put(rs.getInt(1), rs.getString(2));
            }
        }
        Map<Integer, Long> clicks = new TreeMap<>();
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT customer_id, count(*) FROM events WHERE kind = 'click' GROUP BY customer_id")) {
            while (rs.next()) {
                clicks.put(rs.getInt(1), rs.getLong(2));
            }
        }
        Map<Integer, Long> quantities = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("items.sqlite"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT customer_id, sum(qty) FROM items GROUP BY customer_id")) {
            while (rs.next()) {
                quantities.put(rs.getInt(1), rs.getLong(2));
            }
        }
        Map<Integer, String> expected = new TreeMap<>();
        for (int id : totals.keySet()) {
            String region = Seed.region(countries.get(id));
            if (clicks.containsKey(id) && quantities.containsKey(id) && !region.equals("Asia")) {
                expected.put(id, region + "|" + totals.get(id).setScale(2) + "|" + clicks.get(id) + "|" + quantities.get(id));
            }
        }
        return expected;
    }

    static final String JOIN = """
            WITH o AS (SELECT customer_id, sum(amount) AS total FROM shop_pg.public.orders WHERE amount > 10 GROUP BY 1),
                 e AS (SELECT customer_id, count(*) AS clicks FROM web_mysql.fedduck_test.events WHERE kind = 'click' GROUP BY 1),
                 i AS (SELECT customer_id, sum(qty) AS qty FROM stock_sqlite.main.items GROUP BY 1)
            SELECT c.id, r.region, o.total, e.clicks, i.qty
            FROM shop_pg.public.customers c
            JOIN regions r ON r.country = c.country
            JOIN o ON o.customer_id = c.id
            JOIN e ON e.customer_id = c.id
            JOIN i ON i.customer_id = c.id
            WHERE r.region <> 'Asia'
            ORDER BY c.id""";

    @Test
    void fourWayJoinWithFiltersAndAggregatesMatchesTheSources() throws Exception {
        Map<Integer, String> actual = new TreeMap<>();
        try (Connection c = federation.open(); Statement s = c.createStatement()) {
            s.execute(Seed.LOCAL_REGIONS);
            try (ResultSet rs = s.executeQuery(JOIN)) {
                while (rs.next()) {
                    actual.put(rs.getInt(1), rs.getString(2) + "|" + rs.getBigDecimal(3).setScale(2) + "|"
                            + rs.getLong(4) + "|" + rs.getLong(5));
                }
            }
        }
        Map<Integer, String> expected = expectedPerCustomer();
        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
    }

    @Test
    void regionTotalsAcrossSourcesMatchTheSources() throws Exception {
        Map<String, BigDecimal> expected = new TreeMap<>();
        for (String row : expectedPerCustomer().values()) {
            String[] parts = row.split("\\|");
            expected.merge(parts[0], new BigDecimal(parts[1]), BigDecimal::add);
        }
        Map<String, BigDecimal> actual = new TreeMap<>();
        try (Connection c = federation.open(); Statement s = c.createStatement()) {
            s.execute(Seed.LOCAL_REGIONS);
            try (ResultSet rs = s.executeQuery("SELECT region, sum(total) FROM (" + JOIN + ") GROUP BY region")) {
                while (rs.next()) {
                    actual.put(rs.getString(1), rs.getBigDecimal(2).setScale(2));
                }
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void eachSourceIsACatalogOfTheDocumentedShape() throws Exception {
        try (Connection c = federation.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT database_name, type, readonly FROM duckdb_databases()"
                     + " WHERE database_name IN ('shop_pg', 'web_mysql', 'stock_sqlite') ORDER BY 1")) {
            StringBuilder seen = new StringBuilder();
            while (rs.next()) {
                seen.append(rs.getString(1)).append(':').append(rs.getString(2)).append(':').append(rs.getBoolean(3)).append(' ');
            }
            assertEquals("shop_pg:postgres:true stock_sqlite:sqlite:true web_mysql:mysql:true ", seen.toString());
        }
    }

    @Test
    void readOnlySourcesRefuseWritesFromDuckDb() throws Exception {
        try (Connection c = federation.open(); Statement s = c.createStatement()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO shop_pg.public.customers VALUES (9999, 'x', 'DE')"));
            assertTrue(e.getMessage().toLowerCase().contains("read"), e.getMessage());
        }
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM customers WHERE id = 9999")) {
            assertFalse(rs.next());
        }
    }

    @Test
    void remoteTablesAreTablesToMetadataClients() throws Exception {
        try (Connection c = federation.open();
             ResultSet rs = c.getMetaData().getTables("shop_pg", "public", "customers", new String[] {"TABLE"})) {
            assertTrue(rs.next());
            assertEquals("TABLE", rs.getString("TABLE_TYPE"));
            assertEquals("customers", rs.getString("TABLE_NAME"));
            assertFalse(rs.next());
        }
    }
}
