package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sql.Refusal.Reason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementClassifierTest {
    @Test
    void catalogCandidatesAreQualifiersAndUseTargetsNotColumnsOrAliases() {
        assertEquals(Set.of("pg", "my", "t", "u"), StatementClassifier.catalogCandidates(ParsedSql.of(
                "SELECT pg.public.t.a, u.b FROM pg.public.t JOIN \"MY\".shop.u u ON t.id = u.id")));
        // a column or an alias spelled like a source is no catalog
        assertEquals(Set.of("x"), StatementClassifier.catalogCandidates(ParsedSql.of(
                "SELECT x.pg, pg, 1 AS pg FROM notes x")));
        assertEquals(Set.of("lite"), StatementClassifier.catalogCandidates(ParsedSql.of("USE lite")));
        assertEquals(Set.of(), StatementClassifier.catalogCandidates(ParsedSql.of("SELECT pg FROM notes")));
    }

    private static final String LABEL = "FedDuck connection 3";
    // FedDuck's names as the JDBC layer tells them; this package does not know the procedures package.
    private static final CallNames CALLS = new CallNames(
            Set.of("connect_database", "disconnect_database", "refresh_database"),
            Set.of("list_database_connections", "list_remote_tables", "describe_remote_table"));

    private static StatementKind kindOf(String sql) {
        List<ClassifiedStatement> statements = StatementClassifier.classify(sql).statements();
        assertEquals(1, statements.size(), () -> "statements of " + sql);
        return statements.get(0).kind();
    }

    private static List<StatementKind> kinds(String sql) {
        return StatementClassifier.classify(sql).statements().stream()
                .map(ClassifiedStatement::kind).collect(Collectors.toList());
    }

    private static void assertAllowed(String sql, boolean readOnly) {
        assertEquals(Optional.empty(), StatementClassifier.refusal(sql, readOnly, CALLS, LABEL), sql);
    }

    private static Refusal assertRefused(String sql, boolean readOnly) {
        return StatementClassifier.refusal(sql, readOnly, CALLS, LABEL)
                .orElseThrow(() -> new AssertionError("not refused: " + sql));
    }

    private static Refusal refusedOnReadOnly(String sql) {
        return assertRefused(sql, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "select * from t where a = 1",
        "  \n\t SELECT 1  ",
        "WITH a AS (SELECT 1) SELECT * FROM a",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
        "WITH a(x) AS (SELECT 1), b AS MATERIALIZED (SELECT 2) SELECT * FROM a, b",
        "WITH a AS NOT MATERIALIZED (SELECT 1) FROM a",
        "WITH a AS (SELECT 1) (SELECT * FROM a)",
        "VALUES (1, 'a'), (2, 'b')",
        "FROM t SELECT a",
        "FROM t",
        "FROM prod_pg.public.orders WHERE id > 3",
        "TABLE t",
        "SHOW TABLES",
        "SHOW ALL TABLES",
        "DESCRIBE t",
        "DESC SELECT 1",
        "SUMMARIZE t",
        "EXPLAIN SELECT 1",
        "EXPLAIN ANALYZE SELECT count(*) FROM t",
        "EXPLAIN (FORMAT json) SELECT 1",
        "EXPLAIN (SELECT 1)",
        "(SELECT 1)",
        "((SELECT 1)) UNION (SELECT 2)",
        "SELECT 'DROP TABLE x'",
        "SELECT 1 -- ; DROP TABLE t",
        "/* ; INSERT */ SELECT 1",
        "/* outer /* nested ; DROP TABLE t */ still comment ; DELETE FROM t */ SELECT 1",
        "SELECT $$; DROP TABLE t$$",
        "SELECT $body$ it's ; INSERT INTO t $body$",
        "SELECT E'it\\'s ; DELETE FROM t'",
        "SELECT 'it''s ; DELETE FROM t'",
        "SELECT \"weird \"\" ; name\" FROM t",
        "SELECT * FROM t WHERE a = $1 AND b = $name AND c = ?",
        "SELECT a$b FROM t",
        "SELECT * FROM query('SELECT 1')",
        "SELECT \"delete\" FROM t",
        "SELECT * FROM range(3) AS mysql_execute(x)",
    })
    void readsAreReads(String sql) {
        assertEquals(StatementKind.READ, kindOf(sql));
        assertAllowed(sql, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET TimeZone='UTC'",
        "SET TimeZone = 'UTC'",
        "SET SESSION search_path = 'x'",
        "SET VARIABLE v = 42",
        "RESET TimeZone",
        "USE prod_pg.public",
        "PRAGMA table_info('t')",
        "PRAGMA show_tables",
        "pragma Version",
        "PRAGMA database_list",
        "PRAGMA storage_info('t')",
        "PRAGMA user_agent",
    })
    void sessionStatementsAreSession(String sql) {
        assertEquals(StatementKind.SESSION, kindOf(sql));
        assertAllowed(sql, true);
    }

    @Test
    void textsThatMakeDuckDbRunAwayAreRefusedAsTooComplex() {
        String comments = "/*".repeat(100_000) + "*/".repeat(100_000) + " SELECT 1";
        StringBuilder ctes = new StringBuilder("WITH a0 AS (SELECT 1)");
        for (int i = 1; i < 600; i++) {
            ctes.append(", a").append(i).append(" AS (SELECT * FROM a").append(i - 1).append(')');
        }
        for (String sql : List.of(comments, ctes + " SELECT * FROM a599")) {
            Optional<Refusal> refusal = StatementClassifier.refusal(sql, false, CALLS, LABEL);
            assertTrue(refusal.isPresent() && refusal.get().reason() == Reason.TOO_COMPLEX, String.valueOf(refusal));
        }
        assertAllowed("/* a /* nested */ comment */ SELECT 1", true);
        StringBuilder fine = new StringBuilder("WITH a0 AS (SELECT 1)");
        for (int i = 1; i < 300; i++) {
            fine.append(", a").append(i).append(" AS (SELECT * FROM a").append(i - 1).append(')');
        }
        assertAllowed(fine + " SELECT * FROM a299", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM histogram_values('/tmp/secret.csv', secret)",
        "SELECT * FROM \"HISTOGRAM_VALUES\"('x.csv', c)"})
    void histogramValuesReadsATableNamedByAStringAndIsRefused(String sql) {
        for (boolean readOnly : new boolean[] {false, true}) {
            Optional<Refusal> refusal = StatementClassifier.refusal(sql, readOnly, CALLS, "FedDuck connection 3");
            assertTrue(refusal.isPresent() && refusal.get().reason() == Refusal.Reason.FORBIDDEN, sql + ": " + refusal);
        }
        assertAllowed("SELECT histogram(i) FROM t", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPLAIN ANALYZE COMMIT", "EXPLAIN ANALYZE END", "EXPLAIN (ANALYZE) ROLLBACK",
        "EXPLAIN ANALYZE ABORT; SELECT nextval('s')", "explain analyse commit work", "EXPLAIN ANALYZE SET TimeZone = 'UTC'"})
    void explainingATransactionOrSessionStatementIsAWriteOnAReadOnlyConnection(String sql) {
        Optional<Refusal> refusal = StatementClassifier.refusal(sql, true, CALLS, "FedDuck connection 3");
        assertTrue(refusal.isPresent() && refusal.get().reason() == Refusal.Reason.READ_ONLY, sql + ": " + refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "BEGIN TRANSACTION", "START TRANSACTION", "COMMIT", "ROLLBACK", "END", "ABORT",
        "SELECT 1; COMMIT", "commit; SELECT 1"})
    void transactionControlTextIsSessionButRefusedOnAReadOnlyConnection(String sql) {
        assertTrue(StatementClassifier.classify(sql).statements().stream()
                .anyMatch(s -> s.kind() == StatementKind.SESSION), sql);
        assertAllowed(sql, false);
        Optional<Refusal> refusal = StatementClassifier.refusal(sql, true, CALLS, "FedDuck connection 3");
        assertTrue(refusal.isPresent() && refusal.get().reason() == Refusal.Reason.READ_ONLY, sql + ": " + refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE MACRO m() AS TABLE SELECT * FROM postgres_query('pg', 'DELETE FROM t RETURNING id')",
        "CREATE OR REPLACE TEMP VIEW v AS SELECT * FROM mysql_query('my', 'SELECT 1')",
        "create temporary macro x() as table select * from sqlite_query('lite', 'select 1')",
        "SELECT 1; CREATE VIEW v AS SELECT * FROM postgres_execute('pg', 'DELETE FROM t')",
        "CREATE VIEW v AS SELECT * FROM query('SELECT * FROM postgres_query(''pg'', ''SELECT 1'')')",
        "EXPLAIN ANALYZE CREATE VIEW v1 AS SELECT * FROM postgres_execute('pgrw', 'INSERT INTO t VALUES (1)')",
        "EXPLAIN ANALYZE CREATE MACRO run_on(s) AS TABLE SELECT * FROM postgres_execute('pgro', s)",
        "explain (analyze) create view v_sq as select * from sqlite_query('sq', 'insert into s values (1) returning *')"})
    void noConnectionMayStoreAViewOrMacroOverARemoteQueryFunction(String sql) {
        for (boolean readOnly : new boolean[] {false, true}) {
            Optional<Refusal> refusal = StatementClassifier.refusal(sql, readOnly, CALLS, "FedDuck connection 3");
            assertTrue(refusal.isPresent() && refusal.get().reason() == Refusal.Reason.FORBIDDEN, sql + ": " + refusal);
        }
        assertAllowed("CREATE TABLE copy AS SELECT * FROM postgres_query('pg', 'SELECT 1')", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (1)",
        "insert into t select * from s",
        "UPDATE t SET a = 1",
        "DELETE FROM t",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
        "CREATE TABLE t (a INT)",
        "CREATE OR REPLACE TEMP TABLE t AS SELECT 1",
        "DROP TABLE t",
        "ALTER TABLE t ADD COLUMN b INT",
        "COPY FROM DATABASE a TO b",
        "VACUUM",
        "ANALYZE",
        "CHECKPOINT",
        "TRUNCATE t",
        "COMMENT ON TABLE t IS 'x'",
        "UPDATE EXTENSIONS",
        "PREPARE p AS SELECT 1",
        "frobnicate the database",
        "\"select\" 1",
        "'SELECT 1'",
        "()",
        "START something",
        "WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a",
        "WITH a AS (SELECT 1), b AS (SELECT 2) DELETE FROM t WHERE id IN (SELECT * FROM b)",
        "WITH a AS (SELECT 1) UPDATE t SET x = 1",
        "WITH a AS (SELECT 1) MERGE INTO t USING a ON true WHEN MATCHED THEN DELETE",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "SELECT * FROM (INSERT INTO t VALUES (1) RETURNING *)",
        "WITH a AS (SELECT 1)",
        "EXPLAIN ANALYZE DELETE FROM t",
        "EXPLAIN ANALYZE INSERT INTO t VALUES (1)",
        "EXPLAIN DELETE FROM t",
        "SELECT * INTO new_table FROM t",
    })
    void writesAreWrites(String sql) {
        assertEquals(StatementKind.WRITE, kindOf(sql));
        Refusal refused = refusedOnReadOnly(sql);
        assertEquals(Reason.READ_ONLY, refused.reason());
        assertAllowed(sql, false);
    }

    @Test
    void aWriteAfterAReadMakesTheTextAWrite() {
        assertEquals(List.of(StatementKind.READ, StatementKind.WRITE), kinds("SELECT 1; DROP TABLE t"));
        Refusal refused = refusedOnReadOnly("SELECT 1; DROP TABLE t");
        assertEquals("FedDuck connection 3 is read-only: DROP is a write (statement 2 of 2). "
                + "Open the connection with read_only=false or call setReadOnly(false).", refused.message());
    }

    @Test
    void insertMessageNamesKeywordAndPosition() {
        Refusal refused = refusedOnReadOnly("SELECT 1; insert into t values ('secret-value')");
        assertEquals("FedDuck connection 3 is read-only: INSERT is a write (statement 2 of 2). "
                + "Open the connection with read_only=false or call setReadOnly(false).", refused.message());
    }

    @Test
    void unknownFirstWordIsNotEchoed() {
        Refusal refused = refusedOnReadOnly("hunter2 is my password");
        assertFalse(refused.message().contains("hunter2"), refused.message());
        assertFalse(refused.message().toLowerCase().contains("password"), refused.message());
        assertTrue(refused.message().contains("does not recognise"), refused.message());
    }

    @Test
    void messagesNeverContainTheSqlText() {
        String sql = "INSERT INTO t VALUES ('s3cr3t-token'); CREATE SECRET (TYPE postgres, PASSWORD 'pw-123')";
        Refusal refused = refusedOnReadOnly(sql);
        assertFalse(refused.message().contains("s3cr3t"), refused.message());
        Refusal forbidden = assertRefused(
                "SELECT * FROM postgres_scan('host=h password=pw-123', 'public', 't')", false);
        assertFalse(forbidden.message().contains("pw-123"), forbidden.message());
        assertFalse(forbidden.message().contains("host=h"), forbidden.message());
    }

    @Test
    void withWriteMessageNamesTheMainStatement() {
        Refusal refused = refusedOnReadOnly("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a");
        assertTrue(refused.message().contains("INSERT is a write (statement 1 of 1)"), refused.message());
    }

    @Test
    void explainAnalyzeMessageNamesBoth() {
        Refusal refused = refusedOnReadOnly("EXPLAIN ANALYZE DELETE FROM t");
        assertTrue(refused.message().contains("EXPLAIN ANALYZE DELETE is a write"), refused.message());
    }

    @Test
    void setGlobalIsNamed() {
        Refusal refused = assertRefused("SET GLOBAL threads=1", false);
        assertEquals(Reason.FORBIDDEN, refused.reason());
        assertEquals("FedDuck connection 3 refuses SET GLOBAL threads (statement 1 of 1): GLOBAL changes the"
                + " DuckDB instance every connection of this federation shares.", refused.message());
    }

    @Test
    void emptyTextsHaveNoStatements() {
        for (String sql : new String[] {"", "   ", ";", " ; ;; ", "-- only a comment", "/* c */ ; -- x", null}) {
            assertTrue(StatementClassifier.classify(sql).statements().isEmpty(), String.valueOf(sql));
            assertAllowed(sql, true);
        }
    }

    @Test
    void splitsOnSemicolonsOutsideStringsAndComments() {
        assertEquals(List.of(StatementKind.READ, StatementKind.SESSION, StatementKind.WRITE),
                kinds("SELECT ';' /* ; */; SET TimeZone = 'a;b' -- ;\n; DROP TABLE t;"));
        assertEquals(List.of(StatementKind.READ), kinds("SELECT $t$ ; $$ ; $t$;;"));
        assertEquals(List.of(StatementKind.READ, StatementKind.READ), kinds("SELECT 1;SELECT 2"));
    }

    @Test
    void unterminatedStringsAndCommentsRunToTheEnd() {
        assertEquals(List.of(StatementKind.READ), kinds("SELECT 'abc; DROP TABLE t"));
        assertEquals(List.of(StatementKind.READ), kinds("SELECT 1 /* ; DROP TABLE t"));
        assertEquals(List.of(StatementKind.READ), kinds("SELECT $$ ; DROP TABLE t"));
        assertEquals(List.of(StatementKind.READ), kinds("SELECT \"abc; DROP TABLE t"));
    }

    @Test
    void callReportsTheProcedureName() {
        ClassifiedStatement call = StatementClassifier.classify("CALL sync_table('a', 'b')").statements().get(0);
        assertEquals(StatementKind.CALL, call.kind());
        assertEquals(Optional.of("sync_table"), call.calledProcedure());
        assertEquals(Optional.of("list_database_connections"),
                StatementClassifier.classify("call Main.\"List_Database_Connections\"()").statements().get(0)
                        .calledProcedure());
        assertEquals(Optional.empty(), StatementClassifier.classify("SELECT 1").statements().get(0)
                .calledProcedure());
        assertAllowed("CALL pragma_version()", true);
    }

    @Test
    void theFederationProceduresAreWritesThatAWritableConnectionMayCall() {
        for (String name : List.of("connect_database", "disconnect_database", "refresh_database")) {
            String sql = "CALL " + name + "(?, password := ?)";
            assertEquals(Optional.of(name), StatementClassifier.classify(sql).statements().get(0).calledProcedure());
            assertAllowed(sql, false);
            Refusal refused = assertRefused(sql, true);
            assertEquals(Reason.READ_ONLY, refused.reason());
            assertTrue(refused.message().contains("CALL " + name + " changes the sources"), refused.message());
        }
    }

    @Test
    void callWithoutNameIsAWrite() {
        assertEquals(StatementKind.WRITE, kindOf("CALL"));
        assertEquals(StatementKind.WRITE, kindOf("CALL 'x'"));
    }

    @Test
    void remoteExecuteIsRefusedOnReadOnlyOnly() {
        String sql = "CALL postgres_execute('pg', 'DROP TABLE x')";
        ClassifiedStatement statement = StatementClassifier.classify(sql).statements().get(0);
        assertEquals(StatementKind.CALL, statement.kind());
        assertEquals(Optional.of("postgres_execute"), statement.calledProcedure());
        assertEquals(Set.of("postgres_execute"), statement.writeCapableFunctions());
        Refusal refused = refusedOnReadOnly(sql);
        assertEquals(Reason.READ_ONLY, refused.reason());
        assertTrue(refused.message().contains("postgres_execute"), refused.message());
        assertFalse(refused.message().contains("DROP"), refused.message());
        assertAllowed(sql, false);
    }

    @Test
    void remoteExecuteInsideASelectIsRefusedOnReadOnly() {
        String sql = "SELECT * FROM main.MYSQL_EXECUTE('my', 'DELETE FROM t')";
        assertEquals(StatementKind.READ, kindOf(sql));
        assertTrue(StatementClassifier.classify(sql).writes());
        assertEquals(Reason.READ_ONLY, refusedOnReadOnly(sql).reason());
        assertAllowed(sql, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"postgres_scan\"('x','y','z')",
        "SELECT * FROM \"postgres_scan\"('x','y','z')",
        "select * from POSTGRES_SCAN ('dsn','public','t')",
        "SELECT * FROM postgres_scan/* hidden */('dsn','public','t')",
        "SELECT * FROM main.postgres_scan('dsn', 'public', 't')",
        "SELECT * FROM system.main.postgres_scan_pushdown('dsn', 'public', 't')",
        "CALL postgres_attach('dsn')",
        "SELECT * FROM sqlite_scan('/tmp/x.db', 't')",
        "CALL sqlite_attach('/tmp/x.db')",
        "SELECT * FROM mysql_scan('host=h', 'db', 't')",
        "SELECT 1; SELECT * FROM postgres_scan('dsn','public','t')",
        "SELECT * FROM query('SELECT * FROM postgres_scan(''dsn'', ''public'', ''t'')')",
        "SELECT * FROM query($$SELECT * FROM sqlite_scan('x.db', 't')$$)",
        "INSERT INTO t SELECT * FROM postgres_scan('dsn','public','t')",
    })
    void forbiddenFunctionsAreRefusedOnEveryConnection(String sql) {
        assertFalse(StatementClassifier.classify(sql).forbiddenFunctions().isEmpty(), sql);
        for (boolean readOnly : new boolean[] {true, false}) {
            Refusal refused = assertRefused(sql, readOnly);
            assertEquals(Reason.FORBIDDEN, refused.reason(), sql);
        }
    }

    @Test
    void forbiddenMessageNamesFunctionAndAlternative() {
        Refusal refused = assertRefused(
                "SELECT 1; select * from POSTGRES_SCAN ('dsn','public','t')", false);
        assertEquals("FedDuck connection 3 refuses postgres_scan (statement 2 of 2): postgres_scan opens its own "
                + "connection from a connection string; query the attached catalog instead, "
                + "e.g. SELECT * FROM <source>.public.<table>.", refused.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT postgres_scan_col FROM t",
        "SELECT postgres_scan FROM t",
        "SELECT 'postgres_scan(''a'')'",
        "SELECT 1 -- postgres_scan('dsn','public','t')",
        "SELECT 1 /* sqlite_scan('x') */",
        "SELECT $$postgres_scan('x')$$",
        "SELECT my_postgres_scan('x')",
        "SELECT * FROM t AS postgres_scan(a, b)",
        "SELECT * FROM postgres_query('pg', 'SELECT 1')",
    })
    void lookalikesAreNotForbidden(String sql) {
        assertTrue(StatementClassifier.classify(sql).forbiddenFunctions().isEmpty(), sql);
        assertAllowed(sql, false);
    }

    @Test
    void forbiddenIsReportedBeforeReadOnly() {
        Refusal refused = assertRefused(
                "DELETE FROM t; SELECT * FROM mysql_scan('h', 'd', 't')", true);
        assertEquals(Reason.FORBIDDEN, refused.reason());
        assertTrue(refused.message().contains("mysql_scan"), refused.message());
    }

    @Test
    void forbiddenFunctionsAreListedPerStatement() {
        Classification classification = StatementClassifier.classify(
                "SELECT * FROM sqlite_scan('a', 'b'); SELECT 1; SELECT * FROM postgres_scan('a','b','c'), "
                        + "mysql_scan('a','b','c')");
        assertEquals(Set.of("sqlite_scan"), classification.statements().get(0).forbiddenFunctions());
        assertEquals(Set.of(), classification.statements().get(1).forbiddenFunctions());
        assertEquals(List.of("postgres_scan", "mysql_scan"),
                List.copyOf(classification.statements().get(2).forbiddenFunctions()));
        assertEquals(List.of("sqlite_scan", "postgres_scan", "mysql_scan"),
                List.copyOf(classification.forbiddenFunctions()));
    }

    @Test
    void publicSetsAreAsDocumented() {
        for (String name : List.of("postgres_scan", "postgres_scan_pushdown", "postgres_attach", "sqlite_attach",
                "sqlite_scan", "mysql_scan", "json_execute_serialized_sql", "enable_logging", "disable_logging",
                "truncate_duckdb_logs", "read_csv", "read_parquet", "glob", "arrow_scan", "query_table")) {
            assertTrue(DuckDbFunctions.FORBIDDEN.contains(name), name);
        }
        assertEquals(Set.of("postgres_execute", "mysql_execute", "postgres_query", "mysql_query", "sqlite_query"),
                DuckDbFunctions.WRITE_CAPABLE);
    }

    // Each of these ran its DROP in duckdb_jdbc 1.4.4.0 while an earlier tokenizer saw a single read.
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1; --x\rDROP TABLE t",
        "SELECT 1 AS a\u20AC$$; DROP TABLE u; SELECT 2 AS b\u20AC$$",
        "SELECT E'a'\n'\\''; DROP TABLE t; --'",
        "SELECT 1;\u00A0DROP TABLE t",
    })
    void writesHiddenFromALooserLexerAreWrites(String sql) {
        assertTrue(kinds(sql).contains(StatementKind.WRITE), sql);
        assertEquals(Reason.READ_ONLY, refusedOnReadOnly(sql).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM query('SELECT * FROM ' || 'range(2)')",
        "SELECT * FROM query('SELECT * FROM postgres'\n'_scan(''a'', ''b'', ''c'')')",
        "SELECT * FROM query('SELECT 1' 'x')",
        "SELECT * FROM query(getvariable('q'))",
        "CREATE MACRO m(q) AS TABLE SELECT * FROM query(q)",
        "SELECT * FROM query()",
        "SELECT * FROM query('SELECT 1', 'x')",
        "SELECT * FROM query(E'SELECT * FROM postgres\\x5fscan(''a'', ''b'', ''c'')')",
        "SELECT * FROM query('SELECT * FROM query(''SELECT * FROM sqlite_scan(x, t)'')')",
        "SELECT * FROM query('SELECT ''unterminated')",
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
    })
    void sqlThatRunsSqlIsForbiddenUnlessItIsOneCheckedConstant(String sql) {
        for (boolean readOnly : new boolean[] {true, false}) {
            Refusal refused = assertRefused(sql, readOnly);
            assertEquals(Reason.FORBIDDEN, refused.reason(), sql);
        }
    }

    @Test
    void queryOfOneConstantIsCheckedAndAllowed() {
        String nested = "SELECT * FROM query('SELECT * FROM query(''SELECT 42'')')";
        assertTrue(StatementClassifier.classify(nested).forbiddenFunctions().isEmpty());
        assertAllowed(nested, true);
        String tooDeep = "SELECT 1";
        for (int i = 0; i < 10; i++) {
            tooDeep = "SELECT * FROM query('" + tooDeep.replace("'", "''") + "')";
        }
        assertEquals(Set.of(StatementClassifier.QUERY_FUNCTION), StatementClassifier.classify(tooDeep).forbiddenFunctions());
        Refusal refused = assertRefused(
                "SELECT * FROM query('SELECT ' || 'password')", false);
        assertTrue(refused.message().startsWith("FedDuck connection 3 refuses query (statement 1 of 1): query runs"),
                refused.message());
        assertFalse(refused.message().contains("password"), refused.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'abc; DROP TABLE t",
        "SELECT 1; SELECT $x$ DROP TABLE t",
        "SELECT 1 /* DROP TABLE t",
        "SELECT \"abc",
        "SELECT E'abc\\'",
        "SELECT 1\u0000; DROP TABLE t",
    })
    void textThatCannotBeReadToItsEndIsRefusedEverywhere(String sql) {
        assertTrue(StatementClassifier.classify(sql).writes());
        assertFalse(StatementClassifier.classify(sql).isReadOnly());
        for (boolean readOnly : new boolean[] {true, false}) {
            Refusal refused = assertRefused(sql, readOnly);
            assertEquals(Reason.UNREADABLE, refused.reason(), sql);
            assertTrue(refused.message().startsWith("FedDuck connection 3 cannot check this SQL: it has "),
                    refused.message());
            assertFalse(refused.message().contains("abc") || refused.message().contains("DROP"),
                    refused.message());
        }
    }

    @Test
    void explainOfACallIsNotACall() {
        ClassifiedStatement explain = StatementClassifier.classify("EXPLAIN CALL sync_table('a')").statements().get(0);
        assertEquals(StatementKind.WRITE, explain.kind());
        assertEquals(Optional.empty(), explain.calledProcedure());
        assertEquals(Optional.empty(), StatementClassifier.classify("EXPLAIN SELECT 1").statements().get(0)
                .calledProcedure());
    }

    @Test
    void isReadOnlyIsTheOppositeOfWrites() {
        assertTrue(StatementClassifier.classify("SELECT 1; SET TimeZone = 'UTC'; CALL x()").isReadOnly());
        assertFalse(StatementClassifier.classify("SELECT 1; DELETE FROM t").isReadOnly());
        assertFalse(StatementClassifier.classify("CALL postgres_execute('pg', 'SELECT 1')").isReadOnly());
        assertTrue(StatementClassifier.classify("").isReadOnly());
    }

    private static SqlTokenizer.Token token(SqlTokenizer.Type type, String text) {
        return new SqlTokenizer.Token(type, text, 0, 0);
    }

    @Test
    void tokenizerUnquotesAndLowerCases() {
        List<SqlTokenizer.Token> tokens = SqlTokenizer.statements("SELECT \"My \"\"Col\"\"\", 'a''b', E'c\\'d', $x$e$x$")
                .get(0).stream().map(t -> token(t.type(), t.text())).collect(Collectors.toList());
        assertEquals(token(SqlTokenizer.Type.WORD, "select"), tokens.get(0));
        assertEquals(token(SqlTokenizer.Type.QUOTED_WORD, "My \"Col\""), tokens.get(1));
        assertEquals(token(SqlTokenizer.Type.STRING, "a'b"), tokens.get(3));
        assertEquals(token(SqlTokenizer.Type.STRING, "c'd"), tokens.get(5));
        assertEquals(token(SqlTokenizer.Type.STRING, "e"), tokens.get(7));
        assertEquals(8, tokens.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ATTACH 'x.db' AS x",
        "ATTACH '' AS evil (TYPE postgres, SECRET fedduck_pg)",
        "DETACH pg",
        "INSTALL httpfs",
        "LOAD httpfs",
        "FORCE INSTALL postgres",
        "CREATE SECRET s (TYPE postgres, PASSWORD 'x')",
        "CREATE OR REPLACE PERSISTENT SECRET s (TYPE s3)",
        "DROP TEMPORARY SECRET fedduck_pg",
        "SET enable_external_access = false",
        "SET GLOBAL enable_logging = true",
        "RESET mysql_session_time_zone",
        "SELECT 1; ATTACH 'x.db' AS x",
    })
    void whatFedDuckManagesIsRefusedOnEveryConnection(String sql) {
        Refusal refused = assertRefused(sql, false);
        assertEquals(Reason.FORBIDDEN, refused.reason());
        assertFalse(refused.message().contains("fedduck_pg"), refused.message());
    }

    @Test
    void tablesNamedSecretAreNotSecrets() {
        assertAllowed("CREATE TABLE secret (x INT)", false);
        assertAllowed("DROP TABLE secret", false);
    }

    @Test
    void connectionsChangeOnlyTheirOwnSessionSettingsReadOnlyOrNot() {
        for (boolean readOnly : new boolean[] {true, false}) {
            assertAllowed("SET TimeZone = 'UTC'", readOnly);
            assertAllowed("SET search_path = 'pg.public'", readOnly);
            assertAllowed("SET VARIABLE x = 1", readOnly);
            for (String shared : List.of("SET threads = 1", "SET memory_limit = '1GB'", "RESET threads",
                    "SET SESSION mysql_tinyint1_as_boolean = false")) {
                assertEquals(Reason.FORBIDDEN, assertRefused(shared, readOnly).reason(), shared);
            }
        }
    }

    @Test
    void readOnlyConnectionsCallOnlyCatalogFunctionsAndNoQueryFunctions() {
        assertAllowed("CALL duckdb_settings()", true);
        assertAllowed("CALL pragma_table_info('t')", true);
        for (String writing : List.of("CALL checkpoint()", "CALL force_checkpoint()",
                "SELECT * FROM postgres_query('pg', 'DELETE FROM t RETURNING 1')",
                "SELECT * FROM mysql_query('my', 'SELECT 1')", "SELECT * FROM sqlite_query('s', 'SELECT 1')")) {
            assertEquals(Reason.READ_ONLY, refusedOnReadOnly(writing).reason(), writing);
        }
        for (String logging : List.of("CALL enable_logging()", "CALL disable_logging()",
                "CALL truncate_duckdb_logs()")) {
            assertEquals(Reason.FORBIDDEN, assertRefused(logging, false).reason(), logging);
        }
    }

    private static List<Optional<String>> connectionArguments(String sql) {
        return StatementClassifier.firstStringArguments(ParsedSql.of(sql), "list_remote_tables", "connection_name");
    }

    @Test
    void firstStringArgumentsReadsConstantConnectionNamesOnly() {
        assertEquals(List.of(Optional.of("pg")), connectionArguments("SELECT * FROM list_remote_tables('pg')"));
        assertEquals(List.of(Optional.of("pg")), connectionArguments("CALL List_Remote_Tables ( 'pg' , table_pattern := 'a%')"));
        assertEquals(List.of(Optional.of("it's")), connectionArguments("FROM temp.main.list_remote_tables('it''s')"));
        assertEquals(List.of(Optional.of("pg")),
                connectionArguments("FROM list_remote_tables(schema_filter := 's', connection_name := 'pg')"));
        assertEquals(List.of(Optional.of("pg")), connectionArguments("FROM list_remote_tables(connection_name => 'pg')"));
        assertEquals(List.of(Optional.of("a"), Optional.of("b")),
                connectionArguments("SELECT * FROM list_remote_tables('a') x JOIN list_remote_tables('b') y USING (table_name)"));
        assertEquals(List.of(Optional.empty()), connectionArguments("SELECT * FROM list_remote_tables(?)"));
        assertEquals(List.of(Optional.empty()), connectionArguments("SELECT * FROM list_remote_tables('p' || 'g')"));
        assertEquals(List.of(Optional.empty()), connectionArguments("SELECT * FROM list_remote_tables(lower('PG'))"));
        assertEquals(List.of(Optional.empty()), connectionArguments("SELECT * FROM list_remote_tables('pg'::VARCHAR)"));
        assertEquals(List.of(Optional.empty()), connectionArguments("SELECT * FROM list_remote_tables(table_pattern := 'x')"));
        assertEquals(List.of(Optional.of("a"), Optional.empty()),
                connectionArguments("SELECT 1 FROM list_remote_tables('a'); SELECT * FROM list_remote_tables($1)"));
        // Strings and comments are not calls; a name without parentheses is not a call either.
        assertEquals(List.of(), connectionArguments("SELECT 'list_remote_tables(''x'')' -- list_remote_tables('y')"));
        assertEquals(List.of(), connectionArguments("SELECT list_remote_tables FROM t"));
    }

    private static List<Optional<String>> tableArguments(String sql) {
        return StatementClassifier.stringArguments(ParsedSql.of(sql), "describe_remote_table", 1, "table_name");
    }

    @Test
    void stringArgumentsReadsTheArgumentAtAPositionOrByName() {
        assertEquals(List.of(Optional.of("t")), tableArguments("SELECT * FROM describe_remote_table('pg', 't')"));
        assertEquals(List.of(Optional.of("s.\"a b\"")),
                tableArguments("CALL describe_remote_table('pg', 's.\"a b\"', include_sample := false)"));
        assertEquals(List.of(Optional.of("t")),
                tableArguments("FROM describe_remote_table(table_name := 't', connection_name := 'pg')"));
        assertEquals(List.of(Optional.of("t")), tableArguments("FROM describe_remote_table(?, table_name => 't')"));
        assertEquals(List.of(Optional.of("t")), tableArguments("FROM describe_remote_table(lower('PG'), 't')"));
        assertEquals(List.of(Optional.empty()), tableArguments("FROM describe_remote_table('pg', ?)"));
        assertEquals(List.of(Optional.empty()), tableArguments("FROM describe_remote_table('pg')"));
        assertEquals(List.of(Optional.empty()), tableArguments("FROM describe_remote_table('pg', 't' || 'x')"));
        assertEquals(List.of(Optional.empty()),
                tableArguments("FROM describe_remote_table('pg', include_sample := 'x')"));
    }
}
