package io.fedduck.sql;

import java.util.regex.Pattern;

/**
 * Removes DuckDB's "Did you mean ..." hints from error text: they name objects of any attached catalog,
 * whether the reader may see them or not. Handles the plain text ({@code \nDid you mean "pg.t"?}) and an
 * error written as JSON ({@code errors_as_json}: escaped quotes and line breaks, and a {@code candidates}
 * member).
 */
public final class ErrorHints {
    private static final Pattern HINT = Pattern.compile(
            "(\\s|\\\\n)*Did you mean \\\\?\"([^\"\\\\\\n]|\\\\[^\"])*\\\\?\"\\?"
                    + "|,?\\s*\"candidates\"\\s*:\\s*\"([^\"\\\\]|\\\\.)*\"");

    private ErrorHints() {
    }

    public static String strip(String text) {
        return text == null ? null : HINT.matcher(text).replaceAll("");
    }
}
