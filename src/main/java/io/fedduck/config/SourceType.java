package io.fedduck.config;

import java.util.Locale;
import java.util.Optional;

/** The kinds of database a connection in the connections file can point at. */
public enum SourceType {
    POSTGRES("postgres", 5432),
    MYSQL("mysql", 3306),
    SQLITE("sqlite", 0);

    private final String configName;
    private final int defaultPort;

    SourceType(String configName, int defaultPort) {
        this.configName = configName;
        this.defaultPort = defaultPort;
    }

    /** The spelling used for {@code type:} in the connections file. */
    public String configName() {
        return configName;
    }

    /** The port used when none is given; 0 for file-based sources. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Looks a type up by its connections-file spelling, case-insensitively. */
    public static Optional<SourceType> fromConfigName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SourceType t : values()) {
            if (t.configName.equals(wanted)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
