package io.fedduck.federation;

import io.fedduck.config.SourceConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Last line of defence: removes every configured password from text that leaves the federation (error
 * messages from DuckDB, libpq or libmysqlclient), in case some layer echoes one.
 */
final class SecretRedactor {
    static final String MASK = "****";

    private final List<String> secrets = new ArrayList<>();

    SecretRedactor(List<SourceConfig> sources) {
        for (SourceConfig s : sources) {
            if (s.password() != null && !s.password().isEmpty()) {
                secrets.add(s.password().reveal());
            }
        }
        // Longest first, so a password that contains another is masked whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
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
