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
        List<String> sorted = new ArrayList<>(uses.keySet());
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(sorted);
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
