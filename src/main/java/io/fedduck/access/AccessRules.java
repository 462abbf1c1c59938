package io.fedduck.access;

import io.fedduck.credentials.PasswordHash;
import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The connections file's {@code access:} section: roles, the users who hold them (by the JDBC {@code user}
 * property), the role of connections that give no user, and the tables whose reads the audit log counts
 * as sensitive. A federation without the section has no rules: every connection is
 * {@link Role#UNRESTRICTED}.
 *
 * @param roles the roles by lower-case name
 * @param users the users by lower-case name
 * @param defaultRole the role of a connection that gives no user, or null (such connections are refused)
 * @param sensitive patterns of {@code connection.schema.table} (globs, case-insensitive; a bare connection
 *     name means all its tables) whose reads are sensitive operations
 */
public record AccessRules(Map<String, Role> roles, Map<String, User> users, Role defaultRole,
                          List<String> sensitive) {

    /** A user of the rules: the role it holds and, optionally, the hash of its login password. */
    public record User(String name, Role role, PasswordHash password) {
        @Override
        public String toString() {
            return "User[" + name + ", role=" + role.name() + (password == null ? "" : ", password hash") + "]";
        }
    }

    public AccessRules {
        roles = Map.copyOf(roles);
        users = Map.copyOf(users);
        sensitive = List.copyOf(sensitive);
    }

    /**
     * The role of a connection opened by {@code user} with {@code password}. Refused with 28000, in the same
     * words, for a user the rules do not know, a wrong or missing password, and no user without a default
     * role: the message does not tell which.
     */
    public Role login(String user, char[] password) throws SQLException {
        if (user == null || user.isBlank()) {
            if (defaultRole != null) {
                return defaultRole;
            }
            throw SqlStates.authenticationFailed("FedDuck refused the login: this federation's access rules need"
                    + " a user (the JDBC user property), and give no default_role", null);
        }
        User known = users.get(user.toLowerCase(Locale.ROOT));
        if (known == null) {
            // as long as a wrong password takes: the time must not tell which users exist
            PasswordHash.spendOneDerivation(password);
        }
        boolean passwordOk = known != null && (known.password() == null || known.password().matches(password));
        if (known == null || !passwordOk) {
            throw SqlStates.authenticationFailed("FedDuck refused the login of user '" + user
                    + "': unknown user or wrong password", null);
        }
        return known.role();
    }

    /** True when a user must give a password: the rules hold a hash for it. */
    public boolean needsPassword(String user) {
        User known = user == null ? null : users.get(user.toLowerCase(Locale.ROOT));
        return known != null && known.password() != null;
    }

    /**
     * True when reading {@code connection.schema.table} (lower or mixed case) is a sensitive operation;
     * {@code schema} null: in any schema (a name written without one).
     */
    public boolean isSensitive(String connection, String schema, String table) {
        for (String pattern : sensitive) {
            String[] parts = pattern.split("\\.", -1);
            boolean matches = ConnectionGrant.glob(parts[0]).matcher(connection.toLowerCase(Locale.ROOT)).matches()
                    && (parts.length == 1 || (schema == null
                        || ConnectionGrant.glob(parts[1]).matcher(schema.toLowerCase(Locale.ROOT)).matches())
                        && ConnectionGrant.glob(parts[parts.length - 1]).matcher(table.toLowerCase(Locale.ROOT)).matches());
            if (matches) {
                return true;
            }
        }
        return false;
    }

    /** The role named {@code name}, case-insensitively. */
    public Optional<Role> role(String name) {
        return Optional.ofNullable(name == null ? null : roles.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return "AccessRules[roles=" + roles.keySet() + ", users=" + users.values().stream().map(User::toString)
                .collect(Collectors.joining(", ")) + ", default_role=" + (defaultRole == null ? null : defaultRole.name())
                + ", sensitive=" + sensitive + "]";
    }
}
