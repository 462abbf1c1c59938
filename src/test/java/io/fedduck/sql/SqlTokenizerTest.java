package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sql.SqlTokenizer.Lexed;
import io.fedduck.sql.SqlTokenizer.Token;
import io.fedduck.sql.SqlTokenizer.Type;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Token boundaries exactly where DuckDB 1.4 puts them; each case was checked against duckdb_jdbc 1.4.4.0. */
class SqlTokenizerTest {

    // The tokens without their offsets, so that cases compare type and text.
    private static List<List<Token>> statements(String sql) {
        Lexed lexed = SqlTokenizer.lex(sql);
        assertNull(lexed.problem(), () -> "problem in " + sql);
        return lexed.statements().stream()
                .map(statement -> statement.stream().map(t -> token(t.type(), t.text())).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    private static List<Token> tokens(String sql) {
        List<List<Token>> statements = statements(sql);
        assertEquals(1, statements.size(), () -> "statements of " + sql);
        return statements.get(0);
    }

    private static String texts(String sql) {
        return tokens(sql).stream().map(Token::text).collect(Collectors.joining(" | "));
    }

    private static Token token(Type type, String text) {
        return new Token(type, text, 0, 0);
    }

    @Test
    void tokensKnowWhereTheyAreInTheText() {
        String sql = "SELECT 'it''s', \"a b\" /* c */ FROM\u00A0t; CALL x.y ( $1 )";
        List<List<Token>> statements = SqlTokenizer.lex(sql).statements();
        for (List<Token> statement : statements) {
            for (Token t : statement) {
                assertTrue(t.start() < t.end() && t.end() <= sql.length(), t.toString());
            }
        }
        assertEquals("'it''s'", sql.substring(statements.get(0).get(1).start(), statements.get(0).get(1).end()));
        assertEquals("\"a b\"", sql.substring(statements.get(0).get(3).start(), statements.get(0).get(3).end()));
        assertEquals("t", sql.substring(statements.get(0).get(5).start(), statements.get(0).get(5).end()));
        assertEquals("(", sql.substring(statements.get(1).get(4).start(), statements.get(1).get(4).end()));
        assertEquals("$1", sql.substring(statements.get(1).get(5).start(), statements.get(1).get(5).end()));
        ParsedSql parsed = ParsedSql.of(sql);
        assertEquals(2, parsed.statementCount());
        assertEquals("CALL x.y ( $1 )", sql.substring(parsed.statementStart(1), parsed.statementEnd(1)));
        assertEquals(java.util.Optional.of(new LoneCall("y", sql.indexOf(" ( ") + 1)),
                StatementClassifier.loneCall(ParsedSql.of(sql.substring(parsed.statementStart(1)))).map(
                        c -> new LoneCall(c.name(), c.argumentsStart() + parsed.statementStart(1))));
    }

    @Test
    void lineCommentEndsAtCarriageReturnToo() {
        List<List<Token>> statements = statements("SELECT 1; --x\rDROP TABLE t");
        assertEquals(2, statements.size());
        assertEquals(token(Type.WORD, "drop"), statements.get(1).get(0));
        // a vertical tab or form feed does not end it
        assertEquals(1, statements("SELECT 1; --x\u000BDROP TABLE t").size());
        assertEquals(1, statements("SELECT 1; --x\fDROP TABLE t").size());
    }

    @Test
    void everyNonAsciiCharacterIsPartOfAName() {
        // '€' is no letter for Java, but DuckDB's scanner takes any byte >= 0x80 into a name, and '$' continues
        // a name: these are three statements, not one with a dollar-quoted string in the middle.
        List<List<Token>> statements = statements("SELECT 1 AS a\u20AC$$; DROP TABLE u; SELECT 2 AS b\u20AC$$");
        assertEquals(3, statements.size());
        assertEquals(token(Type.WORD, "a\u20AC$$"), statements.get(0).get(3));
        assertEquals("select | 1 | as | \u00E9t\u00C9", texts("SELECT 1 AS \u00E9t\u00C9"));
        assertEquals(token(Type.WORD, "\u212Aange"), tokens("\u212AANGE(1)").get(0)); // Kelvin sign: no 'k' for DuckDB
        assertEquals("a$$b", tokens("a$$b").get(0).text());
    }

    @Test
    void duckDbUnicodeSpacesSeparateOutsideQuotes() {
        assertEquals("select | 1", texts("SELECT\u00A01"));
        assertEquals("select | 1 | as | a | , | b", texts("SELECT\u20031 AS a,\uFEFFb"));
        assertEquals(token(Type.STRING, "a\u00A0b"), tokens("SELECT 'a\u00A0b'").get(1));
        // DuckDB's own quote tracking takes the fourth '$' of $$$$ for the start of another dollar quote, so
        // this U+00A0 stays, and is part of the name.
        assertEquals(token(Type.WORD, "b\u00A0c"), tokens("SELECT $$$$ AS a, 1 AS b\u00A0c").get(7));
        assertEquals("SELECT 1 AS a b", SqlTokenizer.asDuckDbReadsIt("SELECT 1 AS a\u2060b"));
        assertEquals("SELECT $\u00A0$ $\u00A0$", SqlTokenizer.asDuckDbReadsIt("SELECT $\u00A0$ $\u00A0$"));
        assertEquals(token(Type.STRING, "abc"), tokens("SELECT $\u00A0$abc$\u00A0$").get(1));
    }

    @Test
    void adjacentStringConstantsOnSeparateLinesAreOne() {
        assertEquals(token(Type.STRING, "abcd"), tokens("SELECT 'ab'\n'cd'").get(1));
        assertEquals(token(Type.STRING, "abcd"), tokens("SELECT 'ab' -- c\n  -- d\n 'cd'").get(1));
        assertEquals("select | ab | cd", texts("SELECT 'ab' 'cd'"));
        // the continuation keeps E'..' rules: \' does not end it, so the DROP is inside the string
        List<List<Token>> statements = statements("SELECT E'a'\n'\\'; DROP TABLE t; --'");
        assertEquals(1, statements.size());
        assertEquals(token(Type.STRING, "a'; DROP TABLE t; --"), statements.get(0).get(1));
        // ... and here the string ends after \'' so the DROP is a statement
        assertEquals(2, statements("SELECT E'a'\n'\\''; DROP TABLE t; --'").size());
    }

    @Test
    void escapeStringsDecodeLikeDuckDb() {
        assertEquals(token(Type.STRING, "AA\n'\\x"), tokens("SELECT E'\\x41\\101\\n\\'\\\\\\x'").get(1));
        assertEquals(token(Type.STRING, "\u00A0"), tokens("SELECT e'\\302\\240'").get(1));
        assertEquals(token(Type.STRING, "it's"), tokens("SELECT E'it''s'").get(1));
    }

    @Test
    void prefixedStringsAndIdentifiers() {
        assertEquals("select | 0101 | , | ff | , | nat | , | uni", texts("SELECT B'0101', X'ff', N'nat', U&'uni'"));
        assertEquals(token(Type.QUOTED_WORD, "Range"), tokens("SELECT * FROM U&\"Range\"(3)").get(3));
        assertEquals(token(Type.QUOTED_WORD, "a\"b"), tokens("SELECT \"a\"\"b\"").get(1));
        assertEquals("u | &", texts("u&"));
    }

    @Test
    void numbersStopWhereDuckDbStopsThem() {
        assertEquals(List.of(token(Type.WORD, "select"), token(Type.NUMBER, "1"), token(Type.STRING, "x")),
                tokens("SELECT 1$$x$$"));
        assertEquals(List.of(token(Type.WORD, "select"), token(Type.NUMBER, "1"), token(Type.STRING, "x")),
                tokens("SELECT 1e'x'"));
        assertEquals("select | 1_000.5e-3 | , | 1 | . | . | 2", texts("SELECT 1_000.5e-3, 1..2"));
        assertEquals("select | 0 | x1f", texts("SELECT 0x1F"));
    }

    @Test
    void dollarsAreQuotesParametersOrPartsOfNames() {
        assertEquals(List.of(token(Type.WORD, "select"), token(Type.PARAMETER, "$1"), token(Type.PUNCT, ","),
                token(Type.PARAMETER, "$name"), token(Type.PUNCT, ","), token(Type.PARAMETER, "?"),
                token(Type.PUNCT, ","), token(Type.PARAMETER, "?2")), tokens("SELECT $1, $name, ?, ?2"));
        assertEquals(token(Type.STRING, " $a$ $b "), tokens("SELECT $_b$ $a$ $b $_b$").get(1));
        assertEquals(token(Type.STRING, "x"), tokens("SELECT $\u00E9$x$\u00E9$").get(1));
        // $delim$...$junk$delim$: the body ends at the first exact delimiter
        assertEquals(token(Type.STRING, "...$junk"), tokens("SELECT $d$...$junk$d$").get(1));
    }

    @Test
    void blockCommentsNest() {
        assertEquals("select | 1", texts("SELECT /* a /* b */ ; DROP TABLE t */ 1"));
        assertEquals("select | 1", texts("SELECT /*/ x */ 1"));
        assertEquals("select | 1 | * | 2", texts("SELECT 1 */*c*/ 2"));
    }

    @Test
    void unreadableTextIsReported() {
        assertEquals("an unterminated quoted string", SqlTokenizer.lex("SELECT 'abc; DROP TABLE t").problem());
        assertEquals("an unterminated quoted string", SqlTokenizer.lex("SELECT E'abc\\'").problem());
        assertEquals("an unterminated /* comment", SqlTokenizer.lex("SELECT 1 /* /* */").problem());
        assertEquals("an unterminated dollar-quoted string", SqlTokenizer.lex("SELECT $a$ x $b$").problem());
        assertEquals("an unterminated quoted identifier", SqlTokenizer.lex("SELECT \"abc").problem());
        assertEquals("a NUL character", SqlTokenizer.lex("SELECT 1\u0000; DROP TABLE t").problem());
        assertNull(SqlTokenizer.lex("SELECT 1 -- no newline at the end").problem());
    }

    @Test
    void unpairedSurrogatesBecomeWhatTheDriverSends() {
        assertEquals(token(Type.PARAMETER, "?"), tokens("SELECT \uD800").get(1));
        assertEquals(token(Type.WORD, "a\uD83D\uDE00"), tokens("SELECT a\uD83D\uDE00").get(1));
    }
}
