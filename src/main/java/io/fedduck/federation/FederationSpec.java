package io.fedduck.federation;

import io.fedduck.config.FederationConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that identifies one federation: the local DuckDB database (null for in-memory), the
 * connections file it was read from, where extensions come from, and the DuckDB settings it was
 * started with. JDBC connections with equal specs share one federation.
 *
 * @param localDatabase absolute path of the local DuckDB file, or null for an in-memory database
 * @param config the parsed connections file (the file path is part of it)
 * @param extensionDirectory DuckDB's extension_directory, or null for DuckDB's default
 * @param extensionRepository where missing extensions are installed from, or null
 * @param duckdbSettings DuckDB start-up settings passed through from the JDBC properties
 * @param lockdown switch DuckDB's external access off once the configured sources are attached
 */
public record FederationSpec(
        Path localDatabase,
        FederationConfig config,
        Path extensionDirectory,
        String extensionRepository,
        Map<String, String> duckdbSettings,
        boolean lockdown) {

    public FederationSpec {
        Objects.requireNonNull(config, "config");
        duckdbSettings = Map.copyOf(duckdbSettings);
    }

    /** The identity of the federation: equal keys share one DuckDB instance. */
    Object key() {
        return new Key(localDatabase, config.file(), extensionDirectory, extensionRepository, duckdbSettings, lockdown);
    }

    String describeLocalDatabase() {
        return localDatabase == null ? ":memory:" : localDatabase.toString();
    }

    private record Key(Path localDatabase, Path configFile, Path extensionDirectory, String extensionRepository,
                       Map<String, String> duckdbSettings, boolean lockdown) {
    }
}
