package io.fedduck.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements of one SQL text, in order, as {@link StatementClassifier#classify} sees them.
 *
 * @param statements the non-empty statements
 * @param lexicalProblem why the text could not be read to its end the way DuckDB reads it (say
 *     {@code an unterminated quoted string}), or null; everything after that point is unchecked
 */
public record Classification(List<ClassifiedStatement> statements, String lexicalProblem) {

    public Classification {
        statements = List.copyOf(statements);
    }

    /**
     * True when any statement must be refused on a read-only connection (a write or a write-capable
     * function), or when the text could not be read to its end. CALL statements do not count.
     */
    public boolean writes() {
        return lexicalProblem != null || statements.stream().anyMatch(ClassifiedStatement::writes);
    }

    /** The opposite of {@link #writes()}: every statement reads or changes only the session (or is a CALL). */
    public boolean isReadOnly() {
        return !writes();
    }

    /** The forbidden functions used anywhere in the text, in order of appearance. */
    public Set<String> forbiddenFunctions() {
        Set<String> names = new LinkedHashSet<>();
        statements.forEach(s -> names.addAll(s.forbiddenFunctions()));
        return names;
    }
}
