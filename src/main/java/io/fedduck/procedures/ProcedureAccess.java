package io.fedduck.procedures;

import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.util.List;

/**
 * The access rules of the procedures: sync_table needs {@code sync} on its connection, connect_database and
 * disconnect_database the role's {@code connect}, refresh_database sight of its connection. A connection the
 * role does not see is unknown to it, in the words of an unknown one.
 */
final class ProcedureAccess {
    private ProcedureAccess() {
    }

    /**
     * Refuses connect_database of the database a connection the role does not see already reads (the same
     * SQLite file, or the same host, port and database): attached under a new name, it would be seen.
     */
    static void requireNotHiddenDatabase(Role role, Federation federation, io.fedduck.config.SourceConfig wanted)
            throws SQLException {
        if (role.isAdmin()) {
            return;
        }
        for (SourceState state : federation.sources()) {
            if (!role.sees(state.name()) && sameDatabase(state.config(), wanted)) {
                throw SqlStates.forbidden("connect_database refused: role '" + role.name() + "' may not attach"
                        + " this database (access rules of the connections file)");
            }
        }
    }

    private static boolean sameDatabase(io.fedduck.config.SourceConfig a, io.fedduck.config.SourceConfig b) {
        if (a.type() != b.type()) {
            return false;
        }
        if (a.filePath() != null || b.filePath() != null) {
            if (a.filePath() == null || b.filePath() == null) {
                return false;
            }
            try {
                return java.nio.file.Files.isSameFile(a.filePath(), b.filePath());
            } catch (java.io.IOException e) {
                return a.filePath().toAbsolutePath().normalize().equals(b.filePath().toAbsolutePath().normalize());
            }
        }
        return a.port() == b.port() && java.util.Objects.equals(a.database(), b.database())
                && a.host() != null && b.host() != null && (a.host().equalsIgnoreCase(b.host())
                || isLoopback(a.host()) && isLoopback(b.host()));
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** Throws unless {@code role} may run {@code procedure}, which needs {@code privilege} on {@code connection}. */
    static void require(Role role, Federation federation, String procedure, String connection, Privilege privilege)
            throws SQLException {
        if (role.isAdmin()) {
            return;
        }
        if (connection != null && privilege != Privilege.CONNECT && !role.sees(connection)
                || procedure.equals(FederationProcedures.DISCONNECT) && !role.sees(connection)) {
            // unknown to the role, in the words of an unknown connection, listing only those it sees
            List<SourceState> visible = federation.sources().stream().filter(s -> role.sees(s.name())).toList();
            throw SqlStates.undefinedObject(KnownSources.problem(procedure, visible, connection));
        }
        boolean allowed = switch (privilege) {
            case CONNECT -> role.mayConnect();
            case SELECT -> connection == null || role.sees(connection);
            default -> connection != null && role.may(privilege, connection);
        };
        if (!allowed) {
            throw SqlStates.forbidden(procedure + " refused: role '" + role.name() + "' does not hold "
                    + privilege.configName() + (privilege == Privilege.CONNECT ? ""
                    : " on connection '" + connection + "'") + " (access rules of the connections file)");
        }
        if (privilege == Privilege.SYNC && !role.mayOnLocal(Privilege.WRITE_LOCAL)) {
            throw SqlStates.forbidden(procedure + " refused: role '" + role.name() + "' does not hold write_local"
                    + " on the local tables, which a sync writes (access rules of the connections file)");
        }
    }
}
