package io.fedduck.pushdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the planner writes for each source, and what it refuses, with statements read by DuckDB's own
 * parser (an in-memory DuckDB, as FedDuck runs it) and output types as DuckDB binds them.
 */
class PushdownPlannerTest {
    private static Connection duckdb;

    private static final List<RemoteColumn> PG_COLUMNS = List.of(
            new RemoteColumn("id", "BIGINT", Category.INTEGER, false, false),
            new RemoteColumn("name", "VARCHAR", Category.TEXT, true, false),
            new RemoteColumn("code", "VARCHAR", Category.TEXT, true, true),
            new RemoteColumn("amount", "DECIMAL(12,2)", Category.DECIMAL, true, false),
            new RemoteColumn("score", "DOUBLE", Category.DOUBLE, true, false),
            new RemoteColumn("day", "DATE", Category.DATE, true, false),
            new RemoteColumn("happened", "TIMESTAMP WITH TIME ZONE", Category.TIMESTAMP_TZ, true, false),
            new RemoteColumn("doc", "VARCHAR", Category.OTHER, true, false));

    private static final List<RemoteColumn> MY_COLUMNS = List.of(
            new RemoteColumn("id", "BIGINT", Category.INTEGER, false, false),
            new RemoteColumn("name", "VARCHAR", Category.TEXT, true, false),
            new RemoteColumn("amount", "DECIMAL(12,2)", Category.DECIMAL, true, false),
            new RemoteColumn("day", "DATE", Category.DATE, false, false));

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (var s = duckdb.createStatement()) {
            s.execute("ATTACH ':memory:' AS pg");
            s.execute("CREATE TABLE pg.main.t (id BIGINT NOT NULL, name VARCHAR, code VARCHAR, amount DECIMAL(12,2),"
                    + " score DOUBLE, day DATE, happened TIMESTAMPTZ, doc VARCHAR)");
            s.execute("ATTACH ':memory:' AS my");
            s.execute("CREATE TABLE my.main.t (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(12,2), day DATE)");
            s.execute("CREATE TABLE pg.main.s (sid INTEGER NOT NULL, ref BIGINT, label VARCHAR)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    private static SelectTree tree(String sql) throws SQLException {
        try (PreparedStatement ps = duckdb.prepareStatement("SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return SelectTree.read(rs.getString(1)).orElseThrow(() -> new NotRead(sql));
            }
        }
    }

    private static List<PushdownPlanner.Output> outputs(String sql) throws SQLException {
        List<PushdownPlanner.Output> outputs = new ArrayList<>();
        try (var s = duckdb.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE " + sql)) {
            while (rs.next()) {
                outputs.add(new PushdownPlanner.Output(rs.getString(1), rs.getString(2)));
            }
        }
        return outputs;
    }

    private static PushdownPlanner.Plan plan(PushdownDialect dialect, List<RemoteColumn> columns, String sql,
                                             boolean masked) throws Exception {
        return new PushdownPlanner(dialect, "pg", columns, Map.of("amount", 2), masked)
                .plan(tree(sql), outputs(sql), OrderDefaults.DUCKDB, 0);
    }

    private static String pg(String sql) throws Exception {
        return plan(new PostgresPushdown(), PG_COLUMNS, sql.replace("{t}", "pg.main.t"), false).sourceSql();
    }

    private static String my(String sql) throws Exception {
        return plan(new MySqlPushdown(), MY_COLUMNS, sql.replace("{t}", "my.main.t"), false).sourceSql();
    }

    /** Not pushed: not read as a pushable shape, or read and refused by the planner. */
    private static void refusedOnPg(String sql) {
        refused(new PostgresPushdown(), PG_COLUMNS, sql.replace("{t}", "pg.main.t"));
    }

    private static void refusedOnMy(String sql) {
        refused(new MySqlPushdown(), MY_COLUMNS, sql.replace("{t}", "my.main.t"));
    }

    private static void refused(PushdownDialect dialect, List<RemoteColumn> columns, String sql) {
        try {
            plan(dialect, columns, sql, false);
            throw new AssertionError("pushed: " + sql);
        } catch (PushdownPlanner.NotPushable | NotRead | SQLException expected) { // DuckDB refuses it: runs unpushed, fails there
            // not pushed, as it must not be
        } catch (Exception e) {
            throw new AssertionError(sql, e);
        }
    }

    private static final List<RemoteColumn> SIDE_COLUMNS = List.of(
            new RemoteColumn("sid", "INTEGER", Category.INTEGER, false, false),
            new RemoteColumn("ref", "BIGINT", Category.INTEGER, true, false),
            new RemoteColumn("label", "VARCHAR", Category.TEXT, true, false));

    /** The PostgreSQL source SQL of a statement joining {t} (pg.main.t) and {s} (pg.main.s), in that order. */
    private static String pgJoin(String sql) throws Exception {
        String text = sql.replace("{t}", "pg.main.t").replace("{s}", "pg.main.s");
        return new PushdownPlanner(new PostgresPushdown(), "pg", List.of(new PushdownPlanner.Table(PG_COLUMNS,
                Map.of("amount", 2)), new PushdownPlanner.Table(SIDE_COLUMNS, Map.of())), false)
                .plan(tree(text), outputs(text), OrderDefaults.DUCKDB, 0).sourceSql();
    }

    private static void refusedJoinOnPg(String sql) {
        try {
            pgJoin(sql);
            throw new AssertionError("pushed: " + sql);
        } catch (PushdownPlanner.NotPushable | NotRead | SQLException expected) {
            // not pushed
        } catch (Exception e) {
            throw new AssertionError(sql, e);
        }
    }

    /** A statement SelectTree does not read. */
    private static final class NotRead extends RuntimeException {
        NotRead(String sql) {
            super(sql);
        }
    }

    @Test
    void topNSpellsOutDuckDbsNullPlacementOnPostgresWhereThereCanBeNulls() throws Exception {
        // id is NOT NULL: the plain direction, which a backward scan of the primary key serves
        assertEquals("SELECT \"t\".\"id\" AS \"c1\", \"t\".\"name\" AS \"c2\" FROM \"main\".\"t\" \"t\" ORDER BY \"t\".\"id\" DESC LIMIT 10",
                pg("SELECT id, name FROM {t} ORDER BY id DESC LIMIT 10"));
        // a numeric may hold NaN, which DuckDB reads as 0: sorted by what DuckDB reads (no index serves that)
        assertEquals("SELECT CAST((CASE WHEN \"t\".\"amount\" = 'NaN'::numeric THEN 0 ELSE \"t\".\"amount\" END) AS numeric(12,2)) AS \"c1\" FROM \"main\".\"t\" \"t\" ORDER BY CAST((CASE WHEN \"t\".\"amount\" = 'NaN'::numeric THEN 0 ELSE \"t\".\"amount\" END) AS numeric(12,2)) DESC NULLS LAST LIMIT 10",
                pg("SELECT amount FROM {t} ORDER BY amount DESC LIMIT 10"));
    }

    @Test
    void textIsSortedInTheCCollationUnlessTheColumnAlreadyIs() throws Exception {
        assertEquals("SELECT \"t\".\"name\" AS \"c1\" FROM \"main\".\"t\" \"t\" ORDER BY \"t\".\"name\" COLLATE \"C\" ASC NULLS LAST",
                pg("SELECT name FROM {t} ORDER BY name"));
        assertEquals("SELECT \"t\".\"code\" AS \"c1\" FROM \"main\".\"t\" \"t\" ORDER BY \"t\".\"code\" ASC NULLS FIRST",
                pg("SELECT code FROM {t} ORDER BY code NULLS FIRST"));
    }

    @Test
    void mysqlSortsTextByItsBytesAndPutsNullsWhereDuckDbDoes() throws Exception {
        assertEquals("SELECT CONVERT(`t`.`name` USING utf8mb4) AS `c1` FROM `main`.`t` `t`"
                        + " ORDER BY (BINARY CONVERT(CONVERT(`t`.`name` USING utf8mb4) USING utf8mb4) IS NULL) ASC,"
                        + " BINARY CONVERT(CONVERT(`t`.`name` USING utf8mb4) USING utf8mb4) DESC LIMIT 5",
                my("SELECT name FROM {t} ORDER BY name DESC LIMIT 5"));
    }

    @Test
    void distinctIsGroupingSoThatOrderByMayUseAKey() throws Exception {
        assertEquals("SELECT \"t\".\"name\" AS \"c1\" FROM \"main\".\"t\" \"t\" GROUP BY \"t\".\"name\" ORDER BY \"t\".\"name\" COLLATE \"C\" ASC NULLS LAST",
                pg("SELECT DISTINCT name FROM {t} ORDER BY 1"));
        assertEquals("SELECT `t`.`id` AS `c1` FROM `main`.`t` `t` GROUP BY `t`.`id`", my("SELECT DISTINCT id FROM {t}"));
        // MySQL groups text by its bytes only over an expression no index serves: DuckDB is faster
        refusedOnMy("SELECT DISTINCT name FROM {t}");
        refusedOnMy("SELECT max(day) FROM {t}");
    }

    @Test
    void sumsAreWidenedSoNoneComesBackAsADouble() throws Exception {
        assertEquals("SELECT count(*) AS \"c1\", CAST(sum(CAST((CASE WHEN \"t\".\"amount\" = 'NaN'::numeric THEN 0 ELSE \"t\".\"amount\" END) AS numeric(12,2))) AS numeric(38,2)) AS \"c2\" FROM \"main\".\"t\" \"t\"",
                pg("SELECT count(*), sum(amount) FROM {t}"));
    }

    @Test
    void theDuckDbStatementRestoresNamesAndTypes() throws Exception {
        PushdownPlanner.Plan plan = plan(new PostgresPushdown(), PG_COLUMNS,
                "SELECT id AS \"My Id\", count(*) FROM pg.main.t GROUP BY id", false);
        assertEquals("SELECT CAST(\"c1\" AS BIGINT) AS \"My Id\", CAST(\"c2\" AS BIGINT) AS \"count_star()\""
                + " FROM postgres_query('pg', 'SELECT \"t\".\"id\" AS \"c1\", count(*) AS \"c2\" FROM \"main\".\"t\" \"t\" GROUP BY \"t\".\"id\"')",
                plan.duckDbSql());
    }

    @Test
    void literalsCannotLeaveTheirQuotesWhateverTheServersSettings() throws Exception {
        String pg = pg("SELECT id FROM {t} WHERE name = 'x\\'' OR 1=1 --'");
        assertTrue(pg.contains("\"t\".\"name\" = E'x\\\\'' OR 1=1 --'"), pg);
        String my = my("SELECT id FROM {t} WHERE id = 1 AND amount IN (1.5, 2)");
        assertTrue(my.contains("`t`.`amount` IN (1.5, 2)"), my);
        // MySQL reads a backslash in a quoted literal as an escape: hexadecimal literals have no escapes
        assertEquals("SELECT `t`.`id` AS `c1` FROM `main`.`t` `t` WHERE (BINARY CONVERT(`t`.`name` USING utf8mb4)"
                + " = X'785c27204f5220313d31202d2d')", my("SELECT id FROM {t} WHERE name = 'x\\'' OR 1=1 --'"));
        assertEquals("SELECT \"t\".\"id\" AS \"c1\" FROM \"main\".\"t\" \"t\" WHERE (\"t\".\"name\" = ?)",
                plan(new PostgresPushdown(), PG_COLUMNS, "SELECT id FROM pg.main.t WHERE name = 'secret'", true).sourceSql());
    }

    @Test
    void notIsMovedDownToTheComparisons() throws Exception {
        assertEquals("SELECT \"t\".\"id\" AS \"c1\" FROM \"main\".\"t\" \"t\" WHERE ((\"t\".\"id\" <= 5) AND (CAST((CASE WHEN \"t\".\"amount\" = 'NaN'::numeric THEN 0 ELSE \"t\".\"amount\" END) AS numeric(12,2)) IS NOT NULL))",
                pg("SELECT id FROM {t} WHERE NOT (id > 5 OR amount IS NULL)"));
        assertEquals("SELECT \"t\".\"id\" AS \"c1\" FROM \"main\".\"t\" \"t\" WHERE ((\"t\".\"id\" < 1) OR (\"t\".\"id\" > 3))",
                pg("SELECT id FROM {t} WHERE id NOT BETWEEN 1 AND 3"));
    }

    @Test
    void mysqlZeroDatesAreNullAsDuckDbReadsThem() throws Exception {
        assertEquals("SELECT `t`.`id` AS `c1` FROM `main`.`t` `t` WHERE ((`t`.`day` > DATE '2024-01-01')"
                + " AND MONTH(`t`.`day`) <> 0 AND DAYOFMONTH(`t`.`day`) <> 0)", my("SELECT id FROM {t} WHERE day > '2024-01-01'"));
        assertTrue(my("SELECT id FROM {t} WHERE day IS NULL").contains(
                "WHERE ((CASE WHEN MONTH(`t`.`day`) = 0 OR DAYOFMONTH(`t`.`day`) = 0 THEN NULL ELSE `t`.`day` END) IS NULL)"));
    }

    @Test
    void datesAreTypedLiteralsInTheOneFormBothEnginesRead() throws Exception {
        assertTrue(pg("SELECT id FROM {t} WHERE day >= '2024-01-31'").contains("(\"t\".\"day\" >= DATE E'2024-01-31')"));
        refusedOnPg("SELECT id FROM {t} WHERE day >= '2024-1-31'");
        refusedOnPg("SELECT id FROM {t} WHERE day >= '2024-02-30'");
        refusedOnPg("SELECT id FROM {t} WHERE happened > '2024-01-01'"); // an instant compared in the session's zone
    }

    @Test
    void whatTheSourceWouldComputeOtherwiseIsNotPushed() {
        refusedOnPg("SELECT avg(id) FROM {t}");
        refusedOnPg("SELECT sum(score) FROM {t}");
        refusedOnPg("SELECT score FROM {t} ORDER BY score");
        refusedOnPg("SELECT score, count(*) FROM {t} GROUP BY score");
        refusedOnPg("SELECT doc FROM {t} ORDER BY doc");
        refusedOnPg("SELECT id FROM {t} WHERE name < 'm'"); // default collation: its order is not DuckDB's
        refusedOnPg("SELECT id + 1 FROM {t}");
        refusedOnPg("SELECT id FROM {t} WHERE id = '5'");
        refusedOnPg("SELECT name, count(*) FROM {t}");
        refusedOnMy("SELECT id FROM {t} WHERE day > '2024-1-1'");
    }

    @Test
    void joinsOfOneSourceAreWrittenWithEveryColumnQualified() throws Exception {
        assertEquals("SELECT \"t1\".\"name\" AS \"c1\", \"t2\".\"label\" AS \"c2\" FROM \"main\".\"t\" \"t1\""
                        + " JOIN \"main\".\"s\" \"t2\" ON (\"t1\".\"id\" = \"t2\".\"ref\") WHERE (\"t2\".\"sid\" > 3)",
                pgJoin("SELECT name, label FROM {t} a JOIN {s} ON a.id = s.ref WHERE sid > 3"));
        // a LEFT JOIN's right side may be NULL: its NULL placement is spelled out although sid is NOT NULL
        assertEquals("SELECT \"t1\".\"id\" AS \"c1\", \"t2\".\"sid\" AS \"c2\" FROM \"main\".\"t\" \"t1\""
                        + " LEFT JOIN \"main\".\"s\" \"t2\" ON ((\"t1\".\"id\" = \"t2\".\"ref\") AND (\"t2\".\"sid\" < 9))"
                        + " ORDER BY \"t2\".\"sid\" ASC NULLS LAST, \"t1\".\"id\" ASC LIMIT 5",
                pgJoin("SELECT t.id, s.sid FROM {t} LEFT JOIN {s} ON t.id = s.ref AND s.sid < 9 ORDER BY sid, id LIMIT 5"));
        assertEquals("SELECT count(*) AS \"c1\" FROM \"main\".\"t\" \"t1\" CROSS JOIN \"main\".\"s\" \"t2\""
                + " WHERE (\"t1\".\"id\" = \"t2\".\"ref\")", pgJoin("SELECT count(*) FROM {t}, {s} WHERE t.id = s.ref"));
        assertEquals("SELECT \"t2\".\"sid\" AS \"c1\", \"t2\".\"ref\" AS \"c2\", \"t2\".\"label\" AS \"c3\","
                + " \"t1\".\"name\" AS \"c4\" FROM \"main\".\"t\" \"t1\" JOIN \"main\".\"s\" \"t2\" ON (\"t1\".\"id\" = \"t2\".\"ref\")",
                pgJoin("SELECT s.*, name FROM {t} JOIN {s} ON t.id = s.ref"));
        assertTrue(pgJoin("SELECT * FROM {t} x JOIN {s} y ON x.id = y.ref").startsWith(
                "SELECT \"t1\".\"id\" AS \"c1\", \"t1\".\"name\" AS \"c2\""));
    }

    @Test
    void joinsThatDuckDbAndTheSourceCouldReadOtherwiseAreNotPushed() {
        refusedJoinOnPg("SELECT name FROM {t} JOIN {s} ON t.name = s.label"); // two PostgreSQL collations
        refusedJoinOnPg("SELECT name FROM {t} JOIN {s} ON t.amount = s.ref"); // a decimal and an integer
        refusedJoinOnPg("SELECT name FROM {t} RIGHT JOIN {s} ON t.id = s.ref");
        refusedJoinOnPg("SELECT name FROM {t} FULL JOIN {s} ON t.id = s.ref");
        refusedJoinOnPg("SELECT name FROM {t} SEMI JOIN {s} ON t.id = s.ref");
        refusedJoinOnPg("SELECT name FROM {t} JOIN {s} ON t.id = s.ref + 1");
        refusedJoinOnPg("SELECT name FROM {t} JOIN {s} ON true");
        refusedJoinOnPg("SELECT t.id AS k, s.sid AS k FROM {t} JOIN {s} ON t.id = s.ref ORDER BY k"); // DuckDB takes the last
        refusedJoinOnPg("SELECT name FROM {t} NATURAL JOIN {s}");
        refusedJoinOnPg("SELECT name FROM {t} JOIN ({s} JOIN {t} b ON s.ref = b.id) ON t.id = s.ref");
    }

    @Test
    void aTableWrittenCatalogDotTableIsReadWithItsSchemaLeftToTheSession() throws SQLException {
        SelectTree tree = read("SELECT a.id, u.x FROM pg.t a JOIN pg.u ON a.id = u.id").orElseThrow();
        assertEquals("pg", tree.catalog());
        assertTrue(tree.namesDefaultSchema());
        assertEquals(List.of("", ""), tree.from().stream().map(SelectTree.From::schema).toList());
        assertEquals(List.of("public", "public"),
                tree.withDefaultSchema("public").from().stream().map(SelectTree.From::schema).toList());
        assertFalse(read("SELECT id FROM pg.main.t").orElseThrow().namesDefaultSchema());
    }

    private Optional<SelectTree> read(String sql) throws SQLException {
        try (PreparedStatement ps = duckdb.prepareStatement("SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return SelectTree.read(rs.getString(1));
            }
        }
    }

    @Test
    void shapesThatAreNotOneTableAreNotRead() throws SQLException {
        for (String sql : List.of("SELECT * FROM pg.main.t a JOIN pg.main.t b USING (id)",
                "SELECT * FROM pg.main.t a JOIN my.main.t b ON a.id = b.id", "SELECT * FROM pg.main.t a JOIN t b ON a.id = b.id",
                "SELECT * FROM pg.main.t a POSITIONAL JOIN pg.main.t b", "SELECT * FROM pg.main.t a ASOF JOIN pg.main.t b ON a.id >= b.id",
                "SELECT * FROM pg.main.t a, LATERAL (SELECT a.id) b",
                "SELECT * FROM t", "WITH x AS (SELECT 1) SELECT * FROM x",
                // catalog.table with catalog.schema.table, and columns qualified past the table of a catalog.table
                "SELECT * FROM pg.t a JOIN pg.main.u b ON a.id = b.id", "SELECT pg.t.id FROM pg.t",
                "SELECT main.t.id FROM pg.t",
                "SELECT * FROM pg.main.t UNION SELECT * FROM pg.main.t", "SELECT * FROM pg.main.t LIMIT 10 PERCENT",
                "SELECT * FROM pg.main.t; SELECT 1", "SELECT DISTINCT ON (id) id FROM pg.main.t",
                "SELECT * FROM pg.main.t WHERE id IN (SELECT id FROM pg.main.t)",
                "SELECT id, count(*) FROM pg.main.t GROUP BY ROLLUP (id)",
                "SELECT id, count(*) FROM pg.main.t GROUP BY GROUPING SETS ((id), ())")) {
            try (PreparedStatement ps = duckdb.prepareStatement("SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)")) {
                ps.setString(1, sql);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertFalse(SelectTree.read(rs.getString(1)).isPresent(), sql);
                }
            }
        }
    }
}
