package io.fedduck.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A role of the connections file's {@code access:} section: its privileges on connections (by name or
 * glob), on the local DuckDB tables, and as a whole. A role sees a connection when it holds any privilege
 * on it; a connection it does not see does not exist for it.
 *
 * @param name the role's name, as written
 * @param connections the grants on connections, in file order (their privileges add up)
 * @param local the privileges on local DuckDB tables: {@link Privilege#SELECT}, {@link Privilege#WRITE_LOCAL}
 * @param global the privileges of the role as a whole: {@link Privilege#CONNECT}, {@link Privilege#ADMIN}
 */
public record Role(String name, List<ConnectionGrant> connections, Set<Privilege> local, Set<Privilege> global) {

    public Role {
        connections = List.copyOf(connections);
        local = Collections.unmodifiableSet(local.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(local));
        global = Collections.unmodifiableSet(global.isEmpty() ? EnumSet.noneOf(Privilege.class)
                : EnumSet.copyOf(global));
    }

    /** The role of a federation without an {@code access:} section: one trusted user who may do everything. */
    public static final Role UNRESTRICTED = new Role("admin", List.of(), Set.of(), Set.of(Privilege.ADMIN));

    public boolean isAdmin() {
        return global.contains(Privilege.ADMIN);
    }

    /** The privileges held on the connection {@code connection} (every privilege for an admin). */
    public Set<Privilege> on(String connection) {
        if (isAdmin()) {
            return EnumSet.allOf(Privilege.class);
        }
        Set<Privilege> held = EnumSet.noneOf(Privilege.class);
        for (ConnectionGrant grant : connections) {
            if (grant.matches(connection)) {
                held.addAll(grant.privileges());
            }
        }
        return held;
    }

    /** True when the role may do {@code privilege} on the connection {@code connection}. */
    public boolean may(Privilege privilege, String connection) {
        return on(connection).contains(privilege);
    }

    /** True when the connection exists for this role: it holds some privilege on it. */
    public boolean sees(String connection) {
        return !on(connection).isEmpty();
    }

    public boolean mayOnLocal(Privilege privilege) {
        return isAdmin() || local.contains(privilege);
    }

    /** True when the local DuckDB tables exist for this role. */
    public boolean seesLocal() {
        return isAdmin() || !local.isEmpty();
    }

    public boolean mayConnect() {
        return isAdmin() || global.contains(Privilege.CONNECT);
    }

    /**
     * True when nothing this role may do writes: its connections then run read-only, which DuckDB
     * enforces (read-only transactions), before FedDuck's reading of the statement.
     */
    public boolean writesNothing() {
        return !isAdmin() && !local.contains(Privilege.WRITE_LOCAL) && !global.contains(Privilege.CONNECT)
                && connections.stream().noneMatch(g -> g.privileges().contains(Privilege.WRITE_REMOTE));
    }
}
