package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * describe_remote_table(), remote_table_constraints(), remote_table_indexes() and remote_table_sample()
 * on real PostgreSQL, MariaDB and SQLite sources, through a read-only connection: native and DuckDB
 * types, constraints, indexes, sample rows, schema-qualified, bare and quoted names, CALL and SELECT,
 * prepared statements, bad input and injection attempts.
 */
class DescribeRemoteTableIT {
    private static final String INJECTION = "x'; DROP TABLE drt_orders; --";

    @TempDir
    static Path dir;
    private static Path sqlite;

    @BeforeAll
    static void createSourceObjects() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            dropPostgres(s);
            s.execute("CREATE SCHEMA drt_s");
            s.execute("CREATE TABLE public.drt_customers (id int PRIMARY KEY, region text, code int,"
                    + " CONSTRAINT drt_customers_region_code_key UNIQUE (region, code))");
            s.execute("CREATE TABLE public.drt_orders (id int PRIMARY KEY, customer_region text, customer_code int,"
                    + " amount numeric(12,2) NOT NULL DEFAULT 0, tags character varying(40)[],"
                    + " status text DEFAULT 'open' CONSTRAINT drt_orders_status_check CHECK (status IN ('open', 'closed')),"
                    + " CONSTRAINT drt_orders_customer_fk FOREIGN KEY (customer_code, customer_region)"
                    + " REFERENCES public.drt_customers (code, region))");
            s.execute("COMMENT ON COLUMN public.drt_orders.amount IS 'total in EUR'");
            s.execute("CREATE INDEX drt_orders_status_amount ON public.drt_orders (status, amount)");
            s.execute("CREATE INDEX drt_orders_tags ON public.drt_orders USING gin (tags)");
            s.execute("INSERT INTO public.drt_orders VALUES (1, NULL, NULL, 12.50, '{a,b}', 'open'),"
                    + " (2, NULL, NULL, 3, NULL, 'closed')");
            s.execute("CREATE TABLE drt_s.drt_orders (note text)");
            s.execute("CREATE TABLE public.\"drt_weird.name\" (a int)");
            s.execute("CREATE TABLE public.\"drt_My Table\" (\"Mixed Col\" int)");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
            s.execute("CREATE TABLE drt_customers (id int PRIMARY KEY, region varchar(10), code int,"
                    + " UNIQUE KEY drt_customers_region_code (region, code)) ENGINE=InnoDB");
            s.execute("CREATE TABLE drt_orders (id int NOT NULL, customer_region varchar(10), customer_code int,"
                    + " flag tinyint(1) unsigned DEFAULT 1, amount decimal(12,2) NOT NULL DEFAULT 0 COMMENT 'total in EUR',"
                    + " status varchar(10) DEFAULT 'open', PRIMARY KEY (id),"
                    + " CONSTRAINT drt_orders_customer_fk FOREIGN KEY (customer_region, customer_code)"
                    + " REFERENCES drt_customers (region, code),"
                    + " CONSTRAINT drt_orders_status_check CHECK (status IN ('open', 'closed')),"
                    + " KEY drt_orders_status_amount (status, amount)) ENGINE=InnoDB");
            s.execute("INSERT INTO drt_orders (id, amount, status) VALUES (1, 12.50, 'open'), (2, 3, 'closed')");
            s.execute("CREATE TABLE `drt_weird.name` (a int)");
        }
        sqlite = dir.resolve("drt.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE drt_customers (id INTEGER PRIMARY KEY, region TEXT, code INTEGER,"
                    + " UNIQUE (region, code))");
            s.execute("CREATE TABLE drt_orders (id INTEGER PRIMARY KEY, customer_region TEXT, customer_code INTEGER,"
                    + " amount NUMERIC(12,2) NOT NULL DEFAULT 0, status TEXT DEFAULT 'open',"
                    + " FOREIGN KEY (customer_code, customer_region) REFERENCES drt_customers (code, region))");
            s.execute("CREATE INDEX drt_orders_status_amount ON drt_orders (status, amount)");
            s.execute("INSERT INTO drt_orders (id, amount, status) VALUES (1, 12.50, 'open'), (2, 3, 'closed')");
            s.execute("CREATE TABLE \"drt_weird.name\" (a INTEGER)");
            s.execute("CREATE TABLE \"drt_My Table\" (\"Mixed Col\" INTEGER)");
        }
    }

    @AfterAll
    static void dropSourceObjects() throws Exception {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            dropPostgres(s);
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
        }
    }

    private static void dropPostgres(Statement s) throws SQLException {
        s.execute("DROP SCHEMA IF EXISTS drt_s CASCADE");
        s.execute("DROP TABLE IF EXISTS public.drt_orders, public.drt_customers, public.\"drt_weird.name\","
                + " public.\"drt_My Table\", public.drt_late");
    }

    private static void dropMysql(Statement s) throws SQLException {
        s.execute("DROP TABLE IF EXISTS drt_orders, drt_customers, `drt_weird.name`, drt_late");
    }

    private static TestFederation federation() {
        return new TestFederation(dir)
                .postgres("drt_pg", RemoteDatabases.postgres(), "")
                .mysql("drt_my", RemoteDatabases.mysql(), "")
                .sqlite("drt_lite", sqlite, "");
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(rs.getString(i)).append('|');
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static List<String> query(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    @Test
    void describesColumnsWithNativeAndDuckDbTypes() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            assertEquals(List.of(
                    "1|id|integer|INTEGER|false|null|true|null|",
                    "2|customer_region|text|VARCHAR|true|null|false|null|",
                    "3|customer_code|integer|INTEGER|true|null|false|null|",
                    "4|amount|numeric(12,2)|DECIMAL(12,2)|false|0|false|total in EUR|",
                    "5|tags|character varying(40)[]|VARCHAR[]|true|null|false|null|",
                    "6|status|text|VARCHAR|true|'open'::text|false|null|"),
                    query(s, "SELECT * FROM describe_remote_table('drt_pg', 'drt_orders')"));
            assertEquals(List.of(
                    "1|id|int(11)|INTEGER|false|null|true|null|",
                    "2|customer_region|varchar(10)|VARCHAR|true|NULL|false|null|",
                    "3|customer_code|int(11)|INTEGER|true|NULL|false|null|",
                    "4|flag|tinyint(1) unsigned|" + typeOf(s, "drt_my." + RemoteDatabases.mysql().database()
                            + ".drt_orders", "flag") + "|true|1|false|null|",
                    "5|amount|decimal(12,2)|DECIMAL(12,2)|false|0.00|false|total in EUR|",
                    "6|status|varchar(10)|VARCHAR|true|'open'|false|null|"),
                    query(s, "SELECT * FROM describe_remote_table('drt_my', 'drt_orders')"));
            assertEquals(List.of(
                    "1|id|INTEGER|BIGINT|true|null|true|null|",
                    "2|customer_region|TEXT|VARCHAR|true|null|false|null|",
                    "3|customer_code|INTEGER|BIGINT|true|null|false|null|",
                    "4|amount|NUMERIC(12,2)|" + typeOf(s, "drt_lite.main.drt_orders", "amount") + "|false|0|false|null|",
                    "5|status|TEXT|VARCHAR|true|'open'|false|null|"),
                    query(s, "SELECT * FROM describe_remote_table('drt_lite', 'drt_orders')"));
        }
    }

    /** The type DuckDB gives the column's values when it reads them. */
    private static String typeOf(Statement s, String table, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT typeof(" + column + ") FROM " + table + " LIMIT 1")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void listsConstraintsWithTheirColumnsInOrder() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            assertEquals(List.of(
                    "drt_orders_pkey|primary key|[id]|null|null|null|",
                    "drt_orders_customer_fk|foreign key|[customer_code, customer_region]|public.drt_customers"
                            + "|[code, region]|null|",
                    "drt_orders_status_check|check|[status]|null|null|CHECK (status = ANY (ARRAY['open'::text, 'closed'::text]))|"),
                    query(s, "SELECT * FROM remote_table_constraints('drt_pg', 'drt_orders')"));
            assertEquals(List.of(
                    "drt_customers_pkey|primary key|[id]|null|null|null|",
                    "drt_customers_region_code_key|unique|[region, code]|null|null|null|"),
                    query(s, "SELECT * FROM remote_table_constraints('drt_pg', 'public.drt_customers')"));
            String db = RemoteDatabases.mysql().database();
            assertEquals(List.of(
                    "PRIMARY|primary key|[id]|null|null|null|",
                    "drt_orders_customer_fk|foreign key|[customer_region, customer_code]|" + db + ".drt_customers"
                            + "|[region, code]|null|",
                    "drt_orders_status_check|check|null|null|null|`status` in ('open','closed')|"),
                    query(s, "SELECT * FROM remote_table_constraints('drt_my', 'drt_orders')"));
            assertEquals(List.of(
                    "PRIMARY|primary key|[id]|null|null|null|",
                    "drt_customers_region_code|unique|[region, code]|null|null|null|"),
                    query(s, "SELECT * FROM remote_table_constraints('drt_my', 'drt_customers')"));
            assertEquals(List.of(
                    "null|primary key|[id]|null|null|null|",
                    "null|foreign key|[customer_code, customer_region]|main.drt_customers|[code, region]|null|"),
                    query(s, "SELECT * FROM remote_table_constraints('drt_lite', 'drt_orders')"));
            assertEquals(List.of(
                    "null|primary key|[id]|null|null|null|",
                    "sqlite_autoindex_drt_customers_1|unique|[region, code]|null|null|null|"),
                    query(s, "SELECT * FROM remote_table_constraints('drt_lite', 'drt_customers')"));
            assertEquals(List.of(), query(s, "SELECT * FROM remote_table_constraints('drt_pg', 'drt_s.drt_orders')"),
                    "a table without constraints");
        }
    }

    @Test
    void listsIndexesWithColumnOrderAndMethod() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            assertEquals(List.of(
                    "drt_orders_pkey|[id]|true|btree|",
                    "drt_orders_status_amount|[status, amount]|false|btree|",
                    "drt_orders_tags|[tags]|false|gin|"),
                    query(s, "SELECT * FROM remote_table_indexes('drt_pg', 'drt_orders')"));
            assertEquals(List.of(
                    "PRIMARY|[id]|true|btree|",
                    "drt_orders_customer_fk|[customer_region, customer_code]|false|btree|",
                    "drt_orders_status_amount|[status, amount]|false|btree|"),
                    query(s, "SELECT * FROM remote_table_indexes('drt_my', 'drt_orders')"));
            assertEquals(List.of(
                    "drt_orders_status_amount|[status, amount]|false|btree|"),
                    query(s, "SELECT * FROM remote_table_indexes('drt_lite', 'drt_orders')"));
            assertEquals(List.of(
                    "sqlite_autoindex_drt_customers_1|[region, code]|true|btree|"),
                    query(s, "SELECT * FROM remote_table_indexes('drt_lite', 'drt_customers')"));
        }
    }

    @Test
    void acceptsSchemaQualifiedBareAndQuotedNames() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            String columns = "SELECT string_agg(column_name, ',' ORDER BY ordinal) FROM describe_remote_table";
            assertEquals(List.of("note|"), query(s, columns + "('drt_pg', 'drt_s.drt_orders')"));
            assertEquals(List.of("note|"), query(s, columns + "('drt_pg', '\"drt_s\".\"drt_orders\"')"));
            String orders = "id,customer_region,customer_code,amount,tags,status|";
            assertEquals(List.of(orders), query(s, columns + "('drt_pg', 'drt_orders')"));
            assertEquals(List.of(orders), query(s, columns + "('drt_pg', 'public.drt_orders')"));
            assertEquals(List.of(orders), query(s, columns + "('drt_pg', 'PUBLIC.DRT_ORDERS')"),
                    "unquoted names are case-insensitive");
            assertEquals(List.of("a|"), query(s, columns + "('drt_pg', '\"drt_weird.name\"')"));
            assertEquals(List.of("a|"), query(s, columns + "('drt_pg', 'public.\"drt_weird.name\"')"));
            assertEquals(List.of("Mixed Col|"), query(s, columns + "('drt_pg', '\"drt_My Table\"')"));
            assertEquals(List.of("Mixed Col|"), query(s, columns + "('drt_pg', 'public.\"drt_My Table\"')"));
            String db = RemoteDatabases.mysql().database();
            String myOrders = "id,customer_region,customer_code,flag,amount,status|";
            assertEquals(List.of(myOrders), query(s, columns + "('drt_my', '" + db + ".drt_orders')"));
            assertEquals(List.of(myOrders), query(s, columns + "('drt_my', '\"drt_orders\"')"));
            assertEquals(List.of("a|"), query(s, columns + "('drt_my', '\"drt_weird.name\"')"));
            assertEquals(List.of("a|"), query(s, columns + "('drt_lite', 'main.\"drt_weird.name\"')"));
            assertEquals(List.of("Mixed Col|"), query(s, columns + "('drt_lite', '\"drt_My Table\"')"));
            assertEquals(List.of("id,customer_region,customer_code,amount,status|"),
                    query(s, columns + "('drt_lite', 'drt_orders')"));
        }
    }

    @Test
    void callAndSelectGiveTheSameRowsAlsoPrepared() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            for (String function : List.of("describe_remote_table", "remote_table_constraints", "remote_table_indexes")) {
                for (String source : List.of("drt_pg", "drt_my", "drt_lite")) {
                    List<String> selected = query(s, "SELECT * FROM " + function + "('" + source + "', 'drt_orders')");
                    assertTrue(!selected.isEmpty(), function + " " + source);
                    assertEquals(selected, query(s, "CALL " + function + "('" + source + "', 'drt_orders')"));
                    assertEquals(selected, query(s, "SELECT * FROM " + function + "(table_name := 'drt_orders',"
                            + " connection_name := '" + source + "')"), "named arguments");
                    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + function + "(?, ?)")) {
                        ps.setString(1, source.toUpperCase());
                        ps.setString(2, "drt_orders");
                        try (ResultSet rs = ps.executeQuery()) {
                            assertEquals(selected, rows(rs), function + " " + source + " by parameters");
                        }
                    }
                }
            }
            assertEquals(query(s, "SELECT * FROM describe_remote_table('drt_pg', 'drt_orders')"),
                    query(s, "SELECT * FROM describe_remote_table('drt_pg', 'drt_orders', include_sample := false)"));
        }
    }

    /** Every result set of one execution, read through getMoreResults. */
    private static List<List<String>> allResults(Statement s, boolean hasResultSet) throws SQLException {
        List<List<String>> results = new ArrayList<>();
        boolean more = hasResultSet;
        while (more) {
            try (ResultSet rs = s.getResultSet()) {
                results.add(rows(rs));
            }
            more = s.getMoreResults();
        }
        assertEquals(-1, s.getUpdateCount(), "no update count after the last result set");
        assertEquals(null, s.getResultSet(), "no result set after the last");
        return results;
    }

    @Test
    void callDescribeRemoteTableGivesColumnsConstraintsIndexesAndSampleAsConsecutiveResults() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            for (String source : List.of("drt_pg", "drt_my", "drt_lite")) {
                List<List<String>> expected = List.of(
                        query(s, "SELECT * FROM describe_remote_table('" + source + "', 'drt_orders')"),
                        query(s, "SELECT * FROM remote_table_constraints('" + source + "', 'drt_orders')"),
                        query(s, "SELECT * FROM remote_table_indexes('" + source + "', 'drt_orders')"),
                        query(s, "SELECT * FROM remote_table_sample('" + source + "', 'drt_orders')"));
                assertEquals(2, expected.get(3).size(), source + " sample rows");
                assertTrue(!expected.get(1).isEmpty() && !expected.get(2).isEmpty(), source);

                List<List<String>> all = allResults(s, s.execute("CALL describe_remote_table('" + source
                        + "', 'drt_orders')"));
                assertEquals(expected, all, source);
                List<List<String>> noSample = allResults(s, s.execute("CALL describe_remote_table('" + source
                        + "', 'drt_orders', include_sample := false)"));
                assertEquals(expected.subList(0, 3), noSample, source + " without the sample");

                try (PreparedStatement ps = c.prepareStatement("CALL describe_remote_table(?, ?, include_sample := ?)")) {
                    ps.setString(1, source.toUpperCase());
                    ps.setString(2, "drt_orders");
                    ps.setBoolean(3, true);
                    assertEquals(expected, allResults(ps, ps.execute()), source + " prepared");
                    ps.setBoolean(3, false);
                    assertEquals(expected.subList(0, 3), allResults(ps, ps.execute()), source + " prepared again");
                }
            }
            // A SELECT of the table function, or a CALL among other statements, gives one result set.
            assertEquals(1, allResults(s, s.execute("SELECT * FROM describe_remote_table('drt_pg', 'drt_orders')"))
                    .size());
            s.execute("CALL describe_remote_table('drt_pg', 'drt_orders')");
            assertThrows(java.sql.SQLFeatureNotSupportedException.class,
                    () -> s.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            SQLException missing = assertThrows(SQLException.class,
                    () -> s.execute("CALL describe_remote_table('drt_pg', 'drt_nope')"));
            assertEquals("42704", missing.getSQLState());
            assertTrue(missing.getMessage().contains("drt_nope") && missing.getMessage().contains("drt_pg"),
                    missing.getMessage());
            SQLException wrong = assertThrows(SQLException.class,
                    () -> s.execute("CALL describe_remote_table('drt_pg', 'drt_orders', sample := true)"));
            assertTrue(wrong.getMessage().contains("include_sample := true"), wrong.getMessage());
        }
    }

    @Test
    void aTableCreatedOrAlteredAfterTheConnectionOpenedIsDescribedWithItsDuckDbTypes() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> query(s, "SELECT * FROM describe_remote_table('drt_pg', 'drt_late')"));
            try (Connection pg = RemoteDatabases.postgres().admin(); Statement ps = pg.createStatement()) {
                ps.execute("CREATE TABLE public.drt_late (id int, at date)");
            }
            try (Connection my = RemoteDatabases.mysql().admin(); Statement ms = my.createStatement()) {
                ms.execute("CREATE TABLE drt_late (id int)");
            }
            assertEquals(List.of("1|id|int(11)|INTEGER|"), query(s,
                    "SELECT ordinal, column_name, native_type, duckdb_type FROM describe_remote_table('drt_my', 'drt_late')"));
            try (Connection my = RemoteDatabases.mysql().admin(); Statement ms = my.createStatement()) {
                ms.execute("ALTER TABLE drt_late ADD COLUMN note varchar(5)");
            }
            assertEquals(List.of("1|id|int(11)|INTEGER|", "2|note|varchar(5)|VARCHAR|"), query(s,
                    "SELECT ordinal, column_name, native_type, duckdb_type FROM describe_remote_table('drt_my', 'drt_late')"),
                    "an altered table");
            assertEquals(List.of("1|id|integer|INTEGER|", "2|at|date|DATE|"), query(s,
                    "SELECT ordinal, column_name, native_type, duckdb_type FROM describe_remote_table('drt_pg', 'drt_late')"));
        } finally {
            try (Connection pg = RemoteDatabases.postgres().admin(); Statement ps = pg.createStatement()) {
                ps.execute("DROP TABLE IF EXISTS public.drt_late");
            }
            try (Connection my = RemoteDatabases.mysql().admin(); Statement ms = my.createStatement()) {
                ms.execute("DROP TABLE IF EXISTS drt_late");
            }
        }
    }

    @Test
    void missingTableAndUnknownConnectionAreClearErrors() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            for (String function : List.of("describe_remote_table", "remote_table_constraints", "remote_table_indexes")) {
                SQLException missing = assertThrows(SQLException.class,
                        () -> s.executeQuery("SELECT * FROM " + function + "('drt_pg', 'drt_nope')"));
                assertEquals("42704", missing.getSQLState());
                assertTrue(missing.getMessage().contains(function + ": table 'drt_nope' not found in connection 'drt_pg'"),
                        missing.getMessage());
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + function + "(?, ?)")) {
                    ps.setString(1, "drt_lite");
                    ps.setString(2, "drt_nope");
                    SQLException bound = assertThrows(SQLException.class, ps::executeQuery);
                    assertEquals("22023", bound.getSQLState());
                    assertTrue(bound.getMessage().contains(
                            function + ": table 'drt_nope' not found in connection 'drt_lite'"), bound.getMessage());
                    ps.setString(1, "nope");
                    SQLException unknownBound = assertThrows(SQLException.class, ps::executeQuery);
                    assertTrue(unknownBound.getMessage().contains(function + ": unknown connection 'nope';"
                            + " known connections: drt_lite, drt_my, drt_pg"), unknownBound.getMessage());
                }
                SQLException unknown = assertThrows(SQLException.class,
                        () -> s.executeQuery("CALL " + function + "('nope', 'drt_orders')"));
                assertEquals("42704", unknown.getSQLState());
                assertTrue(unknown.getMessage().contains(function + ": unknown connection 'nope';"
                        + " known connections: drt_lite, drt_my, drt_pg"), unknown.getMessage());
            }
            SQLException wrongSchema = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM describe_remote_table('drt_pg', 'drt_s.drt_customers')"));
            assertEquals("42704", wrongSchema.getSQLState());
            SQLException badArgument = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM describe_remote_table('drt_pg', 'drt_orders', bogus := 1)"));
            assertTrue(badArgument.getMessage().contains(
                    "describe_remote_table(connection_name, table_name, include_sample := true)"),
                    badArgument.getMessage());
            assertEquals(6, query(s, "SELECT * FROM describe_remote_table('drt_pg', 'drt_orders')").size(),
                    "the connection stays usable after the errors");
        }
    }

    @Test
    void injectionAttemptsInjectNothing() throws Exception {
        String quoted = INJECTION.replace("'", "''");
        try (Connection c = federation().open(""); Statement s = c.createStatement()) {
            for (String function : List.of("describe_remote_table", "remote_table_constraints", "remote_table_indexes")) {
                for (String source : List.of("drt_pg", "drt_my", "drt_lite")) {
                    for (String name : List.of(quoted, "\"" + quoted + "\"", "public.\"" + quoted + "\"",
                            "\"drt_orders\"\"; DROP TABLE drt_orders; --\"")) {
                        SQLException e = assertThrows(SQLException.class,
                                () -> s.executeQuery("SELECT * FROM " + function + "('" + source + "', '" + name + "')"));
                        assertEquals("42704", e.getSQLState(), e.getMessage());
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + function + "(?, ?)")) {
                        ps.setString(1, source);
                        ps.setString(2, INJECTION);
                        SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                        assertTrue(e.getMessage().contains("table '" + INJECTION + "' not found"), e.getMessage());
                    }
                }
            }
            // Every drt_orders is still there.
            assertEquals(List.of("2|2|2|"), query(s, "SELECT (SELECT count(*) FROM drt_pg.public.drt_orders),"
                    + " (SELECT count(*) FROM drt_my." + RemoteDatabases.mysql().database() + ".drt_orders),"
                    + " (SELECT count(*) FROM drt_lite.main.drt_orders)"));
        }
    }

    @Test
    void sampleReturnsTheFirstRowsAsDuckDbReadsThem() throws Exception {
        try (Connection c = federation().open("read_only=true"); Statement s = c.createStatement()) {
            assertEquals(List.of("1|12.50|open|", "2|3.00|closed|"),
                    query(s, "SELECT id, amount, status FROM remote_table_sample('drt_pg', 'drt_orders') ORDER BY id"));
            assertEquals(List.of("1|12.50|open|", "2|3.00|closed|"),
                    query(s, "SELECT id, amount, status FROM remote_table_sample('drt_my', 'drt_orders') ORDER BY id"));
            assertEquals(List.of("1|open|", "2|closed|"),
                    query(s, "SELECT id, status FROM remote_table_sample('drt_lite', 'main.drt_orders') ORDER BY id"));
            assertEquals(List.of("1|"), query(s, "SELECT count(*) FROM remote_table_sample('drt_pg', 'drt_orders', n := 1)"));
            assertEquals(List.of("note|"), query(s, "SELECT string_agg(column_name, ',') FROM (DESCRIBE"
                    + " SELECT * FROM remote_table_sample('drt_pg', 'drt_s.drt_orders'))"));
            try (ResultSet rs = s.executeQuery("SELECT * FROM remote_table_sample('drt_pg', '\"drt_My Table\"')")) {
                assertEquals("Mixed Col", rs.getMetaData().getColumnName(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM remote_table_sample('drt_pg', 'drt_orders')")) {
                assertEquals(6, rs.getMetaData().getColumnCount(), "the table's own columns");
                assertEquals("tags", rs.getMetaData().getColumnName(5));
            }
            List<String> selected = query(s, "SELECT * FROM remote_table_sample('drt_lite', 'drt_orders', n := 2)");
            assertEquals(selected, query(s, "CALL remote_table_sample('drt_lite', 'drt_orders', n := 2)"));
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM remote_table_sample(?, ?, n := ?)")) {
                ps.setString(1, "drt_lite");
                ps.setString(2, "drt_orders");
                ps.setInt(3, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(selected, rows(rs));
                }
                ps.setString(1, "drt_pg");
                ps.setString(2, "drt_weird.name");
                ps.setInt(3, 1);
                SQLException e = assertThrows(SQLException.class, ps::executeQuery, "a dot needs quotes");
                assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
            }
        }
    }

    @Test
    void sampleRefusesMissingTablesAndInjectsNothing() throws Exception {
        String quoted = INJECTION.replace("'", "''");
        try (Connection c = federation().open(""); Statement s = c.createStatement()) {
            for (String source : List.of("drt_pg", "drt_my", "drt_lite")) {
                SQLException missing = assertThrows(SQLException.class,
                        () -> s.executeQuery("SELECT * FROM remote_table_sample('" + source + "', 'drt_nope')"));
                assertEquals("42704", missing.getSQLState());
                assertTrue(missing.getMessage().contains(
                        "remote_table_sample: table 'drt_nope' not found in connection '" + source + "'"),
                        missing.getMessage());
                for (String name : List.of(quoted, "\"" + quoted + "\"", "drt_orders; DROP TABLE drt_orders",
                        "drt_orders UNION SELECT 1")) {
                    SQLException e = assertThrows(SQLException.class,
                            () -> s.executeQuery("SELECT * FROM remote_table_sample('" + source + "', '" + name + "')"));
                    assertEquals("42704", e.getSQLState(), e.getMessage());
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM remote_table_sample(?, ?)")) {
                    ps.setString(1, source);
                    for (String name : List.of(INJECTION, "\"drt_orders\"\"; DROP TABLE drt_orders; --\"",
                            "drt_orders UNION SELECT 1")) {
                        ps.setString(2, name);
                        SQLException e = assertThrows(SQLException.class, ps::executeQuery, name);
                        assertEquals("42704", e.getSQLState(), e.getMessage());
                        assertTrue(e.getMessage().contains("Catalog Error"), e.getMessage());
                    }
                }
            }
            SQLException unknown = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM remote_table_sample('nope', 'drt_orders')"));
            assertEquals("42704", unknown.getSQLState());
            assertTrue(unknown.getMessage().contains("remote_table_sample: unknown connection 'nope';"
                    + " known connections: drt_lite, drt_my, drt_pg"), unknown.getMessage());
            assertEquals(List.of("2|2|2|"), query(s, "SELECT (SELECT count(*) FROM drt_pg.public.drt_orders),"
                    + " (SELECT count(*) FROM drt_my." + RemoteDatabases.mysql().database() + ".drt_orders),"
                    + " (SELECT count(*) FROM drt_lite.main.drt_orders)"));
        }
    }
}
