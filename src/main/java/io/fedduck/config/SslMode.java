package io.fedduck.config;

import java.util.Locale;
import java.util.Optional;

/** TLS policy for a network source, as written in {@code ssl_mode:}. */
public enum SslMode {
    DISABLE("disable"),
    REQUIRE("require"),
    VERIFY_FULL("verify-full");

    private final String configName;

    SslMode(String configName) {
        this.configName = configName;
    }

    /** The spelling used for {@code ssl_mode:} in the connections file. */
    public String configName() {
        return configName;
    }

    /** Looks a mode up by its connections-file spelling, case-insensitively. */
    public static Optional<SslMode> fromConfigName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SslMode m : values()) {
            if (m.configName.equals(wanted)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
