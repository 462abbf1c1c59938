package io.fedduck.federation;

import io.fedduck.config.Secret;
import io.fedduck.config.SourceConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Last line of defence: removes every configured password from text that leaves the federation (error
 * messages from DuckDB, libpq or libmysqlclient), in case some layer echoes one. Passwords of sources
 * added with connect_database are added (and removed again) at runtime; thread-safe.
 */
final class SecretRedactor {
    static final String MASK = "****";

    /** How many sources use each password. */
    private final Map<String, Integer> uses = new HashMap<>();
    /** The passwords, longest first, so a password that contains another is masked whole. */
    private volatile List<String> secrets = List.of();

    SecretRedactor(List<SourceConfig> sources) {
        for (SourceConfig s : sources) {
            add(s.password());
        }
    }

    /** Masks {@code password} from now on (nothing for null or empty). */
    synchronized void add(Secret password) {
        if (password == null || password.isEmpty()) {
            return;
        }
        uses.merge(password.reveal(), 1, Integer::sum);
        publish();
    }

    /** Undoes one {@link #add}: the password stays masked while another source still uses it. */
    synchronized void remove(Secret password) {
        if (password == null || password.isEmpty()) {
            return;
        }
        uses.computeIfPresent(password.reveal(), (k, n) -> n > 1 ? n - 1 : null);
        publish();
    }

    private void publish() {
        java.util.Set<String> spellings = new java.util.HashSet<>();
        for (String password : uses.keySet()) {
            spellings.addAll(spellings(password));
        }
        List<String> sorted = new ArrayList<>(spellings);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(sorted);
    }

    /**
     * A password as it may be written in SQL that reaches a source and comes back in its error: as is, with
     * quotes doubled, as a PostgreSQL {@code E''} string, and as hexadecimal (how pushdown writes MySQL
     * literals; not for passwords under 4 characters, whose hex would mask ordinary digits).
     */
    private static List<String> spellings(String password) {
        List<String> spellings = new ArrayList<>(List.of(password, password.replace("'", "''"),
                password.replace("\\", "\\\\").replace("'", "''")));
        if (password.length() >= 4) {
            String hex = java.util.HexFormat.of().formatHex(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            spellings.add(hex);
            spellings.add(hex.toUpperCase(java.util.Locale.ROOT));
        }
        return spellings;
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
