package io.fedduck.jdbc;

/**
 * The user and password an application gave when it opened a connection (the JDBC {@code user} and
 * {@code password} properties), for the connections file's access rules.
 *
 * @param user the user as given, or null when none was
 * @param password the password as given, or null; wiped once checked
 */
public record Login(String user, char[] password) {
    static final Login NONE = new Login(null, null);

    @Override
    public String toString() {
        return "Login[user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
