package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One reading of a text, shared by every reader. */
class ParsedSqlTest {

    @Test
    void theClassificationIsComputedOnceAndShared() {
        ParsedSql parsed = ParsedSql.of("SELECT 1; CALL list_remote_tables('pg')");
        assertSame(StatementClassifier.classify(parsed), StatementClassifier.classify(parsed));
        assertEquals(2, parsed.statementCount());
        assertEquals("list_remote_tables", StatementClassifier.classify(parsed).statements().get(1).calledProcedureName());
    }

    @Test
    void commentsSemicolonsAndProblemsAreReportedOutsideStringsOnly() {
        ParsedSql plain = ParsedSql.of("a = '--;' AND b = $$/*$$ AND \"c;\" = 1");
        assertFalse(plain.hasComments());
        assertFalse(plain.hasSemicolons());
        assertNull(plain.lexicalProblem());
        assertTrue(ParsedSql.of("a = 1 -- x").hasComments());
        assertTrue(ParsedSql.of("a = 1 /* x */").hasComments());
        assertTrue(ParsedSql.of("a = 1;").hasSemicolons());
        assertEquals("an unterminated quoted string", ParsedSql.of("a = 'x; DROP TABLE t").lexicalProblem());
        assertFalse(ParsedSql.of("a = 'x; DROP TABLE t").hasSemicolons());
    }

    @Test
    void emptyAndNullReadAsNoStatements() {
        assertEquals(0, ParsedSql.of(null).statementCount());
        assertEquals("", ParsedSql.of(null).text());
        assertEquals(0, ParsedSql.of(" ;; -- x").statementCount());
    }

    @Test
    void toStringNeverShowsTheText() {
        assertFalse(ParsedSql.of("SELECT 'hunter2'").toString().contains("hunter2"));
    }
}
