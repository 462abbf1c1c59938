package io.fedduck.jdbc.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The statements of one SQL text, in order, as {@link StatementClassifier#classify} sees them. */
public record Classification(List<ClassifiedStatement> statements) {

    public Classification {
        statements = List.copyOf(statements);
    }

    /** True when any statement must be refused on a read-only connection. */
    public boolean writes() {
        return statements.stream().anyMatch(ClassifiedStatement::writes);
    }

    /** The forbidden functions used anywhere in the text, in order of appearance. */
    public Set<String> forbiddenFunctions() {
        Set<String> names = new LinkedHashSet<>();
        statements.forEach(s -> names.addAll(s.forbiddenFunctions()));
        return names;
    }
}
