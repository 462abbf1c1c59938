package io.fedduck.sql;

import java.util.Set;

/**
 * The names of FedDuck's own callables, which the layers above this package own and hand down, so that
 * reading SQL never depends on them. All names are lower case.
 *
 * @param federationProcedures procedures that change the sources every connection of a federation shares
 *     ({@code connect_database}, ...): refused on a read-only connection
 * @param tableFunctions table functions that only report ({@code list_remote_tables}, ...): a read-only
 *     connection may CALL them
 */
public record CallNames(Set<String> federationProcedures, Set<String> tableFunctions) {

    /** No names: only DuckDB's own catalog functions count as read-only calls. */
    public static final CallNames NONE = new CallNames(Set.of(), Set.of());

    public CallNames {
        federationProcedures = Set.copyOf(federationProcedures);
        tableFunctions = Set.copyOf(tableFunctions);
    }
}
