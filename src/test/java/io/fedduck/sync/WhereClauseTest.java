package io.fedduck.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WhereClauseTest {
    private static final String SYNTAX_ERROR = "42601";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duckdb.createStatement()) {
            // A table with the columns the accepted clauses use, so that each can be run for real.
            s.execute("CREATE TABLE t (id INTEGER, status VARCHAR, amount INTEGER, created_on DATE,"
                    + " \"Weird Col\" VARCHAR, name VARCHAR, ts TIMESTAMP, x VARCHAR, flag BOOLEAN, note VARCHAR,"
                    + " s STRUCT(f INTEGER), tags VARCHAR[])");
            s.execute("INSERT INTO t VALUES (1, 'open', 20, DATE '2024-02-01', 'w', 'anna',"
                    + " TIMESTAMP '2024-03-01', '7', true, 'n', {'f': 1}, ['a'])");
            s.execute("CREATE MACRO peek() AS (SELECT 1)");
            s.execute("CREATE TABLE canary (x INTEGER)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "status = 'open' AND amount > 10",
        "created_on >= DATE '2024-01-01'",
        "\"Weird Col\" IS NOT NULL",
        "id IN (1,2,3)",
        "lower(name) LIKE 'a%'",
        "ts BETWEEN TIMESTAMP '2024-01-01' AND now()",
        "x::INTEGER > 3",
        "CASE WHEN flag THEN amount ELSE 0 END > 10",
        "note <> 'a;b -- c'",
        "note <> E'it\\'s; -- /* not a comment'",
        "note <> $$a;b -- c$$",
        "note <> $q$a;b /* c$q$",
        "\"Weird Col\" <> 'x--y' AND \"Weird Col\" <> '/*'",
        "s['f'] = 1",
        "struct_extract(s, 'f') = 1",
        "list_contains(tags, 'a')",
        "len(list_filter(tags, t -> t = 'a')) = 1",
        "created_on < current_date AND ts < current_timestamp",
        "main.lower(name) = 'anna'",
        "tags = ['a'] AND s = {'f': 1}",
        "(status = 'open') OR (amount < 0)",
    })
    void acceptsOneBooleanExpressionAndItRuns(String text) throws SQLException {
        WhereClause clause = WhereClause.parse(duckdb, text, "pg");

        assertEquals(text, clause.text());
        assertEquals("(" + text + ")", clause.sql());
        try (Statement s = duckdb.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t WHERE " + clause.sql())) {
            rs.next();
            assertEquals(1, rs.getLong(1), text);
        }
    }

    @Test
    void secondStatementIsRefusedAndNothingRuns() throws SQLException {
        SQLException e = refused("1=1; DROP TABLE canary", SYNTAX_ERROR);

        assertTrue(e.getMessage().contains("second statement"), e.getMessage());
        try (Statement s = duckdb.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'canary'")) {
            rs.next();
            assertEquals(1, rs.getLong(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1=1 -- rest", "1=1 /* x */", "note = 'a' --'", "note = \"x\"/**/"})
    void commentsAreRefused(String text) {
        assertTrue(refused(text, SYNTAX_ERROR).getMessage().contains("comment"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void emptyIsRefused(String text) {
        assertTrue(refused(text, SYNTAX_ERROR).getMessage().contains("empty"));
    }

    @Test
    void nullIsRefused() {
        assertTrue(refused(null, SYNTAX_ERROR).getMessage().contains("empty"));
    }

    @Test
    void unterminatedStringIsAParseError() {
        SQLException e = refused("'abc", SYNTAX_ERROR);

        assertTrue(e.getMessage().contains("not a valid DuckDB expression"), e.getMessage());
        assertTrue(e.getMessage().contains("unterminated quoted string"), e.getMessage());
    }

    @Test
    void parseErrorQuotesOnlyAShortExcerpt() {
        String longTail = "'" + "x".repeat(200);
        SQLException e = refused("note = " + longTail, SYNTAX_ERROR);

        assertTrue(e.getMessage().length() < 250, e.getMessage());
        assertTrue(e.getMessage().endsWith("...)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"id IN (SELECT id FROM other.main.t)", "EXISTS (SELECT 1)",
        "id = (SELECT max(id) FROM t)", "id = ANY([1, 2])"})
    void subqueriesAreRefused(String text) {
        assertTrue(refused(text, INSUFFICIENT_PRIVILEGE).getMessage().contains("subquery"));
    }

    @Test
    void closingTheParenthesisToAddAUnionIsRefused() {
        SQLException e = refused("1=1) UNION ALL (SELECT * FROM pg.public.secret", SYNTAX_ERROR);

        assertTrue(e.getMessage().contains("not one boolean expression"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1=1) ORDER BY (1", "1=1) LIMIT (1", "1=1) GROUP BY ALL HAVING (true",
        "1=1) QUALIFY (true"})
    void closingTheParenthesisToAddAClauseIsRefused(String text) {
        assertTrue(refused(text, SYNTAX_ERROR).getMessage().contains("not one boolean expression"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other.main.t.id = 1", "t.id = 1", "main.t.id = 1"})
    void qualifiedColumnsAreRefused(String text) {
        SQLException e = refused(text, INSUFFICIENT_PRIVILEGE);

        assertTrue(e.getMessage().contains("it names " + text.substring(0, text.indexOf(' '))), e.getMessage());
    }

    @Test
    void inFollowedByATableNameIsAQualifiedColumnForDuckDb() {
        // DuckDB parses "x IN name" as contains(name, x), so the table name is a column reference.
        SQLException e = refused("id IN other.main.t", INSUFFICIENT_PRIVILEGE);

        assertTrue(e.getMessage().contains("it names other.main.t"), e.getMessage());
    }

    @Test
    void structFieldByDotIsRefusedWithTheBracketFormSuggested() {
        SQLException e = refused("s.f = 1", INSUFFICIENT_PRIVILEGE);

        assertTrue(e.getMessage().contains("struct_extract(s, '...')"), e.getMessage());
        assertTrue(e.getMessage().contains("s['...']"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"other.main.f(x) = 1", "pg.lower(name) = 'a'", "x::other.main.mood = 'a'"})
    void qualifiedFunctionsAndTypesAreRefused(String text) {
        assertTrue(refused(text, INSUFFICIENT_PRIVILEGE).getMessage().contains("may not be qualified"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"read_csv('x') IS NULL", "query_table('t') IS NULL", "glob('*') IS NULL"})
    void tableFunctionsAreRefused(String text) {
        String function = text.substring(0, text.indexOf('('));
        assertTrue(refused(text, INSUFFICIENT_PRIVILEGE).getMessage().contains("calls " + function));
    }

    @ParameterizedTest
    @ValueSource(strings = {"getenv('HOME') = 'x'", "current_setting('threads') = 1", "nextval('s') > 1",
        "\"GETENV\"('HOME') = 'x'", "postgres_query('pg', 'SELECT 1') IS NULL", "setseed(0.1) IS NULL",
        "write_log('x') IS NULL", "current_query() <> ''"})
    void functionsThatReachOutsideTheRowAreRefused(String text) {
        assertTrue(refused(text, INSUFFICIENT_PRIVILEGE).getMessage().contains("reads outside the table"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg_get_viewdef(0) IS NULL", "format_type(23, 0) = 'x'",
        "get_block_size('memory') > 0"})
    void builtInMacrosThatReadTheCatalogAreRefused(String text) {
        assertTrue(refused(text, INSUFFICIENT_PRIVILEGE).getMessage().contains("macro"));
    }

    @Test
    void userMacrosAreRefused() {
        assertTrue(refused("peek() = 1", INSUFFICIENT_PRIVILEGE).getMessage().contains("macro peek"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"?", "id = $1", "id = $name"})
    void parametersAreRefused(String text) {
        assertTrue(refused(text, SYNTAX_ERROR).getMessage().contains("a parameter"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEFAULT", "COLUMNS(*) IS NOT NULL", "row_number() OVER () = 1", "#1 = 1"})
    void otherExpressionKindsAreRefused(String text) {
        assertTrue(refused(text, SYNTAX_ERROR).getMessage().contains("it must be one boolean expression"));
    }

    @Test
    void lexicalProblemRespectsQuotes() {
        assertEquals(null, WhereClause.lexicalProblem("a = 'x;y' AND \"b--c\" = E'\\';' AND d = $t$/*$t$"));
        assertTrue(WhereClause.lexicalProblem("a = E'\\'' -- c'").contains("comment"));
        assertTrue(WhereClause.lexicalProblem("a$$b = 1; x").contains("';'"));
        assertTrue(WhereClause.lexicalProblem("a = 1\0").contains("NUL"));
    }

    private static SQLException refused(String text, String sqlState) {
        SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class,
                () -> WhereClause.parse(duckdb, text, "pg"));
        assertEquals(sqlState, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().startsWith("sync_table refuses the where_clause for source 'pg': "),
                e.getMessage());
        return e;
    }
}
