package io.fedduck.config;

import io.fedduck.access.AccessRules;
import io.fedduck.credentials.MasterKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The validated content of a connections file: the sources in file order. */
public final class FederationConfig {
    private static final FederationConfig EMPTY = new FederationConfig(null, List.of());

    private final Path file;
    private final List<SourceConfig> sources;
    private final CredentialRules credentials;
    private final AccessRules access;

    /** Sources without a file's credential settings: ENC(...) values given at run time use FEDDUCK_MASTER_KEY. */
    public FederationConfig(Path file, List<SourceConfig> sources) {
        this(file, sources, new CredentialRules(new MasterKeys(null, null, System.getenv()), false));
    }

    FederationConfig(Path file, List<SourceConfig> sources, CredentialRules credentials) {
        this(file, sources, credentials, null);
    }

    FederationConfig(Path file, List<SourceConfig> sources, CredentialRules credentials, AccessRules access) {
        this.file = file;
        this.sources = List.copyOf(sources);
        this.credentials = credentials;
        this.access = access;
    }

    /** The file's access rules; empty when it has no access: section (one trusted user may do everything). */
    public Optional<AccessRules> access() {
        return Optional.ofNullable(access);
    }

    /** How ENC(...) credentials given at run time (connect_database) are decrypted, and whether clear text is refused. */
    public CredentialRules credentials() {
        return credentials;
    }

    public static FederationConfig empty() {
        return EMPTY;
    }

    /** The connections file this came from, or null when there is none. */
    public Path file() {
        return file;
    }

    public List<SourceConfig> sources() {
        return sources;
    }

    /** The source with this name, compared case-insensitively like DuckDB catalog names. */
    public Optional<SourceConfig> source(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return sources.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return "FederationConfig[file=" + file + ", sources=" + sources + "]";
    }
}
