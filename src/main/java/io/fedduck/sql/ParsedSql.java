package io.fedduck.sql;

import io.fedduck.sql.SqlTokenizer.Token;
import java.util.List;

/**
 * One SQL text, read once: its statements as tokens with their offsets, and why it could not be read to its
 * end, if it could not. Everything that reads a statement (the policy, the routing of procedures, the table
 * functions' arguments) takes this value, so a statement is lexed once and every reader agrees with the one
 * lexer that follows DuckDB's. Immutable; its classification is computed on first use and kept.
 */
public final class ParsedSql {
    private static final ParsedSql EMPTY = new ParsedSql("", SqlTokenizer.Lexed.EMPTY);

    private final String text;
    private final List<List<Token>> statements;
    private final String lexicalProblem;
    private final boolean comments;
    private final boolean semicolons;
    private final String complexity;
    private volatile Classification classification;

    /** Deeper nested block comments take DuckDB's parser quadratic time (minutes for 100,000). */
    static final int MAX_COMMENT_DEPTH = 32;
    /**
     * More named subqueries ({@code name AS (...)}: CTEs, macros) than this in one text: a chain of
     * thousands made DuckDB's binder use memory without bound (24 GB for 3,000) until the kernel killed
     * the JVM. 300 chained CTEs bind in milliseconds.
     */
    static final int MAX_NAMED_SUBQUERIES = 500;

    private ParsedSql(String text, SqlTokenizer.Lexed lexed) {
        this.text = text;
        this.statements = lexed.statements();
        this.lexicalProblem = lexed.problem();
        this.comments = lexed.comments();
        this.semicolons = lexed.semicolons();
        this.complexity = complexity(lexed);
    }

    private static String complexity(SqlTokenizer.Lexed lexed) {
        if (lexed.maxCommentDepth() > MAX_COMMENT_DEPTH) {
            return "block comments nested " + lexed.maxCommentDepth() + " deep (at most " + MAX_COMMENT_DEPTH + ")";
        }
        int named = 0;
        for (List<Token> tokens : lexed.statements()) {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).isWord("as") && tokens.get(i + 1).isPunct('(')) {
                    named++;
                }
            }
        }
        return named > MAX_NAMED_SUBQUERIES
                ? named + " named subqueries such as CTEs (at most " + MAX_NAMED_SUBQUERIES + ")" : null;
    }

    /**
     * The offset just after a dotted name ({@code a}, {@code a.b}, {@code "a" . b.c}, comments allowed between
     * the parts) that starts at offset {@code start} of a one-statement text; -1 when no name starts there.
     */
    public int endOfDottedName(int start) {
        if (statements.size() != 1 || lexicalProblem != null) {
            return -1;
        }
        List<Token> tokens = statements.get(0);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).start() == start && tokens.get(i).isIdentifier()) {
                int last = i;
                while (last + 2 < tokens.size() && tokens.get(last + 1).isPunct('.') && tokens.get(last + 2).isIdentifier()) {
                    last += 2;
                }
                return tokens.get(last).end();
            }
        }
        return -1;
    }

    /** Reads {@code sql}; null reads as the empty text. */
    public static ParsedSql of(String sql) {
        return sql == null || sql.isEmpty() ? EMPTY : new ParsedSql(sql, SqlTokenizer.lex(sql));
    }

    /** The text as given. Token offsets index into it. */
    public String text() {
        return text;
    }

    /** The number of non-empty statements. */
    public int statementCount() {
        return statements.size();
    }

    /**
     * Why the text cannot be read to its end the way DuckDB reads it ({@code an unterminated quoted
     * string}, {@code a NUL character}), or null; nothing after that point is checked.
     */
    public String lexicalProblem() {
        return lexicalProblem;
    }

    /**
     * Why the text is too complex to hand to DuckDB safely (a shape that makes its parser or binder run
     * away with time or memory), or null.
     */
    public String complexity() {
        return complexity;
    }

    /** Whether the text has a {@code --} or {@code /* *}{@code /} comment (read as far as it could be read). */
    public boolean hasComments() {
        return comments;
    }

    /** Whether the text has a {@code ;} outside strings and comments (read as far as it could be read). */
    public boolean hasSemicolons() {
        return semicolons;
    }

    /** The offset in {@link #text()} where statement {@code index} (0-based) starts. */
    public int statementStart(int index) {
        return statements.get(index).get(0).start();
    }

    /** The offset in {@link #text()} just after the last token of statement {@code index} (0-based). */
    public int statementEnd(int index) {
        List<Token> tokens = statements.get(index);
        return tokens.get(tokens.size() - 1).end();
    }

    /** Whether the text is one SELECT. */
    public boolean isOneSelect() {
        return statements.size() == 1 && lexicalProblem == null && statements.get(0).get(0).isWord("select");
    }

    /**
     * Whether the text is one SELECT that names, as {@code name.}, one of {@code lowerCaseNames}: the cheap
     * first test of pushdown, before DuckDB's parser is asked (which costs a round trip).
     */
    public boolean isSelectNaming(java.util.Set<String> lowerCaseNames) {
        if (statements.size() != 1 || lexicalProblem != null || lowerCaseNames.isEmpty()) {
            return false;
        }
        List<Token> tokens = statements.get(0);
        if (!tokens.get(0).isWord("select")) {
            return false;
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isIdentifier() && lowerCaseNames.contains(t.text().toLowerCase(java.util.Locale.ROOT))
                    && tokens.get(i + 1).isPunct('.')) {
                return true;
            }
        }
        return false;
    }

    /** The SELECT of a text that is {@code EXPLAIN SELECT ...} (not EXPLAIN ANALYZE), from SELECT on. */
    public java.util.Optional<String> explainedSelect() {
        if (statements.size() != 1 || lexicalProblem != null) {
            return java.util.Optional.empty();
        }
        List<Token> tokens = statements.get(0);
        if (tokens.size() < 2 || !tokens.get(0).isWord("explain") || !tokens.get(1).isWord("select")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(text.substring(tokens.get(1).start(), statementEnd(0)));
    }

    /** The non-empty statements, each as its significant tokens. */
    List<List<Token>> statements() {
        return statements;
    }

    /** The classification, computed once. */
    Classification classification() {
        Classification c = classification;
        if (c == null) {
            c = StatementClassifier.classifyTokens(this);
            classification = c;
        }
        return c;
    }

    @Override
    public String toString() {
        // Never the text: it may hold a secret.
        return "ParsedSql[" + statements.size() + " statement(s)" + (lexicalProblem == null ? "" : ", " + lexicalProblem)
                + "]";
    }
}
