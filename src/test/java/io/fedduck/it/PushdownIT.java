package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushdown as a user meets it: the source really runs the statement (PostgreSQL answers a top-N from its
 * index, without a sequential scan), the audit log and EXPLAIN show the SQL sent, the property and the
 * connection option turn it off, max rows become the source's LIMIT, hostile literals stay literals on
 * both servers, and a statement inside an open transaction is pushed there.
 */
class PushdownIT {
    private static final int ROWS = 200_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void tables() throws Exception {
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement s = pg.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pd_orders");
            s.execute("CREATE TABLE pd_orders (id bigint PRIMARY KEY, customer integer NOT NULL, note text)");
            s.execute("INSERT INTO pd_orders SELECT g, g % 100, 'note ' || g FROM generate_series(1, " + ROWS + ") g");
            s.execute("INSERT INTO pd_orders VALUES (-1, -1, 'it''s'), (-2, -2, 'back\\slash'), (-3, -3, 'x'' OR ''1''=''1')");
            s.execute("ANALYZE pd_orders");
        }
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement s = pg.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pd_cn");
            s.execute("CREATE TABLE pd_cn (id int PRIMARY KEY, c1 int, c2 int, c3 int, name text, \"Ä\" int, \"ä\" int,"
                    + " \"\u212A\" int, k int)");
            s.execute("INSERT INTO pd_cn VALUES (1, 30, 10, 1, 'b', 100, 1, 100, 1), (2, 20, 30, 1, 'A', 200, 2, 200, 2),"
                    + " (3, 10, 20, 2, 'a', 300, 3, 300, 3), (4, NULL, NULL, 2, NULL, 400, 4, 400, 4)");
            // a table for statements DuckDB runs with parts read through sources: char(n) padding, numeric NaN,
            // doubles whose sum depends on the order they are added in
            s.execute("DROP TABLE IF EXISTS pd_part");
            s.execute("CREATE TABLE pd_part (id int PRIMARY KEY, ch char(3), amount numeric(8,2), k int, f double precision)");
            s.execute("INSERT INTO pd_part SELECT g, CASE g % 3 WHEN 0 THEN 'AB' WHEN 1 THEN 'ab' END,"
                    + " CASE WHEN g % 7 = 0 THEN 'NaN'::numeric ELSE g % 13 - 3 END, g % 40, 1.0 / g FROM generate_series(1, 300) g");
            // what the fourth attack review found: 20-digit numerics, intervals equal but written otherwise,
            // an array of enums
            s.execute("DROP TABLE IF EXISTS pd_wide, pd_iv, pd_enums");
            s.execute("DROP TYPE IF EXISTS pd_mood");
            s.execute("CREATE TABLE pd_wide (id int PRIMARY KEY, big numeric(38,10), sn numeric(18,3))");
            s.execute("INSERT INTO pd_wide VALUES (1, 12345678901234567890.1234567891, 123456789012345.678),"
                    + " (2, -9999999999999999999.9999999999, NULL), (3, 'NaN', 'NaN')");
            s.execute("CREATE TABLE pd_iv (id int PRIMARY KEY, iv interval)");
            s.execute("INSERT INTO pd_iv VALUES (1, '24 hours'), (2, '1 day')");
            s.execute("CREATE TYPE pd_mood AS ENUM ('sad', 'ok', 'happy')");
            s.execute("CREATE TABLE pd_enums (id int PRIMARY KEY, ea pd_mood[])");
            s.execute("INSERT INTO pd_enums VALUES (1, '{sad,happy}'), (2, NULL)");
            // pg.pd_cn read from another schema than public: other rows, so a wrong schema shows
            s.execute("DROP SCHEMA IF EXISTS pd_other CASCADE");
            s.execute("CREATE SCHEMA pd_other");
            s.execute("CREATE TABLE pd_other.pd_cn (id int PRIMARY KEY, c1 int)");
            s.execute("INSERT INTO pd_other.pd_cn VALUES (71, 1), (72, 2)");
            s.execute("DROP TABLE IF EXISTS pd_review");
            s.execute("CREATE TABLE pd_review (id int PRIMARY KEY, a int, b int, c1 text COLLATE \"C\","
                    + " c2 text COLLATE \"POSIX\", flag boolean, dt date, big numeric(38,0))");
            s.execute("INSERT INTO pd_review VALUES (1, 1, 9, 'a', 'a', true, '0001-01-01 BC', 60000000000000000000000000000000000000),"
                    + " (2, 2, 8, 'b', 'c', false, 'infinity', 60000000000000000000000000000000000000),"
                    + " (3, 3, 7, NULL, 'x', NULL, '2024-02-29', 1), (4, 5, 6, 'z', 'y', true, NULL, 2)");
        }
        try (Connection my = RemoteDatabases.mysql().admin(); Statement s = my.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pd_cn");
            s.execute("CREATE TABLE pd_cn (id int PRIMARY KEY, c1 int, c2 int, c3 int, name text) CHARACTER SET utf8mb4");
            s.execute("INSERT INTO pd_cn VALUES (1, 30, 10, 1, 'b'), (2, 20, 30, 1, 'A'), (3, 10, 20, 2, 'a'),"
                    + " (4, NULL, NULL, 2, NULL)");
            s.execute("DROP TABLE IF EXISTS pd_review");
            s.execute("CREATE TABLE pd_review (id int PRIMARY KEY, a int, b int, d5 decimal(5,0), d52 decimal(5,2),"
                    + " big decimal(38,0))");
            s.execute("INSERT INTO pd_review VALUES (1, 1, 9, 99999, 999.99, 60000000000000000000000000000000000000),"
                    + " (2, 2, 8, -99999, -999.99, 60000000000000000000000000000000000000), (3, 3, 7, NULL, NULL, 1),"
                    + " (4, 5, 6, 5, 3.00, 2)");
            s.execute("DROP TABLE IF EXISTS pd_orders");
            s.execute("CREATE TABLE pd_orders (id bigint PRIMARY KEY, customer int NOT NULL, note text) CHARACTER SET utf8mb4");
            s.execute("INSERT INTO pd_orders SELECT seq, seq % 100, concat('note ', seq) FROM seq_1_to_1000");
            s.execute("INSERT INTO pd_orders VALUES (-1, -1, 'it''s'), (-2, -2, 'back\\\\slash'), (-3, -3, 'x'' OR ''1''=''1')");
        }
    }

    private static TestFederation federation() {
        return new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static long[] scans() throws SQLException {
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_stat_force_next_flush(), seq_scan, idx_scan FROM pg_stat_user_tables"
                     + " WHERE relname = 'pd_orders'")) {
            rs.next();
            return new long[] {rs.getLong(2), rs.getLong(3)};
        }
    }

    @Test
    void postgresAnswersATopNFromItsIndexWithoutReadingTheTable() throws Exception {
        Path audit = dir.resolve("audit-topn.jsonl");
        try (Connection c = federation().open("audit_log=" + audit)) {
            column(c, "SELECT id FROM pg.public.pd_orders ORDER BY id DESC LIMIT 3"); // planned and looked up once
            Thread.sleep(1500); // a backend reports its table statistics at most once a second
            long[] before = scans();
            assertEquals(List.of("200000", "199999", "199998"),
                    column(c, "SELECT id FROM pg.public.pd_orders ORDER BY id DESC LIMIT 3"));
            Thread.sleep(1500);
            long[] after = scans();
            assertTrue(Files.readString(audit).contains("ORDER BY \\\"t\\\".\\\"id\\\" DESC LIMIT 3\""), Files.readString(audit));
            assertEquals(before[0], after[0], "a sequential scan of pd_orders: the top-N was not pushed");
            assertTrue(after[1] > before[1], "PostgreSQL did not use the primary key's index");
        }
    }

    @Test
    void theAuditLogNamesThePushedSqlWithItsLiteralsMaskedAndExplainShowsIt() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        try (Connection c = federation().open("audit_log=" + audit)) {
            assertEquals(List.of("note 42"), column(c, "SELECT note FROM pg.public.pd_orders WHERE id = 42"));
            List<String> explain = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("EXPLAIN SELECT count(*) FROM my.fedduck_test.pd_orders WHERE customer = 7")) {
                while (rs.next()) {
                    explain.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
            assertEquals("pushdown=runs on mysql source my as one query", explain.get(0));
            assertEquals("source_sql=SELECT count(*) AS `c1` FROM `fedduck_test`.`pd_orders` `t` WHERE (`t`.`customer` = 7)",
                    explain.get(1));
            assertTrue(explain.get(2).startsWith("duckdb_sql=SELECT CAST(\"c1\" AS BIGINT) AS \"count_star()\" FROM mysql_query('my'"),
                    explain.get(2));
        }
        String log = Files.readString(audit);
        assertTrue(log.contains("\"pushed_sql\":\"SELECT \\\"t\\\".\\\"note\\\" AS \\\"c1\\\" FROM \\\"public\\\".\\\"pd_orders\\\" \\\"t\\\""
                + " WHERE (\\\"t\\\".\\\"id\\\" = ?)\""), log);
        assertFalse(log.contains("= 42)"), "a literal of the pushed SQL reached the audit log");
    }

    @Test
    void thePropertyAndTheConnectionOptionTurnItOff() throws Exception {
        Path audit = dir.resolve("audit-off.jsonl");
        String query = "SELECT id FROM pg.public.pd_orders ORDER BY id LIMIT 2";
        try (Connection off = federation().open("pushdown=off&audit_log=" + audit)) {
            assertEquals(List.of("-3", "-2"), column(off, query));
        }
        TestFederation optionOff = new TestFederation(dir.resolve("option")).postgres("pg", RemoteDatabases.postgres(),
                "options:\n  pushdown: false\n");
        Files.createDirectories(dir.resolve("option"));
        try (Connection c = optionOff.open("audit_log=" + audit)) {
            assertEquals(List.of("-3", "-2"), column(c, query));
        }
        assertFalse(Files.readString(audit).contains("pushed_sql"), "pushed although turned off");
    }

    @Test
    void aReadOnlyConnectionPushesItsReadsAndStillWritesNothing() throws Exception {
        Path audit = dir.resolve("audit-ro.jsonl");
        try (Connection c = federation().open("read_only=true&audit_log=" + audit); Statement s = c.createStatement()) {
            assertEquals(List.of("200000"), column(c, "SELECT max(id) FROM pg.public.pd_orders"));
            assertEquals(List.of("1000"), column(c, "SELECT max(id) FROM my.fedduck_test.pd_orders"));
            try {
                s.execute("SELECT * FROM postgres_query('pg', 'SELECT 1')");
                throw new AssertionError("a read-only connection ran postgres_query itself");
            } catch (SQLException expected) {
                assertEquals("25006", expected.getSQLState(), expected.getMessage());
            }
        }
        assertEquals(2, Files.readAllLines(audit).stream().filter(l -> l.contains("\"pushed_sql\"")).count());
    }

    @Test
    void aPreparedStatementWithoutParametersIsPushedAndOneWithParametersIsNot() throws Exception {
        Path audit = dir.resolve("audit-prepared.jsonl");
        try (Connection c = federation().open("audit_log=" + audit)) {
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT id, note FROM pg.public.pd_orders ORDER BY id DESC LIMIT 2")) {
                for (int run = 0; run < 2; run++) { // and again: the statement it ran on was closed with its result
                    try (ResultSet rs = p.executeQuery()) {
                        assertEquals("id", rs.getMetaData().getColumnLabel(1));
                        assertTrue(rs.next());
                        assertEquals(200000L, rs.getLong(1));
                        assertEquals("note 200000", rs.getString("note"));
                        assertTrue(rs.next());
                        assertFalse(rs.next());
                    }
                }
            }
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT count(*) FROM my.fedduck_test.pd_orders WHERE customer = ?")) {
                p.setInt(1, 7);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(10, rs.getLong(1));
                }
            }
            // a second statement while a pushed prepared result streams: both stay whole
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT id FROM pg.public.pd_orders ORDER BY id LIMIT 5000");
                 ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(List.of("1000"), column(c, "SELECT max(id) FROM my.fedduck_test.pd_orders"));
                int n = 1;
                while (rs.next()) {
                    n++;
                }
                assertEquals(5000, n);
            }
        }
        List<String> lines = Files.readAllLines(audit);
        assertEquals(2, lines.stream().filter(l -> l.contains("DESC LIMIT 2") && l.contains("\"pushed_sql\"")).count());
        assertFalse(lines.stream().anyMatch(l -> l.contains("customer = ?") && l.contains("\"pushed_sql\"")),
                "a statement with parameters was pushed");
    }

    @Test
    void maxRowsBecomeTheSourcesLimit() throws Exception {
        Path audit = dir.resolve("audit-max.jsonl");
        try (Connection c = federation().open("audit_log=" + audit); Statement s = c.createStatement()) {
            s.setMaxRows(200);
            s.setFetchSize(200);
            int n = 0;
            try (ResultSet rs = s.executeQuery("SELECT * FROM pg.public.pd_orders")) {
                while (rs.next()) {
                    n++;
                }
            }
            assertEquals(200, n);
        }
        assertTrue(Files.readString(audit).contains("FROM \\\"public\\\".\\\"pd_orders\\\" \\\"t\\\" LIMIT 200\""),
                Files.readString(audit));
    }

    @Test
    void hostileLiteralsStayLiteralsOnBothServers() throws Exception {
        try (Connection on = federation().open(); Connection off = federation().open("pushdown=off")) {
            for (String table : List.of("pg.public.pd_orders", "my.fedduck_test.pd_orders")) {
                // a backslash before a quote: DuckDB's own mysql filter pushdown let this read every row
                for (String literal : List.of("'it''s'", "'back\\slash'", "'x'' OR ''1''=''1'", "'\\'' OR 1=1 -- '",
                        "'\\'' OR 1=1 #'", "chr(92) || ''' OR 1=1 -- '", "'\"'", "'`'")) {
                    String sql = "SELECT id FROM " + table + " WHERE note IN (" + literal + ", 'none') ORDER BY id";
                    assertEquals(column(off, sql), column(on, sql), sql);
                    assertTrue(column(on, sql).size() <= 1, sql);
                }
                assertEquals(List.of("-2"), column(on, "SELECT id FROM " + table + " WHERE id = -2 AND note IS NOT NULL"));
            }
        }
    }

    /** A statement's whole answer as text: every value, or the error's SQLState. */
    private static String answer(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            StringBuilder out = new StringBuilder();
            int n = rs.getMetaData().getColumnCount();
            for (int i = 1; i <= n; i++) {
                out.append(rs.getMetaData().getColumnLabel(i)).append(':').append(rs.getMetaData().getColumnTypeName(i)).append(' ');
            }
            while (rs.next()) {
                out.append('\n');
                for (int i = 1; i <= n; i++) {
                    out.append(rs.getString(i)).append(" | ");
                }
            }
            return out.toString();
        } catch (SQLException e) {
            return "error " + e.getSQLState();
        }
    }

    @Test
    void whatTheAttackReviewFoundIsAnsweredAsWithoutPushdown() throws Exception {
        try (Connection on = federation().open(); Connection off = federation().open("pushdown=off")) {
            for (String sql : List.of(
                    // a qualified name is the table's column, not the select-list alias of the same name
                    "SELECT b AS a FROM pg.public.pd_review ORDER BY pd_review.a",
                    "SELECT b AS a, a AS b FROM my.fedduck_test.pd_review t ORDER BY t.a DESC",
                    "SELECT b AS a, count(*) FROM pg.public.pd_review GROUP BY pd_review.b ORDER BY 1",
                    // PostgreSQL has no year 0
                    "SELECT id FROM pg.public.pd_review WHERE dt >= DATE '0000-01-01' ORDER BY id",
                    // two columns in two collations
                    "SELECT id FROM pg.public.pd_review WHERE c1 = c2 ORDER BY id",
                    "SELECT id FROM pg.public.pd_review WHERE c1 < c2 ORDER BY id",
                    // no min(boolean) in PostgreSQL
                    "SELECT min(flag), max(flag) FROM pg.public.pd_review",
                    // sums past 38 digits
                    "SELECT sum(big) FROM pg.public.pd_review",
                    "SELECT sum(big) FROM my.fedduck_test.pd_review",
                    // mysql_query reads decimal(p,0) one digit short
                    "SELECT d5, d52, big FROM my.fedduck_test.pd_review ORDER BY id",
                    "SELECT max(d5), min(d52), sum(d5) FROM my.fedduck_test.pd_review",
                    // the table name in another case (MySQL compares names exactly)
                    "SELECT id FROM my.fedduck_test.PD_REVIEW ORDER BY id",
                    // longer than a source's packet once written in hex
                    "SELECT count(*) FROM my.fedduck_test.pd_orders WHERE note = '" + "x".repeat(1_200_000) + "'")) {
                String shown = sql.length() > 200 ? sql.substring(0, 200) + "..." : sql;
                assertEquals(answer(off, sql), answer(on, sql), shown);
                assertFalse(answer(on, sql).startsWith("error"), shown);
            }
        }
    }

    @Test
    void whatTheSecondAttackReviewFoundIsAnsweredAsWithoutPushdown() throws Exception {
        try (Connection on = federation().open(); Connection off = federation().open("pushdown=off")) {
            for (String table : List.of("pg.public.pd_cn", "my.fedduck_test.pd_cn")) {
                for (String sql : List.of(
                        // the source SQL names its outputs c1, c2, ...: they must not capture a column's name
                        "SELECT * FROM {t} ORDER BY c1",
                        "SELECT c2, c1 FROM {t} ORDER BY c1",
                        "SELECT c2 AS c1, c1 AS c2 FROM {t} ORDER BY pd_cn.c1",
                        "SELECT DISTINCT c2, c1 FROM {t} ORDER BY c1 DESC",
                        "SELECT c3 AS x, c3 AS y, count(*) FROM {t} GROUP BY c3 ORDER BY y DESC",
                        "SELECT c3, max(c1) FROM {t} GROUP BY c3 HAVING max(c1) > 15 ORDER BY c3",
                        // DuckDB folds only ASCII letters: the Kelvin sign is not k
                        "SELECT c3 AS \"\u212A\", id AS k FROM {t} ORDER BY k DESC")) {
                    String q = sql.replace("{t}", table);
                    assertEquals(answer(off, q), answer(on, q), q);
                }
            }
            for (String sql : List.of("SELECT \"ä\" FROM pg.public.pd_cn ORDER BY id",
                    "SELECT id FROM pg.public.pd_cn WHERE \"ä\" = 1", "SELECT sum(k), sum(\"\u212A\") FROM pg.public.pd_cn",
                    "SELECT c3 AS \"Ä\", id AS \"ä\" FROM pg.public.pd_cn ORDER BY \"ä\" DESC")) {
                assertEquals(answer(off, sql), answer(on, sql), sql);
            }
        }
        // a DuckDB setting that changes what text comparisons mean: nothing is pushed under it
        Path audit = dir.resolve("audit-collation.jsonl");
        TestFederation nocase = new TestFederation(dir.resolve("nocase")).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
        Files.createDirectories(dir.resolve("nocase"));
        try (Connection on = nocase.open("default_collation=nocase&audit_log=" + audit);
             Connection off = nocase.open("default_collation=nocase&pushdown=off")) {
            for (String sql : List.of("SELECT id FROM pg.public.pd_cn WHERE name = 'a' ORDER BY id",
                    "SELECT name, count(*) FROM my.fedduck_test.pd_cn GROUP BY name ORDER BY name")) {
                assertEquals(answer(off, sql), answer(on, sql), sql);
            }
        }
        assertFalse(Files.readString(audit).contains("pushed_sql"), "pushed under default_collation");
    }

    @Test
    void aStatementInAnOpenTransactionIsPushedThereAndTheTransactionGoesOn() throws Exception {
        Path audit = dir.resolve("audit-tx.jsonl");
        try (Connection c = federation().open("audit_log=" + audit)) {
            c.setAutoCommit(false);
            assertEquals(List.of("2000"), column(c, "SELECT count(*) FROM pg.public.pd_orders WHERE customer = 5 AND id > 0"));
            // a table that does not exist: planning fails quietly, DuckDB reports the error as without pushdown
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT id FROM pg.public.pd_missing ORDER BY id LIMIT 1").close();
            } catch (SQLException expected) {
                assertTrue(expected.getMessage().contains("pd_missing"), expected.getMessage());
            }
            c.rollback();
            assertEquals(List.of("1"), column(c, "SELECT id FROM pg.public.pd_orders WHERE id = 1"));
            c.commit();
        }
        assertTrue(Files.readString(audit).contains("\"pushed_sql\""));
    }

    private static String whereItRuns(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            rs.next();
            return rs.getString(1) + "=" + rs.getString(2);
        }
    }

    @Test
    void aTableWrittenCatalogDotTableIsPushedAndReadWhereDuckDbReadsIt() throws Exception {
        String sql = "SELECT id FROM pg.pd_cn ORDER BY id DESC LIMIT 2";
        Path audit = dir.resolve("audit-short.jsonl");
        try (Connection c = federation().open("audit_log=" + audit); Connection other = federation().open();
             Statement s = c.createStatement()) {
            assertEquals(List.of("4", "3"), column(c, sql));
            assertEquals("pushdown=runs on postgres source pg as one query", whereItRuns(c, sql));
            String join = "SELECT o.id, c.name FROM my.pd_orders o JOIN my.pd_cn c ON o.customer = c.id"
                    + " WHERE o.id < 5 ORDER BY o.id";
            assertEquals(List.of("1", "2", "3", "4"), column(c, join));
            assertEquals("pushdown=runs on mysql source my as one query", whereItRuns(c, join));
            assertTrue(Files.readString(audit).contains("FROM \\\"public\\\".\\\"pd_cn\\\""), Files.readString(audit));
            // Where the session's search path has a schema of the catalog, DuckDB reads the table from there
            for (String move : List.of("USE pg.pd_other", "SET search_path = 'pg.pd_other'", "setSchema")) {
                if (move.equals("setSchema")) {
                    c.setCatalog("pg");
                    c.setSchema("pd_other");
                } else {
                    s.execute(move);
                }
                assertEquals(List.of("72", "71"), column(c, sql), "after " + move);
                c.setCatalog("memory");
                assertEquals(List.of("4", "3"), column(c, sql), "back in memory after " + move);
            }
            assertEquals("pushdown=runs on postgres source pg as one query", whereItRuns(c, sql));
            // In a source (USE, setCatalog), schema.table is that source's schema: pushed, from that schema
            s.execute("USE pg.pd_other");
            for (String inSource : List.of("SELECT id FROM pd_other.pd_cn ORDER BY id DESC LIMIT 2",
                    "SELECT id FROM public.pd_cn ORDER BY id DESC LIMIT 2")) {
                assertEquals("pushdown=runs on postgres source pg as one query", whereItRuns(c, inSource), inSource);
            }
            assertEquals(List.of("72", "71"), column(c, "SELECT id FROM pd_other.pd_cn ORDER BY id DESC LIMIT 2"));
            assertEquals(List.of("4", "3"), column(c, "SELECT id FROM public.pd_cn ORDER BY id DESC LIMIT 2"));
            c.setCatalog("my");
            assertEquals(List.of("1", "2", "3", "4"), column(c, join.replace("my.", "fedduck_test.")));
            assertEquals("pushdown=runs on mysql source my as one query", whereItRuns(c, join.replace("my.", "fedduck_test.")));
            // SET search_path makes its first entry's catalog current too (DuckDB 1.4)
            c.setCatalog("memory");
            s.execute("SET search_path = 'pg.pd_other'");
            assertEquals(List.of("4", "3"), column(c, "SELECT id FROM public.pd_cn ORDER BY id DESC LIMIT 2"));
            assertEquals(List.of("72", "71"), column(c, "SELECT id FROM pd_other.pd_cn ORDER BY id DESC LIMIT 2"));
            s.execute("RESET search_path");
            c.setCatalog("memory");
            // A local schema named like the catalog (made on another connection): DuckDB refuses the name as
            // ambiguous, and so does FedDuck
            try (Statement o = other.createStatement()) {
                o.execute("CREATE SCHEMA PG");
            }
            try {
                SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> column(c, sql));
                assertTrue(refused.getMessage().contains("Ambiguous reference"), refused.getMessage());
                assertEquals(List.of("4", "3"), column(c, "SELECT id FROM pg.public.pd_cn ORDER BY id DESC LIMIT 2"));
            } finally {
                try (Statement o = other.createStatement()) {
                    o.execute("DROP SCHEMA PG");
                }
            }
            assertEquals(List.of("4", "3"), column(c, sql));
        }
    }

    @Test
    void aStatementDuckDbRunsReadsItsSourceTablesThroughQueriesThatFilterThem() throws Exception {
        Path audit = dir.resolve("audit-parts.jsonl");
        String join = "SELECT o.id, p.ch, p.amount FROM my.fedduck_test.pd_orders o JOIN pg.public.pd_part p"
                + " ON o.customer = p.k WHERE o.id < 60 AND p.id > 250 ORDER BY o.id, p.id";
        try (Connection on = federation().open("audit_log=" + audit); Connection off = federation().open("pushdown=off")) {
            assertEquals(answer(off, join), answer(on, join));
            assertEquals("pushdown=runs in DuckDB, tables of sources read through the queries of source_sql",
                    whereItRuns(on, join));
            String log = Files.readString(audit);
            assertTrue(log.contains("WHERE (`t`.`id` < ?)") && log.contains("WHERE (\\\"t\\\".\\\"id\\\" > ?)"), log);
            assertFalse(log.contains("< 60)") || log.contains("> 250)"), "a literal of the sources' SQL reached the audit log");
            for (String sql : List.of(
                    // one source, but lower() and avg stay in DuckDB: the filter goes to MariaDB
                    "SELECT avg(id), lower(max(note)) FROM my.fedduck_test.pd_orders WHERE id BETWEEN 10 AND 20",
                    // a LEFT JOIN's right side: its own ON condition goes with it, a WHERE condition of it does not
                    "SELECT o.id, p.id FROM my.fedduck_test.pd_orders o LEFT JOIN pg.public.pd_part p ON o.customer = p.k"
                            + " AND p.id > 200 WHERE o.id < 30 AND p.id IS NULL ORDER BY o.id",
                    "SELECT o.id, p.id FROM my.fedduck_test.pd_orders o LEFT JOIN pg.public.pd_part p ON o.customer = p.k"
                            + " AND p.id > 200 WHERE o.id < 30 ORDER BY o.id, p.id",
                    // what the differential test found: DuckDB's own scan of a PostgreSQL table sends simple
                    // conditions to PostgreSQL, which compares char(n) without padding and a numeric NaN as NaN
                    "SELECT count(*) FROM pg.public.pd_part WHERE id > 5 AND 'AB ' <> ch",
                    "SELECT count(*) FROM pg.public.pd_part p, my.fedduck_test.pd_orders o WHERE p.k = o.customer"
                            + " AND p.amount > 0 AND p.id > 3 AND o.id < 200",
                    // a double's sum depends on the order rows arrive in: not read through the source then
                    "SELECT sum(p.f), count(*) FROM pg.public.pd_part p JOIN my.fedduck_test.pd_orders o ON p.k = o.customer"
                            + " WHERE p.id > 10")) {
                assertEquals(answer(off, sql), answer(on, sql), sql);
            }
            assertEquals("pushdown=runs in DuckDB, tables of sources read through the queries of source_sql",
                    whereItRuns(on, "SELECT avg(id), lower(max(note)) FROM my.fedduck_test.pd_orders WHERE id BETWEEN 10 AND 20"));
            for (String kept : List.of("SELECT count(*) FROM pg.public.pd_part WHERE id > 5 AND 'AB ' <> ch",
                    "SELECT sum(p.f), count(*) FROM pg.public.pd_part p JOIN my.fedduck_test.pd_orders o ON p.k = o.customer"
                            + " WHERE p.id > 10")) {
                assertFalse(whereItRuns(on, kept).startsWith("pushdown="), kept);
            }
        }
    }

    @Test
    void whatTheFourthAttackReviewFoundIsAnsweredAsWithoutPushdown() throws Exception {
        try (Connection on = federation().open(); Connection off = federation().open("pushdown=off")) {
            for (Connection c : List.of(on, off)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE OR REPLACE TABLE pd_local (id INT, s VARCHAR, n DECIMAL(8,2))");
                    s.execute("INSERT INTO pd_local VALUES (1, 'ab', 0), (2, 'AB', 1), (3, 'x', 4)");
                }
            }
            for (String sql : List.of(
                    // a numeric(38,10) went through a CASE that made it an unconstrained numeric, read as a DOUBLE
                    "SELECT big, sn FROM pg.public.pd_wide WHERE id > 0 ORDER BY id",
                    "SELECT a.big, a.sn, avg(a.id) FROM pg.public.pd_wide a WHERE a.id > 0 GROUP BY a.big, a.sn ORDER BY 3",
                    "SELECT max(big), min(sn) FROM pg.public.pd_wide",
                    // filters DuckDB derives from a join key and sends to PostgreSQL with DuckDB's own scan
                    "SELECT p.id FROM pg.public.pd_part p JOIN pd_local l ON p.amount = l.n WHERE p.id > 0 AND l.n < 5"
                            + " ORDER BY p.id",
                    "SELECT p.id FROM pg.public.pd_part p JOIN pd_local l ON p.ch = l.s WHERE p.id > 0 AND l.s < 'ab '"
                            + " ORDER BY p.id",
                    "SELECT p.id FROM pg.public.pd_part p, pd_local l WHERE p.id > 0 AND (p.amount > 2 AND l.id = 1"
                            + " OR p.amount < 0 AND l.id = 2) ORDER BY p.id",
                    // '1 day' and '24 hours' are equal: which one a DISTINCT keeps depends on the order rows arrive in
                    "SELECT DISTINCT p.iv FROM my.fedduck_test.pd_orders m JOIN pg.public.pd_iv p ON m.customer = p.id"
                            + " WHERE m.id < 300",
                    "SELECT max(p.iv) FROM my.fedduck_test.pd_orders m JOIN pg.public.pd_iv p ON m.customer = p.id"
                            + " WHERE m.id < 300",
                    // read through a query, an array of enums arrives as text that no cast turns back
                    "SELECT id, ea FROM pg.public.pd_enums WHERE id > 0 ORDER BY id",
                    "SELECT x.id, x.ea FROM pg.public.pd_enums x JOIN my.fedduck_test.pd_cn m ON x.id = m.id"
                            + " WHERE x.id > 0 ORDER BY x.id")) {
                assertEquals(answer(off, sql), answer(on, sql), sql);
                assertFalse(answer(on, sql).startsWith("error"), sql);
            }
        }
    }

    @Test
    void whatTheFifthAttackReviewFoundIsAnsweredAsWithoutPushdown() throws Exception {
        try (Connection on = federation().open(); Connection off = federation().open("pushdown=off")) {
            for (Connection c : List.of(on, off)) {
                c.setCatalog("pg");
            }
            // information_schema is DuckDB's own, whatever the search path: not PostgreSQL's
            for (String sql : List.of("SELECT count(*) FROM information_schema.schemata",
                    "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'pd_%'")) {
                assertEquals(answer(off, sql), answer(on, sql), sql);
                assertFalse(whereItRuns(on, sql).startsWith("pushdown="), sql);
            }
            // a 128-bit sum of wide decimals overflows or not with the order of the additions
            String sum = "SELECT sum(w.big), count(*) FROM pg.public.pd_wide w WHERE w.id > 0";
            assertFalse(whereItRuns(on, sum).startsWith("pushdown="), sum);
            assertEquals(answer(off, sum), answer(on, sum), sum);
        }
    }

    @Test
    void aPushedOrderByFollowsTheSessionsDefaultOrderAfterSetSession() throws Exception {
        String sql = "SELECT c1 FROM pg.public.pd_cn ORDER BY c1 LIMIT 2"; // NULL sorts last, or first
        try (Connection c = federation().open(); Connection off = federation().open("pushdown=off");
             Statement s = c.createStatement(); Statement o = off.createStatement()) {
            assertEquals(List.of("10", "20"), column(c, sql)); // the defaults are read once, then kept
            for (String set : List.of("SET SESSION default_order = 'DESC'", "SET SESSION default_null_order = 'NULLS_FIRST'",
                    "RESET SESSION default_order", "RESET SESSION default_null_order")) {
                s.execute(set);
                o.execute(set);
                assertEquals(column(off, sql), column(c, sql), "after " + set);
            }
            assertEquals(List.of("10", "20"), column(c, sql));
        }
    }
}
