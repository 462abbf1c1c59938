package io.fedduck.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Privileges on the connections whose name matches {@code pattern}: a name, or a glob where {@code *} is
 * any run of characters and {@code ?} one character, compared case-insensitively like DuckDB catalog names.
 */
public record ConnectionGrant(String pattern, Set<Privilege> privileges, Pattern compiled) {

    public ConnectionGrant(String pattern, Set<Privilege> privileges) {
        this(pattern, privileges, glob(pattern));
    }

    public ConnectionGrant {
        privileges = Set.copyOf(privileges.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(privileges));
    }

    public boolean matches(String connection) {
        return compiled.matcher(connection.toLowerCase(Locale.ROOT)).matches();
    }

    /** A glob as a regular expression over lower-case text; every other character stands for itself. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
