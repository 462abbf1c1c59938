package io.fedduck.sql;

/**
 * Why a SQL text may not run, as {@link StatementClassifier#refusal} decides it; the JDBC layer turns it
 * into an SQLException with the SQLState that fits the {@link Reason}.
 *
 * @param reason the kind of refusal
 * @param message the whole message, naming the connection, the statement's position and a known keyword,
 *     function or setting name; never other text of the statement
 */
public record Refusal(Reason reason, String message) {

    /** The kinds of refusal. */
    public enum Reason {
        /** The text cannot be read to its end as DuckDB reads it (an unterminated quote, a NUL character). */
        UNREADABLE,
        /** Refused on every connection: something FedDuck manages, or a function that reaches around it. */
        FORBIDDEN,
        /** A write on a read-only connection. */
        READ_ONLY,
        /** A text whose shape would make DuckDB run away with time or memory. */
        TOO_COMPLEX
    }
}
