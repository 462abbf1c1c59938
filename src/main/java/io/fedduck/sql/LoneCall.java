package io.fedduck.sql;

/**
 * A SQL text that is exactly one {@code CALL [catalog.][schema.]name(...)} statement.
 *
 * @param name the called name, lower case, without its qualifier
 * @param argumentsStart the offset in the text of the parenthesis that opens the arguments, or -1 when the
 *     name is not followed by one
 */
public record LoneCall(String name, int argumentsStart) {
}
