package io.fedduck.procedures;

import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.federation.SourceState;
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

    /** The role the statement runs under: what it may see and read. */
    default Role role() {
        return Role.UNRESTRICTED;
    }

    /** The sources that exist for the statement's role (it holds some privilege on them), in order. */
    default List<SourceState> visible(List<SourceState> sources) {
        return sources.stream().filter(s -> role().sees(s.name())).toList();
    }

    /** The sources whose data the statement's role may read (select), in order. */
    default List<SourceState> readable(List<SourceState> sources) {
        return sources.stream().filter(s -> role().may(Privilege.SELECT, s.name())).toList();
    }
}
