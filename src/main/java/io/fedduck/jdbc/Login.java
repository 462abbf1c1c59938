package io.fedduck.jdbc;

import io.fedduck.access.AccessRules;
import java.util.Optional;

/**
 * The user and password an application gave when it opened a connection (the JDBC {@code user} and
 * {@code password} properties), and the access rules to check them against.
 *
 * @param user the user as given, or null when none was
 * @param password the password as given, or null; wiped once checked
 * @param rules the access rules of the connections file as the driver read it for this connection (a
 *     federation started earlier keeps the file it started with, but a changed file's rules apply to the
 *     connections opened after the change); null: the federation's
 */
public record Login(String user, char[] password, Optional<AccessRules> rules) {
    static final Login NONE = new Login(null, null, null);

    @Override
    public String toString() {
        return "Login[user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
