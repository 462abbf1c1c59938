package io.fedduck.config;

/**
 * Where a value was written: the connections file as the user named it (or a label such as
 * {@code <inline>}) and the 1-based line; a line of 0 or less means "no line" and prints the label alone.
 */
public record ConfigLocation(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
