package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading DuckDB's parse tree of a statement (json_serialize_sql, from an in-memory DuckDB) as a simple select. */
class SimpleSelectTest {
    private static final List<String> COLUMNS = List.of("id", "Name", "s");
    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    private static Optional<SimpleSelect> read(String sql) throws SQLException {
        try (PreparedStatement ps = duckdb.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return SimpleSelect.read(rs.getString(1));
            }
        }
    }

    /** The table columns of {@code sql}'s result columns, for a table main.t in catalog db with COLUMNS. */
    private static Optional<List<String>> columns(String sql) throws SQLException {
        return read(sql).flatMap(s -> s.resultColumns("db", "main", COLUMNS));
    }

    @Test
    void columnReferencesAndAliasesNameTheTableColumns() throws SQLException {
        assertEquals(Optional.of(List.of("id", "Name")), columns("SELECT id, name FROM t"));
        assertEquals(Optional.of(List.of("id", "Name")), columns("SELECT ID AS x, t.NAME y FROM t WHERE id > 1"));
        assertEquals(Optional.of(List.of("id")), columns("select u.id from t as u order by 1 limit 5"));
        assertEquals(Optional.of(List.of("id")), columns("SELECT main.t.id FROM t"));
        assertEquals(Optional.of(List.of("id")), columns("SELECT db.main.t.id FROM db.main.t"));
        assertEquals(Optional.of(List.of("id")), columns("SELECT DISTINCT id FROM t"));
        assertEquals(Optional.of(List.of("id")), columns("SELECT id FROM t WHERE id = ?"));
    }

    @Test
    void starExpandsToTheTableColumnsLessExcluded() throws SQLException {
        assertEquals(Optional.of(COLUMNS), columns("SELECT * FROM t"));
        assertEquals(Optional.of(COLUMNS), columns("FROM t"));
        assertEquals(Optional.of(List.of("id", "id", "Name", "s")), columns("SELECT id, t.* FROM t"));
        assertEquals(Optional.of(List.of("Name", "s")), columns("SELECT * EXCLUDE (ID) FROM t"));
        assertEquals(Optional.of(COLUMNS), columns("SELECT u.* FROM t u"));
    }

    @Test
    void theTableNameIsReadAsWritten() throws SQLException {
        SimpleSelect bare = read("SELECT * FROM \"My Table\"").orElseThrow();
        assertEquals(List.of("", "", "My Table"), List.of(bare.catalog(), bare.schema(), bare.table()));
        SimpleSelect two = read("SELECT * FROM pg.t").orElseThrow();
        assertEquals(List.of("", "pg", "t"), List.of(two.catalog(), two.schema(), two.table()));
        SimpleSelect three = read("SELECT * FROM pg.public.t").orElseThrow();
        assertEquals(List.of("pg", "public", "t"), List.of(three.catalog(), three.schema(), three.table()));
    }

    @Test
    void referencesThatAreNotTheTablesColumnsAreNotSimple() throws SQLException {
        assertEquals(Optional.empty(), columns("SELECT t.id FROM t AS u"), "the alias hides the table name");
        assertEquals(Optional.empty(), columns("SELECT s.a FROM t"), "a struct field");
        assertEquals(Optional.empty(), columns("SELECT t.s.a FROM t"), "a struct field");
        assertEquals(Optional.empty(), columns("SELECT rowid FROM t"), "not a column of the table");
        assertEquals(Optional.empty(), columns("SELECT x.* FROM t"));
    }

    @Test
    void anythingElseIsNotSimple() throws SQLException {
        for (String sql : List.of(
                "SELECT * FROM t JOIN u ON t.id = u.id", "SELECT * FROM t, u", "SELECT id + 1 FROM t",
                "SELECT 1 FROM t", "SELECT count(*) FROM t", "SELECT id FROM t GROUP BY id",
                "SELECT id FROM t GROUP BY ALL", "SELECT sum(id) FROM t HAVING sum(id) > 1",
                "WITH c AS (SELECT * FROM t) SELECT * FROM c", "SELECT * FROM t UNION SELECT * FROM t",
                "SELECT * FROM (SELECT * FROM t)", "SELECT * FROM range(3)", "SELECT * FROM read_csv('x.csv')",
                "VALUES (1)", "SELECT 1", "SELECT COLUMNS('i.*') FROM t", "SELECT * REPLACE (id + 1 AS id) FROM t",
                "SELECT * FROM t u(a, b)", "SELECT * FROM t; SELECT * FROM t", "INSERT INTO t VALUES (1)",
                "SELECT * FROM", "SELECT id, upper(name) FROM t", "PIVOT t ON id USING sum(id)",
                "SELECT id FROM t WINDOW w AS (ORDER BY id) QUALIFY row_number() OVER w = 1 UNION ALL SELECT 1")) {
            assertEquals(Optional.empty(), read(sql), sql);
        }
    }

    @Test
    void jsonIsReadStrictly() {
        assertEquals(Map.of("a", List.of("x\"\n\u00e9", true, false), "b", new java.math.BigDecimal("18446744073709551615")),
                JsonValue.parse("{\"a\": [\"x\\\"\\n\\u00e9\", true, false], \"b\": 18446744073709551615}"));
        assertEquals(null, JsonValue.parse(" null "));
        assertThrows(IllegalArgumentException.class, () -> JsonValue.parse("{\"a\": 1"));
        assertThrows(IllegalArgumentException.class, () -> JsonValue.parse("[1] x"));
        assertTrue(SimpleSelect.read("not json").isEmpty());
        assertTrue(SimpleSelect.read("{\"error\": false, \"statements\": [{\"node\": 3}]}").isEmpty());
    }
}
