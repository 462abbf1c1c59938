package io.fedduck.internal;

/**
 * The one helper that turns names and constants into SQL text. Every identifier FedDuck writes into
 * DuckDB SQL goes through {@link #identifier}; values are bound as parameters wherever DuckDB allows it,
 * and {@link #literal} is for the few places it does not (ATTACH paths, extension option strings).
 */
public final class SqlText {
    private SqlText() {
    }

    /** Quotes an identifier for DuckDB: wraps it in double quotes and doubles any embedded quote. */
    public static String identifier(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an identifier must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must not contain a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string constant for DuckDB: wraps it in single quotes and doubles any embedded quote. */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string constant must not contain a NUL character");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }
}
