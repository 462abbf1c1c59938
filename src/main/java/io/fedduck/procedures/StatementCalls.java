package io.fedduck.procedures;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What FedDuck read lexically from a statement about to run, for the table functions it names. */
public interface StatementCalls {

    /** The statement's identifiers, lower case. */
    Set<String> identifiers();

    /**
     * One entry per call of {@code function} (lower case) in the statement: the argument named
     * {@code parameter} (or given first) when it is a string constant, otherwise empty.
     */
    default List<Optional<String>> stringArguments(String function, String parameter) {
        return stringArguments(function, 0, parameter);
    }

    /**
     * One entry per call of {@code function} (lower case) in the statement: the argument named
     * {@code parameter}, or given at {@code position} (0 for the first), when it is a string constant,
     * otherwise empty.
     */
    List<Optional<String>> stringArguments(String function, int position, String parameter);
}
