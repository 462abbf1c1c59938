package io.fedduck.federation;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * One DuckDB instance with every configured source attached, shared by all JDBC connections of the same
 * {@link FederationSpec} in this process. Each JDBC connection gets its own DuckDB connection through
 * {@link #openSession()}; attachments, secrets and local tables are shared.
 */
public final class Federation {
    private static final Logger LOG = Logger.getLogger(Federation.class.getName());

    private final FederationSpec spec;
    private final DuckDBConnection root;
    private final SecretRedactor redactor;
    private final SourceAttacher attacher;
    private final Map<String, SourceState> states = new LinkedHashMap<>();
    private final AtomicLong attachAttempts = new AtomicLong();
    private int references;

    private Federation(FederationSpec spec, DuckDBConnection root) {
        this.spec = spec;
        this.root = root;
        this.redactor = new SecretRedactor(spec.config().sources());
        this.attacher = new SourceAttacher(redactor);
        for (SourceConfig source : spec.config().sources()) {
            states.put(source.name().toLowerCase(Locale.ROOT), SourceState.initial(source));
        }
    }

    /** Starts the DuckDB instance and loads the extensions the configured sources need. */
    static Federation start(FederationSpec spec) throws SQLException {
        DuckDBConnection root = openInstance(spec);
        try {
            Federation federation = new Federation(spec, root);
            federation.loadExtensions();
            return federation;
        } catch (SQLException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static DuckDBConnection openInstance(FederationSpec spec) throws SQLException {
        Properties props = new Properties();
        props.putAll(spec.duckdbSettings());
        props.setProperty("custom_user_agent", "fedduck");
        if (spec.extensionDirectory() != null) {
            props.setProperty("extension_directory", spec.extensionDirectory().toString());
        }
        if (spec.extensionRepository() != null) {
            props.setProperty("custom_extension_repository", spec.extensionRepository());
            props.setProperty("autoinstall_extension_repository", spec.extensionRepository());
        }
        if (!new ExtensionLoader(spec).mayInstall()) {
            // Offline mode: never reach for DuckDB's repository behind the user's back.
            props.setProperty("autoinstall_known_extensions", "false");
        }
        String url = "jdbc:duckdb:" + (spec.localDatabase() == null ? "" : spec.localDatabase().toString());
        try {
            // The DuckDB driver is used directly, not through DriverManager, so FedDuck works inside
            // tools that load drivers in their own class loaders (DBeaver, IntelliJ).
            return (DuckDBConnection) new DuckDBDriver().connect(url, props);
        } catch (SQLException e) {
            throw SqlStates.connectionFailed("cannot open the local DuckDB database "
                    + spec.describeLocalDatabase() + ": " + e.getMessage(), e);
        }
    }

    private void loadExtensions() throws SQLException {
        Set<SourceType> types = EnumSet.noneOf(SourceType.class);
        spec.config().sources().forEach(s -> types.add(s.type()));
        ExtensionLoader loader = new ExtensionLoader(spec);
        for (SourceType type : types) {
            String neededBy = spec.config().sources().stream().filter(s -> s.type() == type)
                    .map(s -> "source '" + s.name() + "'").findFirst().orElse(type.configName());
            loader.load(root, SourceDialect.of(type).extensionName(), neededBy);
        }
        if (types.contains(SourceType.MYSQL)) {
            try (Statement s = root.createStatement()) {
                // MySQL sends TIMESTAMP values in the session time zone without an offset; pinning the
                // session to UTC makes them the same instant whatever the server's or the JVM's zone.
                s.execute("SET GLOBAL mysql_session_time_zone = '+00:00'");
            }
        }
    }

    /**
     * Attaches every source that is not attached yet (all of them the first time; later only those that
     * failed before). Returns one warning per source that failed, or throws the first failure when
     * {@code failFast}. Sources already attached cost nothing.
     */
    synchronized List<SQLWarning> attachPending(boolean failFast) throws SQLException {
        List<SQLWarning> warnings = new ArrayList<>();
        for (Map.Entry<String, SourceState> entry : states.entrySet()) {
            SourceState state = entry.getValue();
            if (state.status() == SourceStatus.CONNECTED) {
                continue;
            }
            attachAttempts.incrementAndGet();
            try {
                attacher.attach(root, state.config());
                entry.setValue(state.connected(Instant.now()));
                LOG.log(Level.FINE, "attached source {0}", state.name());
            } catch (SQLException e) {
                entry.setValue(state.failed(e.getMessage(), Instant.now()));
                LOG.log(Level.WARNING, "FedDuck could not attach {0}", e.getMessage());
                if (failFast) {
                    throw e;
                }
                warnings.add(new SQLWarning(e.getMessage() + " (the other sources work; FedDuck retries"
                        + " this one on the next connect)", e.getSQLState()));
            }
        }
        return warnings;
    }

    /** A new DuckDB connection to this federation's instance, for one JDBC connection. */
    public DuckDBConnection openSession() throws SQLException {
        return (DuckDBConnection) root.duplicate();
    }

    /** The state of every configured source, in configuration order. */
    public synchronized List<SourceState> sources() {
        return List.copyOf(states.values());
    }

    /** How many ATTACH attempts this federation has made in all. */
    public long attachAttempts() {
        return attachAttempts.get();
    }

    /** Removes every configured password from text about to leave FedDuck (errors, logs). */
    public String redact(String text) {
        return redactor.redact(text);
    }

    public FederationSpec spec() {
        return spec;
    }

    /** Gives back one reference; the last one closes the instance and every remote connection. */
    public void release() {
        FederationRegistry.release(this);
    }

    int addReference() {
        return ++references;
    }

    int dropReference() {
        return --references;
    }

    void shutdown() {
        try {
            root.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the DuckDB instance failed", e);
        }
    }
}
