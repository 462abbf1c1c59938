package io.fedduck.config;

/**
 * Where a value was written: the connections file as the user named it (or a label such as
 * {@code <inline>}), the 1-based line and the 1-based column; a line of 0 or less means "no line" and
 * prints the label alone, a column of 0 or less prints {@code file:line}.
 */
public record ConfigLocation(String file, int line, int column) {
    /** A location without a column. */
    public ConfigLocation(String file, int line) {
        this(file, line, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
