package io.fedduck.credentials;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection an ENC(...) value was made for: source type, host, port and user name, written as
 * {@code postgres://report@db.example.com:5432} ({@code [::1]} for an IPv6 address). It is sealed inside the value, and FedDuck decrypts a value
 * only for a connection that matches it: pointing a connection's {@code host:} (or a connect_database call)
 * at another server does not send that server the password.
 */
public record CredentialBinding(String type, String host, int port, String user) {
    private static final Pattern WRITTEN =
            Pattern.compile("([A-Za-z]+)://(?:([^@/\\s]*)@)?(?:\\[([^\\]\\s]+)]|([^:/@\\s\\[]+)):(\\d{1,5})");

    public CredentialBinding {
        type = type.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
        user = user == null ? "" : user;
        if (user.indexOf('\n') >= 0 || host.indexOf('\n') >= 0 || user.indexOf('\t') >= 0 || host.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("a user or host name with a tab or a line break");
        }
    }

    /** Reads {@code type://user@host:port} (the user may be left out: {@code type://host:port}). */
    public static CredentialBinding parse(String text) {
        Matcher m = WRITTEN.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--for must look like postgres://user@host:5432 (the connection's"
                    + " type, username, host and port as the connections file gives them)");
        }
        return new CredentialBinding(m.group(1), m.group(3) != null ? m.group(3) : m.group(4),
                Integer.parseInt(m.group(5)), m.group(2) == null ? "" : m.group(2));
    }

    /** As sealed inside a value: the four parts apart, whatever characters a user name holds. */
    String sealed() {
        return type + "\t" + user + "\t" + host + "\t" + port;
    }

    static CredentialBinding unsealed(String text) {
        String[] parts = text.split("\t", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a sealed connection");
        }
        return new CredentialBinding(parts[0], parts[2], Integer.parseInt(parts[3]), parts[1]);
    }

    @Override
    public String toString() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host; // an IPv6 address
        return type + "://" + (user.isEmpty() ? "" : user + "@") + shownHost + ":" + port;
    }
}
