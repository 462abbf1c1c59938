package io.fedduck.federation;

import io.fedduck.access.AccessRules;
import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.concurrent.locks.ReentrantLock;
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
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, Pattern> namePatterns = new ConcurrentHashMap<>();
    /** Serialises attaching: DuckDB connections (the root one here) take one statement at a time. */
    private final ReentrantLock attachLock = new ReentrantLock();
    /** The source types whose extension is loaded (added under attachLock after start; read by anyone). */
    private final Set<SourceType> loadedTypes = ConcurrentHashMap.newKeySet();
    /** The extensions' cached view of the sources' tables and columns: when it was emptied, and emptying it. */
    private final CatalogCache catalogCache;
    /** What FedDuck last learned of each attached source's server. */
    private final HealthChecks healthChecks;
    /** Makes up for the postgres extension's pool slots that failed connection attempts leak. */
    private final PostgresPoolSlots poolSlots;
    /** How long a source found stalled is refused at once before a statement checks it again. */
    static final Duration RECHECK_AFTER = Duration.ofSeconds(2);
    /** How long a statement waits for that check, and list_database_connections for all of them. */
    public static final Duration CHECK_BOUND = Duration.ofMillis(1500);
    /** How long a failed source rests before a connect tries it again. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);
    private int references;
    private final Object controlLock = new Object();
    /** A DuckDB connection for cancelling remote work, opened on first use (guarded by controlLock). */
    private DuckDBConnection control;
    /** True once DuckDB's external access is off (lockdown): from then on nothing can be attached. */
    private volatile boolean lockedDown;
    private final String localCatalog;
    /** One lock per local table that a sync_table run is writing, so two runs never interleave. */
    private final Map<String, ReentrantLock> syncLocks = new ConcurrentHashMap<>();

    private Federation(FederationSpec spec, DuckDBConnection root) throws SQLException {
        this.spec = spec;
        this.root = root;
        try (Statement s = root.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            this.localCatalog = rs.getString(1);
        }
        this.redactor = new SecretRedactor(spec.config().sources());
        this.attacher = new SourceAttacher(redactor);
        this.catalogCache = new CatalogCache(root);
        this.healthChecks = new HealthChecks(() -> {
            try {
                return root.duplicate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open a DuckDB connection for a health check: "
                        + e.getMessage(), e);
            }
        }, redactor);
        this.poolSlots = new PostgresPoolSlots(root);
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
        if (spec.duckdbSettings().keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .noneMatch(k -> k.equals("memory_limit") || k.equals("max_memory"))) {
            props.setProperty("memory_limit", MemoryBudget.defaultDuckDbLimit());
        }
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
        for (SourceType type : types) {
            String neededBy = spec.config().sources().stream().filter(s -> s.type() == type)
                    .map(s -> "source '" + s.name() + "'").findFirst().orElse(type.configName());
            loadExtension(type, neededBy);
        }
    }

    /** Loads the extension for {@code type} once per instance (the root connection's lock held, or at start). */
    private void loadExtension(SourceType type, String neededBy) throws SQLException {
        if (loadedTypes.contains(type)) {
            return;
        }
        new ExtensionLoader(spec).load(root, SourceDialect.of(type).extensionName(), neededBy);
        if (type == SourceType.MYSQL) {
            try (Statement s = root.createStatement()) {
                // MySQL sends TIMESTAMP values in the session time zone without an offset; pinning the
                // session to UTC makes them the same instant whatever the server's or the JVM's zone.
                s.execute("SET GLOBAL mysql_session_time_zone = '+00:00'");
                // The 1.4.4 extension writes a pushed-down text filter into MySQL's SQL escaping quotes but not
                // backslashes: WHERE note = '\'' OR 1=1 -- ' returned every row, and a crafted value runs SQL of
                // its own choosing on MySQL (UNION with other tables, INTO OUTFILE). Constant folding makes any
                // text expression such a value, so no reading of the statement can stop it: DuckDB evaluates
                // MySQL filters itself, and FedDuck's pushdown (hexadecimal literals) sends them.
                s.execute("SET GLOBAL mysql_experimental_filter_pushdown = false");
            }
        }
        loadedTypes.add(type);
        // Nothing of this type is cached yet: the extension reads its catalogs on first use.
        catalogCache.markFresh(Set.of(type));
    }

    // ---- connect_database / disconnect_database / refresh_database -------------------------------

    /**
     * Adds a source at runtime (origin {@code session}): its name must be new among all sources
     * (case-insensitive). Connectivity is tested by attaching it; a failed attach leaves no catalog, no
     * secret and no state behind. The new catalog is visible to every connection of this federation.
     *
     * @throws SQLException 42710 for a taken name, or the attach error (28000, 08001, ...) free of the password
     */
    public SourceState connect(SourceConfig source) throws SQLException {
        attachLock.lock();
        try {
            refuseWhenLockedDown("connect_database('" + source.name() + "')");
            requireNewName(source.name());
            requireFreeCatalogName(source.name());
            loadExtension(source.type(), "connect_database('" + source.name() + "')");
            redactor.add(source.password());
            attachAttempts.incrementAndGet();
            Instant start = Instant.now();
            try {
                attacher.attach(root, source);
            } catch (SQLException e) {
                LOG.log(Level.FINE, "connect_database could not attach {0}", e.getMessage());
                redactor.remove(source.password());
                throw e;
            }
            SourceState added = SourceState.added(source, Instant.now(), Duration.between(start, Instant.now()));
            update(added);
            LOG.log(Level.FINE, "connect_database attached source {0}", source.name());
            return added;
        } finally {
            attachLock.unlock();
        }
    }

    /** Throws 42710, listing the existing names, when a source named {@code name} (any case) exists. */
    public synchronized void requireNewName(String name) throws SQLException {
        SourceState existing = states.get(name.toLowerCase(Locale.ROOT));
        if (existing != null) {
            throw new SQLException("connect_database: a connection named '" + existing.name()
                    + "' already exists; existing connections: " + knownNames()
                    + ". Choose another name, or disconnect_database('" + existing.name() + "') first",
                    SqlStates.DUPLICATE_OBJECT);
        }
    }

    /** DuckDB's own catalogs (memory, the local file's, temp, system) cannot be shadowed by a source. */
    private void requireFreeCatalogName(String name) throws SQLException {
        try (java.sql.PreparedStatement ps = root.prepareStatement(
                "SELECT database_name FROM duckdb_databases() WHERE lower(database_name) = lower(?)")) {
            ps.setString(1, name);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new SQLException("connect_database: the name '" + name + "' is taken by DuckDB's catalog '"
                            + rs.getString(1) + "'; choose another name", SqlStates.DUPLICATE_OBJECT);
                }
            }
        }
    }

    /**
     * Detaches a source and drops its secret. A session source is forgotten; a source of the connections
     * file stays listed as disconnected, and the next JDBC connection opened on this federation (or
     * refresh_database) attaches it again.
     */
    public SourceState disconnect(String name) throws SQLException {
        attachLock.lock();
        try {
            SourceState state = require("disconnect_database", name);
            refuseWhenLockedDown("disconnect_database('" + state.name() + "')");
            attacher.detach(root, state.config());
            SourceState after = state.disconnected();
            synchronized (this) {
                if (state.session()) {
                    states.remove(state.name().toLowerCase(Locale.ROOT));
                } else {
                    update(after);
                }
            }
            if (state.session()) {
                redactor.remove(state.config().password());
                lastUsed.remove(state.name().toLowerCase(Locale.ROOT));
            }
            return after;
        } finally {
            attachLock.unlock();
        }
    }

    /**
     * Empties the extension's cached view of the source's tables and columns, and attaches the source
     * again when it is not attached (status error or disconnected).
     *
     * @return the state afterwards, and whether it was attached anew
     */
    public Refreshed refresh(String name) throws SQLException {
        attachLock.lock();
        try {
            SourceState state = require("refresh_database", name);
            if (loadedTypes.contains(state.config().type())) {
                catalogCache.clearNow(Set.of(state.config().type()));
            }
            if (state.status() == SourceStatus.CONNECTED) {
                return new Refreshed(state, false);
            }
            refuseWhenLockedDown("refresh_database('" + state.name() + "') attaching it again");
            loadExtension(state.config().type(), "source '" + state.name() + "'");
            attachAttempts.incrementAndGet();
            Instant start = Instant.now();
            try {
                attacher.attach(root, state.config());
            } catch (SQLException e) {
                update(state.failed(e.getMessage(), Instant.now(), Duration.between(start, Instant.now())));
                throw e;
            }
            SourceState after = state.connected(Instant.now(), Duration.between(start, Instant.now()));
            update(after);
            return new Refreshed(after, true);
        } finally {
            attachLock.unlock();
        }
    }

    // ---- fresh catalogs (metadata_ttl) --------------------------------------------------------------

    /**
     * Makes sure DuckDB's view of the attached sources' tables and columns is at most {@code maxAge} old:
     * empties the extension's catalog cache ({@code pg_clear_cache()}, {@code mysql_clear_cache()}; they
     * empty every attached catalog of their type) of each source type last emptied longer ago, so that the next
     * read of DuckDB's catalog (duckdb_tables(), information_schema, a table named in a query,
     * DatabaseMetaData) asks the source again. Call it at the start of every such read; with the
     * connection's {@code metadata_ttl}, a table or column created in a source shows up within that time.
     *
     * <p>Cost: a clock check when the cache is fresh; otherwise one local call per source type (no round
     * trip to any source), and the next catalog read then reloads that type's catalogs from the sources
     * (about as long as the first read after start). It works under lockdown (no ATTACH). A clear waits up
     * to {@link CatalogCache#GATE_WAIT} for statements other connections are starting; if they keep the
     * gate, the cache is left as it is and the next call tries again. Zero: always empty it.
     */
    public void refreshStaleCatalogs(Duration maxAge) throws SQLException {
        catalogCache.clearOlderThan(Set.copyOf(loadedTypes), maxAge);
    }

    /**
     * Empties the catalog cache of every source type now (the user asked for fresh metadata), waiting for
     * statements other connections are starting.
     *
     * @throws SQLException 55006 when other connections kept starting statements for 30 s
     */
    public void refreshCatalogs() throws SQLException {
        catalogCache.clearNow(Set.copyOf(loadedTypes));
    }

    /**
     * Empties the catalog cache of source {@code name}'s type now (every source of that type), waiting for
     * statements other connections are starting; nothing for a type that keeps no cache.
     */
    public void refreshCatalogOf(String name) throws SQLException {
        SourceState state = require("refresh", name);
        if (loadedTypes.contains(state.config().type())) {
            catalogCache.clearNow(Set.of(state.config().type()));
        }
    }

    /** How many times a catalog cache was emptied since start. */
    public long catalogClears() {
        return catalogCache.clears();
    }

    /**
     * A statement is about to be bound and started: until {@link #endCatalogUse}, no catalog cache is
     * emptied (the mysql extension frees the table entries a bound statement still reads when its scan
     * starts). Hold it while a statement executes, not while its result is read.
     *
     * @return the stamp for {@link #endCatalogUse}
     */
    public long beginCatalogUse() {
        return catalogCache.enter();
    }

    public void endCatalogUse(long stamp) {
        catalogCache.leave(stamp);
    }

    /** What refresh_database did. */
    public record Refreshed(SourceState state, boolean reattached) {
    }

    private synchronized SourceState require(String procedure, String name) throws SQLException {
        SourceState state = name == null ? null : states.get(name.toLowerCase(Locale.ROOT));
        if (state == null) {
            throw SqlStates.undefinedObject(procedure + ": unknown connection '" + name + "'; known connections: "
                    + knownNames());
        }
        return state;
    }

    private synchronized String knownNames() {
        String known = states.values().stream().map(SourceState::name)
                .sorted(java.util.Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT)))
                .collect(java.util.stream.Collectors.joining(", "));
        return known.isEmpty() ? "none" : known;
    }

    /**
     * Attaches every source that is not attached yet (all of them the first time; later only those that
     * failed before). Returns one warning per source that is not attached, or throws the first failure
     * when {@code failFast}. Sources already attached cost nothing.
     *
     * <p>A failed source is retried after {@link #RETRY_INTERVAL} (or twice as long as its failed attempt
     * took, if longer: a source that hangs until its timeout is not retried by every connect), and a connect
     * does not wait for
     * another connect's retry: while a source is down, a pool opening connections must not pay its
     * connection_timeout once per connection, one after another. The first attach of all sources and any
     * fail_fast connect do wait, as their callers need the outcome.
     */
    List<SQLWarning> attachPending(boolean failFast) throws SQLException {
        if (lockedDown) {
            return warningsForUnattached(" (it was not attached when FedDuck started, and with lockdown on DuckDB"
                    + " attaches nothing later: it is tried again when every connection of this federation has"
                    + " closed, or set lockdown=false)", failFast);
        }
        boolean mustWait = failFast || neverAttempted();
        if (mustWait) {
            attachLock.lock();
        } else if (!attachLock.tryLock()) {
            return warningsForUnattached(" (FedDuck is retrying it on another connection)", false);
        }
        List<SourceState> failed = new ArrayList<>();
        try {
            if (lockedDown) {
                return warningsForUnattached(" (it was not attached when FedDuck started, and with lockdown on"
                        + " DuckDB attaches nothing later)", failFast);
            }
            for (SourceState state : sources()) {
                if (state.status() == SourceStatus.CONNECTED || !failFast && !dueForRetry(state)) {
                    continue;
                }
                try {
                    attachOnce(state);
                } catch (SQLException e) {
                    SourceState now = current(state.name().toLowerCase(Locale.ROOT));
                    failed.add(state.failed(e.getMessage(), null, now.lastAttemptTook()));
                    if (failFast) {
                        throw e;
                    }
                }
            }
            if (spec.lockdown()) {
                lockDown();
            }
        } finally {
            // The rest before a retry counts from the end of this pass, not from each failure: a pass
            // that waits on several dead sources must not leave the first of them due at once.
            Instant end = Instant.now();
            failed.forEach(f -> update(f.failed(f.lastError(), end, f.lastAttemptTook())));
            attachLock.unlock();
        }
        return warningsForUnattached(spec.lockdown()
                ? " (the other sources work; with lockdown on, FedDuck cannot attach this one until every"
                        + " connection of this federation has closed, or set lockdown=false)"
                : " (the other sources work; FedDuck retries this one on a later connect)", false);
    }

    /**
     * How passwords given to connect_database are read: ENC(...) under the connections file's master key.
     * Clear text stays allowed there (require_encrypted_credentials is about what the file holds).
     */
    public io.fedduck.config.CredentialRules credentialRules() {
        return new io.fedduck.config.CredentialRules(spec.config().credentials().keys(), false);
    }

    /**
     * Switches DuckDB's external access off, for good (DuckDB cannot switch it back on): from now on no
     * statement reads or writes a file other than the local database and its temp directory (which DuckDB
     * allows by itself), installs or loads an extension, or attaches a database. The extensions are loaded
     * and the configured sources attached before; attached catalogs keep working.
     */
    private void lockDown() throws SQLException {
        try (Statement s = root.createStatement()) {
            s.execute("SET enable_external_access = false");
        }
        lockedDown = true;
        LOG.log(Level.FINE, "external access is off for {0}", spec.describeLocalDatabase());
    }

    private void refuseWhenLockedDown(String what) throws SQLException {
        if (lockedDown) {
            throw SqlStates.forbidden(what + " is refused: this federation runs with lockdown=true, so DuckDB"
                    + " attaches no source after start. Add the source to the connections file, or open the"
                    + " connection with lockdown=false (a personal machine, where the SQL author owns the files).");
        }
    }

    private synchronized boolean neverAttempted() {
        return states.values().stream().anyMatch(s -> s.lastAttempt() == null);
    }

    /** Due after RETRY_INTERVAL, or twice as long as the failed attempt took when that was longer. */
    private static boolean dueForRetry(SourceState state) {
        if (state.lastAttempt() == null) {
            return true;
        }
        Duration rest = state.lastAttemptTook().multipliedBy(2);
        return state.lastAttempt().plus(rest.compareTo(RETRY_INTERVAL) > 0 ? rest : RETRY_INTERVAL)
                .isBefore(Instant.now());
    }

    private synchronized void update(SourceState state) {
        states.put(state.name().toLowerCase(Locale.ROOT), state);
        healthChecks.forget(state.name());
    }

    private synchronized List<SQLWarning> warningsForUnattached(String note, boolean failFast) throws SQLException {
        List<SQLWarning> warnings = new ArrayList<>();
        for (SourceState state : states.values()) {
            if (state.status() == SourceStatus.ERROR) {
                if (failFast) {
                    throw SqlStates.connectionFailed(state.lastError() + note, null);
                }
                warnings.add(new SQLWarning(state.lastError() + note, SqlStates.CONNECTION_FAILED));
            }
        }
        return warnings;
    }

    /**
     * For an error about a missing object: why the sources named in {@code sql} that are not attached
     * are missing, or an empty string. (DuckDB alone would only say the table does not exist.)
     */
    public synchronized String whyUnattached(String sql) {
        StringBuilder why = new StringBuilder();
        for (SourceState state : states.values()) {
            if (state.status() != SourceStatus.CONNECTED && mentions(sql, state.name())) {
                why.append(" [source '").append(state.name()).append("' is not attached")
                        .append(state.lastError() == null ? "" : ": " + state.lastError()).append(']');
            }
        }
        return why.toString();
    }

    /**
     * Notes the time for every source a statement names (list_database_connections' last_used).
     *
     * @param identifiers the statement's identifiers, lower case
     */
    public void noteUse(Set<String> identifiers) {
        Instant now = null;
        for (SourceState state : sources()) {
            SourceConfig source = state.config();
            if (identifiers.contains(source.name().toLowerCase(Locale.ROOT))) {
                now = now == null ? Instant.now() : now;
                lastUsed.put(source.name().toLowerCase(Locale.ROOT), now);
            }
        }
    }

    /**
     * For each attached source among {@code names} (lower case) whose session FedDuck can reach: the source's
     * name and the query that returns the id of the session the current DuckDB transaction runs on it, and
     * makes the source stop that work after {@code timeoutMillis} where it can (0: no timeout; see
     * {@link SourceDialect#remoteSessionQuery}).
     */
    public Map<String, String> remoteSessionQueries(Set<String> names, long timeoutMillis) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (SourceState state : sources()) {
            if (state.status() == SourceStatus.CONNECTED && names.contains(state.name().toLowerCase(Locale.ROOT))) {
                SourceDialect.of(state.config().type()).remoteSessionQuery(state.name(), timeoutMillis)
                        .ifPresent(q -> queries.put(state.name(), q));
            }
        }
        return queries;
    }

    // ---- health --------------------------------------------------------------------------------

    /** Checks every attached source now, in parallel, waiting at most {@code bound} for all the answers. */
    public void checkSources(Duration bound) {
        healthChecks.check(sources(), bound);
    }

    /** Checks every attached source every {@code interval} in the background (the shortest asked for wins). */
    public void checkSourcesEvery(Duration interval) {
        healthChecks.checkEvery(interval, this::sources, CHECK_BOUND);
    }

    /**
     * Checks source {@code name} now, waiting at most {@code bound}: true when it is attached and answered.
     */
    public boolean answers(String name, Duration bound) {
        SourceState state = current(name.toLowerCase(Locale.ROOT));
        if (state == null || state.status() != SourceStatus.CONNECTED) {
            return false;
        }
        healthChecks.check(List.of(state), bound);
        return healthChecks.latest(name).map(SourceHealth::reachable).orElse(false);
    }

    /** What FedDuck last learned of source {@code name}'s server, if it checked or a statement failed on it. */
    public Optional<SourceHealth> health(String name) {
        return healthChecks.latest(name);
    }

    /** A statement that used source {@code name} failed on the link: it counts as unreachable until it answers. */
    public void noteLinkFailure(String name, String message) {
        healthChecks.noteFailure(name, message);
        if (message != null && message.contains("Unable to connect to Postgres")) {
            poolSlots.leaked(name);
        }
    }

    /** A statement's round trip to source {@code name} worked. */
    public void noteAnswer(String name) {
        healthChecks.noteAnswer(name);
    }

    /**
     * Fails fast for a statement that names a source FedDuck knows to be down, instead of letting it wait for
     * the source's connection_timeout: a source that failed to attach is attached again first where DuckDB
     * still can (not under lockdown) and its rest is over; a source found unreachable is checked again when
     * the last finding is older than {@link #RECHECK_AFTER}, waiting at most {@link #CHECK_BOUND}.
     *
     * @param names the statement's identifiers and named sources, lower case
     * @throws SQLException 08001 naming the source and why
     */
    public void requireReachable(Set<String> names) throws SQLException {
        for (SourceState state : sources()) {
            String key = state.name().toLowerCase(Locale.ROOT);
            if (!names.contains(key)) {
                continue;
            }
            if (state.status() == SourceStatus.ERROR) {
                if (!lockedDown && dueForRetry(state)) {
                    attachAgain(key);
                }
                SourceState now = current(key);
                if (now != null && now.status() == SourceStatus.ERROR) {
                    throw unreachable(now.name(), now.lastError() + (lockedDown ? " (it was not attached when"
                            + " FedDuck started; with lockdown on, DuckDB attaches it only when every connection"
                            + " of this federation has closed)" : " (FedDuck attaches it again on a later"
                            + " statement once it answers)"));
                }
                continue;
            }
            if (state.status() != SourceStatus.CONNECTED) {
                continue;
            }
            Optional<SourceHealth> health = healthChecks.latest(key);
            if (health.isEmpty() || health.get().reachable()) {
                continue;
            }
            // A source that answered with an error (a refused connection) is asked again at once: that costs
            // little, and the first statement after its return succeeds. One that did not answer at all (a
            // stalled link) is asked again after RECHECK_AFTER only, so statements do not wait on it.
            if (!health.get().stalled() || health.get().checkedAt().plus(RECHECK_AFTER).isBefore(Instant.now())) {
                healthChecks.check(List.of(state), CHECK_BOUND);
                health = healthChecks.latest(key);
            }
            if (health.isPresent() && !health.get().reachable()) {
                throw unreachable(state.name(), health.get().error());
            }
        }
    }

    /**
     * Tries once more to attach source {@code key}, which failed before, unless another thread is attaching
     * now (the statement then fails fast rather than wait behind it). Sources detached on request stay so.
     */
    private void attachAgain(String key) {
        if (!attachLock.tryLock()) {
            return;
        }
        try {
            SourceState state = current(key);
            if (lockedDown || state == null || state.status() != SourceStatus.ERROR || !dueForRetry(state)) {
                return;
            }
            try {
                attachOnce(state);
            } catch (SQLException e) {
                // recorded: the statement reports the source as unreachable with this error
            }
        } finally {
            attachLock.unlock();
        }
    }

    /** One attach attempt of {@code state}'s source (attachLock held), its outcome recorded in its state. */
    private void attachOnce(SourceState state) throws SQLException {
        attachAttempts.incrementAndGet();
        Instant start = Instant.now();
        try {
            attacher.attach(root, state.config());
            update(state.connected(Instant.now(), Duration.between(start, Instant.now())));
            LOG.log(Level.FINE, "attached source {0}", state.name());
        } catch (SQLException e) {
            update(state.failed(e.getMessage(), Instant.now(), Duration.between(start, Instant.now())));
            LOG.log(Level.WARNING, "FedDuck could not attach {0}", e.getMessage());
            throw e;
        }
    }

    /**
     * The source a client library's connection error is about, found by the server port it names
     * ({@code port 5432} in libpq's words, {@code '127.0.0.1:3306'} in MariaDB's); empty when none matches.
     */
    public Optional<String> sourceNamedIn(String linkError) {
        if (linkError == null) {
            return Optional.empty();
        }
        for (SourceState state : sources()) {
            int port = state.config().port();
            if (port > 0 && (linkError.contains("port " + port + " ") || linkError.contains(":" + port + "'")
                    || linkError.contains("port " + port + ","))) {
                return Optional.of(state.name());
            }
        }
        return Optional.empty();
    }

    /** The error of a statement that needs source {@code name} while it is down: class 08, with the reason. */
    public SQLException unreachable(String name, String why) {
        return new java.sql.SQLTransientConnectionException("source '" + name + "' is unreachable: "
                + redact(why) + " [other sources and local tables keep working]", SqlStates.CONNECTION_FAILED,
                SqlStates.SOURCE_UNREACHABLE_CODE);
    }

    private synchronized SourceState current(String key) {
        return states.get(key);
    }

    /**
     * Asks source {@code sourceName} to cancel what its session {@code sessionId} runs, on a DuckDB
     * connection of its own (the statement's is busy). Best effort: a failure is logged, not thrown.
     */
    public void cancelRemote(String sourceName, long sessionId) {
        SourceState state = current(sourceName.toLowerCase(Locale.ROOT));
        if (state != null) {
            SourceDialect.of(state.config().type()).cancelQuery(state.name(), sessionId)
                    .ifPresent(query -> onControl(state, query, false));
        }
    }

    /** Whether a pushed statement on source {@code name} is cancelled by its mark (see SourceDialect#cancelsByMark). */
    public boolean cancelsByMark(String name, long timeoutMillis) {
        SourceState state = current(name.toLowerCase(Locale.ROOT));
        return state != null && SourceDialect.of(state.config().type()).cancelsByMark(timeoutMillis);
    }

    /**
     * Asks source {@code sourceName} to cancel the statements whose text contains {@code mark} (a pushed
     * statement's, see SourceDialect#markedSessionsQuery): the sessions are looked up, then each is cancelled.
     */
    public void cancelMarked(String sourceName, String mark) {
        SourceState state = current(sourceName.toLowerCase(Locale.ROOT));
        if (state != null) {
            SourceDialect.of(state.config().type()).markedSessionsQuery(state.name(), mark)
                    .ifPresent(lookup -> onControl(state, lookup, true).forEach(id -> cancelRemote(sourceName, id)));
        }
    }

    /**
     * Runs {@code query} about source {@code state}'s sessions on the control connection (never a statement's
     * session, which is busy with the work to stop); a failure is only logged, with secrets masked.
     *
     * @return the first column of every row when {@code readIds}, else nothing
     */
    private List<Long> onControl(SourceState state, String query, boolean readIds) {
        List<Long> ids = new java.util.ArrayList<>();
        synchronized (controlLock) {
            try {
                if (control == null) {
                    control = (DuckDBConnection) root.duplicate();
                }
                try (Statement s = control.createStatement(); java.sql.ResultSet rs = s.executeQuery(query)) {
                    while (rs.next() && readIds) {
                        ids.add(rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                LOG.log(Level.FINE, "stopping the remote work of source {0} failed: {1}",
                        new Object[] {state.name(), redact(e.getMessage())});
            }
        }
        return ids;
    }

    /**
     * For SQL handed to the query function of source {@code name} (configured read-only): the first function
     * it calls that acts even in a read-only session (see {@link SourceDialect#unsafeInReadOnlySession}).
     */
    public synchronized Optional<String> unsafeInReadOnlySession(String name, Set<String> called) {
        SourceState state = states.get(name.toLowerCase(Locale.ROOT));
        return state == null ? Optional.empty()
                : SourceDialect.of(state.config().type()).unsafeInReadOnlySession(called);
    }

    /** True when a source named {@code name} (any case) exists and is configured read_only: false. */
    public synchronized boolean isWritableSource(String name) {
        SourceState state = states.get(name.toLowerCase(Locale.ROOT));
        return state != null && !state.config().readOnly();
    }

    /** When a statement last named the source, if one did. */
    public Optional<Instant> lastUsed(String sourceName) {
        return Optional.ofNullable(lastUsed.get(sourceName.toLowerCase(Locale.ROOT)));
    }

    /** True when {@code sql} has the source's name as a whole word (case-insensitive). */
    private boolean mentions(String sql, String sourceName) {
        return namePatterns.computeIfAbsent(sourceName.toLowerCase(Locale.ROOT),
                n -> Pattern.compile("(?<![\\w$])" + Pattern.quote(n) + "(?![\\w$])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)).matcher(sql).find();
    }

    /** An attached source's catalog name as DuckDB spells it, and the schema a bare name means there. */
    public record SourceSchema(String catalog, String schema) {
    }

    /**
     * Where a connection lands when it makes catalog {@code catalog} (any case) its current one: the source's
     * default schema ({@code public}, the MySQL database, {@code main}) for an attached source, empty for any
     * other catalog (DuckDB's own {@code main}).
     */
    public synchronized Optional<SourceSchema> catalogAndDefaultSchema(String catalog) {
        SourceState state = states.get(catalog.toLowerCase(Locale.ROOT));
        if (state == null || state.status() != SourceStatus.CONNECTED) {
            return Optional.empty();
        }
        return Optional.of(new SourceSchema(state.name(),
                SourceDialect.of(state.config().type()).defaultSchema(state.config())));
    }

    /** The catalog name of the local DuckDB database (memory, or the file's name). */
    public String localCatalog() {
        return localCatalog;
    }

    /** The lock a sync of the local table {@code key} (its lower-case qualified name) holds while it runs. */
    public ReentrantLock syncLock(String key) {
        return syncLocks.computeIfAbsent(key, k -> new ReentrantLock());
    }

    /** A new DuckDB connection to this federation's instance, for one JDBC connection. */
    public DuckDBConnection openSession() throws SQLException {
        return (DuckDBConnection) root.duplicate();
    }

    /** The state of every source, configured ones in configuration order, then those added by connect_database. */
    public synchronized List<SourceState> sources() {
        return List.copyOf(states.values());
    }

    /** How many ATTACH attempts this federation has made in all. */
    public long attachAttempts() {
        return attachAttempts.get();
    }

    /**
     * Removes every configured password from text about to leave FedDuck (errors, logs). Under access rules
     * also DuckDB's "Did you mean ..." hints: they name objects of any attached catalog, seen or not.
     */
    public String redact(String text) {
        String redacted = redactor.redact(text);
        return redacted != null && spec.config().access().isPresent()
                ? io.fedduck.sql.ErrorHints.strip(redacted) : redacted;
    }

    /** The connections file's access rules; empty when it has none. */
    public Optional<AccessRules> accessRules() {
        return spec.config().access();
    }

    /**
     * A number that changes whenever a statement on any connection may have changed the local catalog
     * (tables, views, macros), before it runs and after: what was read of the catalog at one value is
     * current while the value holds.
     */
    public long catalogGeneration() {
        return catalogGeneration.get();
    }

    /** Notes a statement that may change the local catalog (see {@link #catalogGeneration()}). */
    public void catalogMayChange() {
        catalogGeneration.incrementAndGet();
    }

    private final java.util.concurrent.atomic.AtomicLong catalogGeneration = new java.util.concurrent.atomic.AtomicLong();

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
        catalogCache.close();
        healthChecks.close();
        poolSlots.close();
        synchronized (controlLock) {
            try {
                if (control != null) {
                    control.close();
                }
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing the control connection failed", e);
            }
        }
        try {
            root.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the DuckDB instance failed", e);
        }
    }
}
