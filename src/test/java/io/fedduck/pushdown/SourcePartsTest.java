package io.fedduck.pushdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sql.JsonValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How SourceParts reads DuckDB's parse tree: which conditions may go with which table, and what it refuses. */
class SourcePartsTest {
    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    private static Optional<SourceParts.Reading> read(String sql) throws SQLException {
        try (PreparedStatement ps = duckdb.prepareStatement("SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return SourceParts.read(JsonValue.onlyStatementNode(rs.getString(1)));
            }
        }
    }

    /** How many conditions each table may be sent with, in FROM order. */
    private static List<Integer> sendable(String sql) throws SQLException {
        return read(sql).orElseThrow().tables().stream().map(t -> t.conditions().size()).toList();
    }

    @Test
    void whereConditionsOfOneTableGoWithItAndJoinConditionsStay() throws SQLException {
        SourceParts.Reading r = read("SELECT o.id, c.name FROM my.orders o JOIN pg.public.customers c ON o.cid = c.id"
                + " AND c.region = 'EU' WHERE o.status = 'open' AND o.amount > c.credit AND lower(c.name) = 'x'").orElseThrow();
        assertEquals(List.of("my", "pg"), r.tables().stream().map(t -> t.catalog().isEmpty() ? t.schema() : t.catalog()).toList());
        assertEquals(List.of(1, 2), r.tables().stream().map(t -> t.conditions().size()).toList());
        assertEquals(List.of("id", "cid", "status", "amount"), List.copyOf(r.tables().get(0).columns()));
        assertTrue(r.tables().get(1).columns().containsAll(List.of("name", "id", "region", "credit")));
        assertEquals("o", r.tables().get(0).binding());
        assertTrue(r.tables().get(0).aliased());
    }

    @Test
    void aLeftJoinsRightSideGetsOnlyItsOwnOnConditions() throws SQLException {
        // WHERE p.x IS NULL keeps the rows the join made up: sent with p, it would keep others
        assertEquals(List.of(1, 1), sendable("SELECT * FROM my.o LEFT JOIN pg.public.p ON o.k = p.k AND p.y > 1"
                + " AND o.z = 2 WHERE p.x IS NULL AND o.w = 3"));
        SourceParts.Reading all = read("SELECT * FROM my.o LEFT JOIN pg.public.p ON o.k = p.k AND p.y > 1"
                + " WHERE p.x IS NULL").orElseThrow();
        assertEquals(3, all.conditions().size(), "the WHERE clause, and each operand of the ON's AND");
        // an inner join after a LEFT JOIN: its condition on the nullable side stays too
        assertEquals(List.of(0, 0, 1), sendable("SELECT * FROM my.o LEFT JOIN pg.public.p ON o.k = p.k"
                + " JOIN pg.public.q ON q.k = o.k AND p.x IS NULL AND q.v = 1"));
    }

    @Test
    void aliasesAreFoldedInAsciiOnlyAsDuckDbFoldsThem() throws SQLException {
        // "Ä" and "ä" are two tables to DuckDB: a condition of the second is not the first's
        assertEquals(List.of(0, 1), sendable("SELECT * FROM my.o \"Ä\" JOIN pg.public.p \"ä\" ON \"Ä\".k = \"ä\".k"
                + " WHERE \"ä\".x = 1"));
        assertEquals(List.of(1, 0), sendable("SELECT * FROM my.o A JOIN pg.public.p b ON a.k = b.k WHERE \"A\".x = 1"));
    }

    @Test
    void bareNamesMayGoWithAnyTableAndThePlannerKeepsThemWhereTheColumnIs() throws SQLException {
        assertEquals(List.of(1, 1), sendable("SELECT * FROM my.o, pg.public.p WHERE status = 'x'"));
        // with a column of o: o's, if o has status too (else the planner does not send it)
        assertEquals(List.of(1, 0), sendable("SELECT * FROM my.o, pg.public.p WHERE status = o.k"));
        assertEquals(List.of(0, 0), sendable("SELECT * FROM my.o, pg.public.p WHERE p.status = o.k"));
        assertEquals(List.of(1), sendable("SELECT * FROM pg.public.p WHERE p.a = 1 AND b = 2 OR 1 = 1"));
    }

    @Test
    void aggregatesGroupsAndDistinctNameTheColumnsWhoseTypesMustBeExact() throws SQLException {
        SourceParts.Reading r = read("SELECT o.region, sum(o.amount), count(*), max(p.at) FROM my.o JOIN pg.public.p"
                + " ON o.k = p.k GROUP BY o.region").orElseThrow();
        assertEquals(java.util.Set.of(new SourceParts.ColumnOf(0, "region", false), new SourceParts.ColumnOf(0, "amount", true),
                new SourceParts.ColumnOf(1, "at", false)), java.util.Set.copyOf(r.typedColumns()));
        assertEquals(java.util.Set.of(new SourceParts.ColumnOf(-1, "a", false), new SourceParts.ColumnOf(0, "b", false)),
                java.util.Set.copyOf(read("SELECT DISTINCT a, p.b FROM pg.public.p WHERE a > 1").orElseThrow().typedColumns()));
    }

    @Test
    void whatMayDependOnTheOrderRowsArriveInIsNotRead() throws SQLException {
        for (String sql : List.of(
                "SELECT string_agg(o.name) FROM my.o WHERE o.k = 1", // order-sensitive aggregate
                "SELECT first(o.name) FROM my.o WHERE o.k = 1",
                "SELECT sum(o.a * 2) FROM my.o WHERE o.k = 1", // an aggregate of an expression: its type is not known
                "SELECT row_number() OVER () FROM my.o WHERE o.k = 1", // window
                "SELECT lower(o.a), count(*) FROM my.o WHERE o.k = 1 GROUP BY 1", // a group that is not a column
                "SELECT DISTINCT * FROM my.o WHERE o.k = 1",
                "SELECT o.a FROM my.o WHERE o.k = 1 GROUP BY ALL",
                "SELECT my_macro(o.a) FROM my.o WHERE o.k = 1", // a function it does not know
                "SELECT o.a FROM my.o WHERE o.k IN (SELECT 1)", // subquery
                "SELECT list_transform(o.l, x -> x + 1) FROM my.o WHERE o.k = 1", // lambda
                "SELECT * EXCLUDE (a) FROM my.o WHERE o.k = 1",
                "SELECT my.o.a FROM my.o WHERE o.k = 1", // three-part column
                "WITH w AS (SELECT 1) SELECT * FROM my.o, w WHERE o.k = 1",
                "SELECT * FROM my.o RIGHT JOIN pg.public.p ON o.k = p.k WHERE o.k = 1",
                "SELECT * FROM my.o JOIN pg.public.p USING (k) WHERE o.k = 1",
                "SELECT * FROM my.o UNION ALL SELECT * FROM pg.public.p")) {
            assertFalse(read(sql).isPresent(), sql);
        }
        assertTrue(read("SELECT lower(o.a) || 'x', count(DISTINCT o.f), o.k + 1 FROM my.o WHERE o.k = 1"
                + " AND o.a LIKE 'x%' GROUP BY o.a, o.k ORDER BY 2 LIMIT 5").isPresent());
    }

    @Test
    void aStructFieldIsItsColumn() throws SQLException {
        SourceParts.Table t = read("SELECT s.f FROM my.o WHERE o.k = 1").orElseThrow().tables().get(0);
        assertTrue(t.columns().contains("s"), t.columns().toString());
        SourceParts.Reading o = read("SELECT 1 FROM my.o WHERE s.f = o.k").orElseThrow();
        assertEquals(java.util.Set.of("s", "k"), SourceParts.columnNames(o.conditions().get(0), "o"));
    }
}
