package io.fedduck.jdbc;

import io.fedduck.access.Role;
import io.fedduck.audit.AuditListener;
import io.fedduck.audit.AuditLogRegistry;
import io.fedduck.audit.AuditRecord;
import io.fedduck.config.SourceType;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.SourceStatus;
import io.fedduck.federation.SourceReadRetry;
import io.fedduck.internal.SqlStates;
import io.fedduck.jdbc.metadata.MetadataSession;
import io.fedduck.jdbc.metadata.ResultColumnOrigins;
import io.fedduck.internal.SqlText;
import io.fedduck.internal.Cancellation;
import io.fedduck.procedures.FedDuckTableFunctions;
import io.fedduck.procedures.FederationProcedures;
import io.fedduck.procedures.FollowingResults;
import io.fedduck.procedures.ParameterBinder;
import io.fedduck.procedures.StatementCalls;
import io.fedduck.pushdown.Pushdown;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import io.fedduck.sync.SyncListener;
import io.fedduck.sync.SyncListeners;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * A JDBC connection to a federation: its own DuckDB connection on the shared instance, plus FedDuck's
 * policy (read-only, forbidden functions), default query timeout and audit log. Statements it creates
 * are FedDuck statements; nothing hands out the DuckDB objects underneath.
 */
public final class FedDuckConnection extends ForwardingConnection implements SyncListeners {
    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(FedDuckConnection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Federation federation;
    private final DuckDBConnection session;
    private final SessionOptions options;
    private final AuditListener audit;
    private final FedDuckTableFunctions tableFunctions;
    private final FederationProcedures procedures;
    private final List<SyncListener> syncListeners;
    /** What the connection's user may do under the connections file's access rules (everything without them). */
    private final Role role;
    /** The access rules the role came from (empty without rules), for the audit's role and sensitive reads. */
    private final Optional<io.fedduck.access.AccessRules> rules;
    private final StatementPolicy policy;
    private final SessionTransactions transactions;
    /** Answers DatabaseMetaData on a DuckDB connection of its own, opened on first use. */
    private final MetadataSession metadataSession;
    private final ResultColumnOrigins resultColumnOrigins;
    /** Runs single-source statements on their source; null when the pushdown property is off. */
    private final Pushdown pushdown;
    private final ReentrantLock executionLock = new ReentrantLock();
    private final Set<AutoCloseable> openStatements = ConcurrentHashMap.newKeySet();
    private final Properties clientInfo = new Properties();
    private volatile boolean readOnly;
    private volatile boolean closed;
    /** A statement of the open transaction may have changed the catalog: its end is a change for the others. */
    private volatile boolean changedInTransaction;
    /** The catalogs this connection's names without one may resolve in, for the access rules. */
    private final SearchPathCatalogs searchPath = new SearchPathCatalogs();
    private volatile ParsedSql lastRead;
    private SQLWarning warnings;
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private volatile int networkTimeoutMillis;

    private FedDuckConnection(Federation federation, DuckDBConnection session, SessionOptions options,
                              AuditListener audit, FedDuckTableFunctions tableFunctions,
                              FederationProcedures procedures, List<SyncListener> syncListeners, Role role,
                              Optional<io.fedduck.access.AccessRules> rules) {
        this.federation = federation;
        this.role = role;
        this.rules = rules;
        this.policy = role.isAdmin() ? ReadOnlyPolicy.INSTANCE : new AccessPolicy(role);
        this.session = session;
        this.options = options;
        this.audit = audit;
        this.tableFunctions = tableFunctions;
        this.procedures = procedures;
        this.syncListeners = syncListeners;
        // a role that may write nothing runs read-only: DuckDB's read-only transactions hold it to that
        this.readOnly = options.readOnly() || role.writesNothing();
        this.transactions = new SessionTransactions(session, this::endTransaction);
        this.metadataSession = new MetadataSession(federation, options.metadataTtl(), role);
        if (policy instanceof AccessPolicy access) {
            metadataSession.readableLocalObjects(name -> access.mayRead(name, this));
        }
        this.resultColumnOrigins = new ResultColumnOrigins(metadataSession);
        this.pushdown = options.pushdown() && Pushdown.keepsMeaningUnder(federation.spec().duckdbSettings().keySet())
                ? new Pushdown(this::pushableSource, federation::catalogClears, options.metadataTtl()) : null;
    }

    /** The source a catalog name stands for, when its statements may run on it (attached, PostgreSQL or MySQL). */
    private Optional<Pushdown.Source> pushableSource(String catalog) {
        for (SourceState state : federation.sources()) {
            if (state.name().equalsIgnoreCase(catalog) && pushable(state)) {
                return Optional.of(new Pushdown.Source(state.name(), state.config().type()));
            }
        }
        return Optional.empty();
    }

    private static boolean pushable(SourceState state) {
        return state.status() == SourceStatus.CONNECTED && state.config().pushdown()
                && (state.config().type() == SourceType.POSTGRES || state.config().type() == SourceType.MYSQL);
    }

    /**
     * What the source runs instead of {@code sql}, when pushdown is on and the statement is a SELECT of one
     * source table that the source computes exactly as DuckDB would (docs/pushdown.md); empty otherwise.
     * Planning never fails a statement: when a lookup fails, the statement runs in DuckDB as written.
     * Called in the statement's execution, on its deep stack, after the policy allowed {@code sql}.
     */
    Optional<Pushdown.Pushed> pushedForm(String sql, long maxRows) {
        if (pushdown == null) {
            return Optional.empty();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (SourceState state : federation.sources()) {
            if (pushable(state)) {
                names.add(state.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        ParsedSql parsed = read(sql);
        Optional<String> explained = parsed.explainedSelect();
        String select = explained.orElse(sql);
        ParsedSql selected = explained.isPresent() ? ParsedSql.of(select) : parsed;
        // in a source (USE pg.public), schema.table names it without the source's name
        boolean inSource = selected.isOneSelect() && pushableSource(currentCatalog()).isPresent();
        if (!inSource && !selected.isSelectNaming(names)) {
            return Optional.empty();
        }
        try {
            Optional<Pushdown.Pushed> pushed = pushdown.plan(select, explained.isPresent() ? 0 : maxRows,
                    metadataSession::rows, this::orderDefaults, this::defaultSchemaOf);
            if (explained.isPresent()) {
                // EXPLAIN shows where it would run and what the source would be sent; nothing is sent
                return pushed.map(p -> new Pushdown.Pushed(p.catalog(), p.sourceSql(), Pushdown.explanation(p,
                        pushableSource(p.catalog()).map(s -> s.type().configName()).orElse("")), null));
            }
            return pushed;
        } catch (SQLException | RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "pushdown planning failed; the statement runs in DuckDB", e);
            if (e instanceof SQLException failure && (SourceReadRetry.isLinkFailure(failure)
                    || String.valueOf(failure.getMessage()).contains("Failed to "))) {
                // The source failed a lookup (a pooled connection a cancel or restart broke): the extension may
                // have cached a half-loaded catalog; have it read again before the statement binds its tables.
                try {
                    federation.refreshStaleCatalogs(java.time.Duration.ZERO);
                } catch (SQLException busy) {
                    LOG.log(java.util.logging.Level.FINE, "emptying the catalog cache after a failed lookup", busy);
                }
            }
            return Optional.empty();
        }
    }

    /** The session's settings that pushdown follows, as last read; null once a statement may have changed them. */
    private volatile PushdownSettings pushdownSettings;

    /** The ORDER BY defaults (default_order, default_null_order) and search_path, which SET and USE change. */
    private record PushdownSettings(io.fedduck.pushdown.OrderDefaults orderDefaults, String searchPath) {
    }

    private PushdownSettings pushdownSettings() throws SQLException {
        PushdownSettings known = pushdownSettings;
        if (known != null) {
            return known;
        }
        try (Statement s = session.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('default_order'), current_setting('default_null_order'),"
                     + " current_setting('search_path')")) {
            rs.next();
            known = new PushdownSettings(io.fedduck.pushdown.OrderDefaults.of(rs.getString(1), rs.getString(2)),
                    rs.getString(3));
        }
        pushdownSettings = known;
        return known;
    }

    private io.fedduck.pushdown.OrderDefaults orderDefaults() throws SQLException {
        return pushdownSettings().orderDefaults();
    }

    /**
     * What a first name part was found to be, at a catalog generation: the name of an attached database
     * (database), and of a local schema (localSchema; null until asked, which only a database's name needs).
     */
    private record LocalSchemaCheck(boolean database, Boolean localSchema, long generation) {
    }

    private final Map<String, LocalSchemaCheck> localSchemas = new java.util.concurrent.ConcurrentHashMap<>();

    /** The session's current catalog (duckdb_jdbc reads it without a query); "" when it cannot be read. */
    private String currentCatalog() {
        try {
            return session.getCatalog();
        } catch (SQLException e) {
            return "";
        }
    }

    /** A search path of one entry, source.schema, as USE, SET schema and setCatalog/setSchema leave it. */
    private static final java.util.regex.Pattern ONE_ENTRY =
            java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_$]*)");

    /**
     * Where this session reads a table written {@code x.t} (Pushdown.DefaultSchemas). DuckDB takes x for the
     * name of an attached database first, unless the current catalog has a schema of that name (then it refuses
     * the name as ambiguous), and reads c.t from the schema its search path gives catalog c, else from c's
     * default schema. Otherwise x is a schema of the current catalog. So:
     * <ul>
     *   <li>x a source: its default schema, when the search path is DuckDB's default (no USE, SET schema or
     *       SET search_path moved it) and the local database has no schema named x;</li>
     *   <li>x no database: schema x of the source the session is in, when its search path is that source's
     *       one schema ({@code USE pg.public}, setCatalog("pg")) and x is none of {@code main},
     *       {@code pg_catalog} (DuckDB's default path has those in its local and system catalogs) and
     *       {@code information_schema} (DuckDB's own, whatever the path).</li>
     * </ul>
     * Empty otherwise: the statement is not pushed.
     */
    private Optional<Pushdown.TableName> defaultSchemaOf(String first) throws SQLException {
        String path = pushdownSettings().searchPath();
        String local = federation.localCatalog();
        boolean defaultPath = path.isEmpty()
                || local.matches("[a-z_][a-z0-9_]*") && path.equals(local + ".main"); // USE of the local database
        if (first.equalsIgnoreCase("main") || first.equalsIgnoreCase("pg_catalog")
                || first.equalsIgnoreCase("information_schema")) {
            return Optional.empty(); // schemas of the default path, and DuckDB's own information_schema
        }
        String key = first.toLowerCase(java.util.Locale.ROOT);
        long generation = federation.catalogGeneration();
        LocalSchemaCheck known = localSchemas.get(key);
        if (known == null || known.generation() != generation) {
            known = new LocalSchemaCheck(metadataSession.isDatabase(first), null, generation);
            localSchemas.put(key, known);
        }
        if (known.database()) {
            if (!defaultPath) {
                return Optional.empty();
            }
            if (known.localSchema() == null) { // a scan of every catalog's schemas: only when it decides
                known = new LocalSchemaCheck(true, metadataSession.hasLocalSchema(first), generation);
                localSchemas.put(key, known);
            }
            return known.localSchema() ? Optional.empty()
                    : federation.catalogAndDefaultSchema(first).map(s -> new Pushdown.TableName(s.catalog(), s.schema()));
        }
        java.util.regex.Matcher entry = ONE_ENTRY.matcher(path);
        // the current catalog too (SET search_path alone leaves it): a schema other than the path's is looked up there
        if (!entry.matches() || !entry.group(1).equalsIgnoreCase(currentCatalog())) {
            return Optional.empty();
        }
        return pushableSource(entry.group(1)).map(source -> new Pushdown.TableName(source.catalog(), first));
    }

    /**
     * Where the result columns of {@code sql} come from, looked up when first asked: on the metadata
     * connection (this connection's result may be streaming), against this connection's current catalog
     * and schema then (duckdb_jdbc reads them from its session without running a query).
     */
    FedDuckResultSetMetaData.Origins columnOrigins(String sql) {
        return () -> {
            Connection session = delegate();
            String catalog = session.getCatalog();
            String schema = session.getSchema();
            // DuckDB's parser and its JSON writer recurse with the statement's depth
            return DeepStack.call(() -> resultColumnOrigins.of(sql, catalog, schema));
        };
    }

    /**
     * Opens a connection on {@code federation}, which it then owns one reference of. On failure the
     * reference is given back and nothing stays open.
     */
    public static FedDuckConnection open(Federation federation, SessionOptions options, List<SQLWarning> warnings)
            throws SQLException {
        return open(federation, options, warnings, Login.NONE);
    }

    /**
     * Like {@link #open(Federation, SessionOptions, List)}, for the user and password the application gave,
     * which the connections file's access rules check. The password is wiped here.
     */
    public static FedDuckConnection open(Federation federation, SessionOptions options, List<SQLWarning> warnings,
                                         Login login) throws SQLException {
        DuckDBConnection session = null;
        AuditListener audit = null;
        try {
            Role role = Logins.roleOf(federation, options, login);
            Optional<io.fedduck.access.AccessRules> rules = Logins.rulesOf(federation, login);
            session = federation.openSession();
            setTimeZone(session, options.timeZone());
            streamResults(session);
            FedDuckTableFunctions functions = FedDuckTableFunctions.install(session, federation,
                    options.metadataTtl(), role);
            List<SyncListener> syncListeners = new CopyOnWriteArrayList<>();
            FederationProcedures procedures = FederationProcedures.install(session, federation, syncListeners,
                    role);
            audit = options.auditLog() == null ? null
                    : AuditLogRegistry.acquire(options.auditLog(), options.auditMaxBytes(), federation::redact);
            FedDuckConnection connection = new FedDuckConnection(federation, session, options, audit, functions,
                    procedures, syncListeners, role, rules);
            warnings.forEach(connection::addWarning);
            connection.auditEvent("connect");
            if (!options.healthCheckInterval().isZero()) {
                federation.checkSourcesEvery(options.healthCheckInterval());
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            if (audit != null) {
                AuditLogRegistry.release(options.auditLog());
            }
            if (session != null) {
                session.close();
            }
            federation.release();
            throw e;
        }
    }

    /**
     * duckdb_jdbc materialises a whole result before the first row unless told to stream (for this session
     * only: FedDuck's own connections keep materialised results). See {@link FedDuckResultSet}.
     */
    private static void streamResults(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("SET SESSION jdbc_stream_results = true");
        }
    }

    private static void setTimeZone(Connection session, String timeZone) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("SET TimeZone = " + SqlText.literal(timeZone));
        } catch (SQLException e) {
            throw SqlStates.invalidValue("FedDuck property 'time_zone': '" + timeZone
                    + "' is not a time zone DuckDB knows (use an IANA name such as UTC or Europe/Berlin)", e);
        }
    }

    @Override
    protected Connection delegate() throws SQLException {
        if (closed) {
            throw SqlStates.closed("FedDuck connection " + id);
        }
        return session;
    }

    /**
     * Call at the start of every read of DuckDB's catalog for the user (each DatabaseMetaData method that
     * lists or describes objects): empties the extensions' cached view of the sources' tables and columns when
     * it is older than this connection's {@code metadata_ttl}, see {@link Federation#refreshStaleCatalogs}.
     * Costs a clock check while the cache is fresh.
     */
    public void refreshStaleCatalogs() throws SQLException {
        federation.refreshStaleCatalogs(options.metadataTtl());
    }

    /**
     * Empties the extensions' cached view of every source's tables and columns now, whatever its age: the
     * user asked for fresh metadata (a tool's refresh action). Same as {@code CALL refresh_database(...)} for
     * every source, without attaching anything. See {@link Federation#refreshCatalogs}.
     */
    public void refreshCatalogs() throws SQLException {
        federation.refreshCatalogs();
    }

    /** How many times this connection's federation has emptied a catalog cache (diagnostics, tests). */
    public long catalogClears() {
        return federation.catalogClears();
    }

    /** A short name for messages and the audit log. */
    public String label() {
        return "FedDuck connection " + id;
    }

    public long id() {
        return id;
    }

    Federation federation() {
        return federation;
    }

    /** Held while a statement of this connection executes (not while its result is read). */
    ReentrantLock executionLock() {
        return executionLock;
    }

    SessionTransactions transactions() {
        return transactions;
    }

    StatementPolicy policy() {
        return policy;
    }

    /** Results of this connection that still stream (a DuckDB connection streams one at a time). */
    private final Set<FedDuckResultSet> streaming = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final FedDuckResultSet.OpenResults openResults = new FedDuckResultSet.OpenResults() {
        @Override
        public void opened(FedDuckResultSet result) {
            streaming.add(result);
        }

        @Override
        public void ended(FedDuckResultSet result) {
            streaming.remove(result);
        }
    };

    FedDuckResultSet.OpenResults openResults() {
        return openResults;
    }

    /**
     * Before FedDuck runs anything on the session while results stream: reads the rest of each into memory,
     * because DuckDB would cut an open stream off (DBeaver and IntelliJ run a second statement while a grid
     * still shows the first result).
     */
    void bufferOpenResults() throws SQLException {
        for (FedDuckResultSet result : List.copyOf(streaming)) {
            result.buffer();
        }
        if (sessionHeldByStalledWork()) {
            throw isolated(); // reading a result aside stalled: nothing else may queue behind that call
        }
    }

    long largeResultRows() {
        return options.largeResultRows();
    }

    int defaultQueryTimeoutSeconds() {
        return options.queryTimeoutSeconds();
    }

    /**
     * What runs before every statement that passed the policy: usage stamps, table-function data,
     * procedures; returns the statement's result sets after its first.
     */
    FollowingResults beforeStatement(String sql, ParameterBinder parameters, Cancellation cancellation)
            throws SQLException {
        ParsedSql parsed = read(sql);
        var statements = StatementClassifier.classify(parsed).statements();
        if (statements.stream().anyMatch(s -> s.kind() != io.fedduck.sql.StatementKind.READ)) {
            // SET default_order, USE, SET search_path ...: read again before the next statement pushed
            pushdownSettings = null;
        }
        if (statements.stream().anyMatch(s -> s.kind() != io.fedduck.sql.StatementKind.READ)) {
            federation.catalogMayChange(); // and again when it ends (audit), and at its transaction's end
            changedInTransaction = true;
        }
        Set<String> identifiers = StatementClassifier.identifiers(parsed);
        federation.noteUse(identifiers);
        // Before anything reaches a source: a statement that needs a source known to be down fails at once.
        requireNamedSourcesReachable(sql);
        tableFunctions.beforeStatement(new StatementCalls() {
            @Override
            public Set<String> identifiers() {
                return identifiers;
            }

            @Override
            public List<Optional<String>> stringArguments(String function, int position, String parameter) {
                return StatementClassifier.stringArguments(parsed, function, position, parameter);
            }
        });
        procedures.beforeStatement(parsed, parameters, cancellation);
        return tableFunctions.following(parsed, parameters);
    }

    /**
     * {@code sql} read once: the policy check and the routing of an execution ask for the same text one after
     * the other and share the value (another text in between only costs a second reading).
     */
    ParsedSql read(String sql) {
        ParsedSql last = lastRead;
        if (last != null && last.text().equals(sql)) {
            return last;
        }
        ParsedSql parsed = ParsedSql.of(sql);
        lastRead = parsed;
        return parsed;
    }

    /** The functions whose first argument names the source they run SQL on. */
    private static final List<String> SOURCE_QUERY_FUNCTIONS =
            List.of("postgres_query", "postgres_execute", "mysql_query", "mysql_execute");

    /**
     * A source's session that the running statement uses, as the source identifies it ({@code id}), or the
     * mark its pushed SQL carries ({@code mark}, then {@code id} is -1), by which it is found when cancelled.
     */
    private record RemoteSession(String source, long id, String mark) {
        void cancel(Federation federation) {
            if (mark != null) {
                federation.cancelMarked(source, mark);
            } else {
                federation.cancelRemote(source, id);
            }
        }
    }

    /** The remote sessions of the statement running now, and that statement's cancellation (its identity). */
    private record RunningRemoteWork(Cancellation statement, List<RemoteSession> sessions) {
    }

    private static final RunningRemoteWork NO_REMOTE_WORK = new RunningRemoteWork(null, List.of());

    /** The running statement's hold on the catalog caches (Federation#beginCatalogUse); 0 when none. */
    private volatile long catalogUse;

    /** Statements of a connection run one at a time: this is the running one's. */
    private volatile RunningRemoteWork remoteWork = NO_REMOTE_WORK;

    /**
     * Right before a statement runs: begins the transaction it runs in and notes the session of every source
     * it names that FedDuck can reach there (PostgreSQL and MySQL), so that {@link #cancelRemoteWork} can stop
     * the work on the server when the timeout fires or the statement is cancelled or aborted (DuckDB's
     * interrupt does not stop a query the server is still working on, such as a pg_sleep inside
     * postgres_query). PostgreSQL also enforces the timeout itself. One round trip per source named.
     *
     * @param statement the running statement's cancellation, which {@link #cancelRemoteWork} is given back
     * @param pushed what its source runs when it is pushed, else null: a marked one needs no round trip first
     *     where the source can find it by its mark (SourceDialect#cancelsByMark)
     */
    void enterStatement(String sql, int timeoutSeconds, Cancellation statement, Pushdown.Pushed pushed)
            throws SQLException {
        Set<String> named = namedSources(sql);
        if (catalogUse == 0) { // else held already: this statement's first attempt (StatementCore) took it
            catalogUse = federation.beginCatalogUse();
        }
        long timeoutMillis = Math.max(0, timeoutSeconds) * 1000L;
        Map<String, String> remoteSessions = federation.remoteSessionQueries(named, timeoutMillis);
        List<RemoteSession> marked = List.of();
        if (pushed != null && pushed.mark() != null && federation.cancelsByMark(pushed.catalog(), timeoutMillis)
                && remoteSessions.remove(pushed.catalog()) != null) {
            // the statement runs only on that source, as FedDuck wrote it: its mark finds it when cancelled
            marked = List.of(new RemoteSession(pushed.catalog(), -1, pushed.mark()));
        }
        // A query's result streams, and a stream that fails ends like a complete one in duckdb_jdbc: only its
        // aborted transaction tells (SessionTransactions.requireNotAborted), so every query runs in one.
        boolean needsTransaction = !remoteSessions.isEmpty() || isQuery(sql);
        for (int attempt = 1; ; attempt++) {
            transactions.beforeStatement(readOnly, needsTransaction);
            try {
                List<RemoteSession> sessions = new java.util.ArrayList<>(marked);
                sessions.addAll(noteRemoteSessions(remoteSessions));
                remoteWork = new RunningRemoteWork(statement, List.copyOf(sessions));
                return;
            } catch (RemoteSessionFailure failure) {
                transactions.afterStatement(true, false);
                SQLException e = failure.error();
                // Nothing of the statement has run yet, so even a write may go again: a pooled remote
                // connection the server closed (a restart) fails once and leaves the extension's pool. Not
                // inside the caller's own transaction, which the failure has aborted.
                if (transactions.autoCommit() && SourceReadRetry.isStaleConnection(e)
                        && attempt < STALE_CONNECTION_ATTEMPTS) {
                    continue;
                }
                if (SourceReadRetry.isLinkFailure(e)) {
                    if (!SourceReadRetry.isStaleConnection(e)) {
                        // A stale pooled connection says nothing of the server; anything else: it is down.
                        federation.noteLinkFailure(failure.source(), e.getMessage());
                    }
                    SQLException unreachable = federation.unreachable(failure.source(), e.getMessage());
                    unreachable.initCause(federation.redact(e.getMessage()).equals(e.getMessage()) ? e : null);
                    throw unreachable;
                }
                throw e;
            }
        }
    }

    /**
     * How often a statement meets a stale pooled remote connection before FedDuck gives up on the source: one
     * more than the postgres extension's default pool bound (pg_connection_limit 64).
     */
    private static final int STALE_CONNECTION_ATTEMPTS = 65;

    /** The session query of source {@code source} failed. */
    private static final class RemoteSessionFailure extends Exception {
        private final String source;

        RemoteSessionFailure(String source, SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.source = source;
        }

        String source() {
            return source;
        }

        SQLException error() {
            return (SQLException) getCause();
        }
    }

    /** Runs each source's session query in the statement's transaction: the sessions it runs on. */
    private List<RemoteSession> noteRemoteSessions(Map<String, String> remoteSessions) throws RemoteSessionFailure {
        List<RemoteSession> sessions = new java.util.ArrayList<>();
        for (Map.Entry<String, String> remote : remoteSessions.entrySet()) {
            try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(remote.getValue())) {
                if (rs.next()) {
                    sessions.add(new RemoteSession(remote.getKey(), rs.getLong(1), null));
                }
                federation.noteAnswer(remote.getKey());
            } catch (SQLException e) {
                throw new RemoteSessionFailure(remote.getKey(), e);
            }
        }
        return List.copyOf(sessions);
    }

    /**
     * The running statement's hold on the catalog caches, for a statement whose result goes on streaming
     * after it returns (its caller releases it); {@link #leaveStatement} then releases nothing.
     */
    long takeCatalogUse() {
        long stamp = catalogUse;
        catalogUse = 0;
        return stamp;
    }

    /** A hold on the catalog caches that stalled work still needs: {@link #leaveStatement} ends it, after that work. */
    void keepCatalogUseUntilStalledWorkEnds(long stamp) {
        if (stamp == 0) {
            return;
        }
        if (catalogUse == 0) {
            catalogUse = stamp;
        } else {
            federation.endCatalogUse(stamp); // the connection is isolated: no statement of its own holds one
        }
    }

    /** True for one statement that only reads (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN ...). */
    private boolean isQuery(String sql) {
        var statements = StatementClassifier.classify(read(sql)).statements();
        return statements.size() == 1 && statements.get(0).kind() == io.fedduck.sql.StatementKind.READ;
    }

    /** After the statement: its remote sessions are no longer its own. */
    void leaveStatement() {
        remoteWork = NO_REMOTE_WORK;
        long stamp = catalogUse;
        if (stamp != 0) {
            catalogUse = 0;
            federation.endCatalogUse(stamp);
        }
    }

    /**
     * Asks each source to cancel what {@code statement} has it do (its timeout fired, or Statement.cancel()),
     * unless that statement has ended: the sessions may already run the connection's next statement.
     */
    void cancelRemoteWork(Cancellation statement) {
        RunningRemoteWork running = remoteWork;
        if (statement == null || running.statement() != statement) {
            return;
        }
        for (RemoteSession remote : running.sessions()) {
            remote.cancel(federation);
        }
    }

    /**
     * What asks the sources to stop the work {@code statement} leaves streaming: its result's scans go on in
     * the same remote sessions after the statement returned (see StatementCore's fetch of the next rows).
     * Does nothing when the statement named no source.
     */
    Runnable remoteCancelOf(Cancellation statement) {
        RunningRemoteWork running = remoteWork;
        if (statement == null || running.statement() != statement || running.sessions().isEmpty()) {
            return () -> { };
        }
        List<RemoteSession> sessions = running.sessions();
        return () -> sessions.forEach(remote -> remote.cancel(federation));
    }

    /** Fetches of streamed results' next rows under way (they run outside the execution lock). */
    private final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

    void fetchStarted() {
        fetches.incrementAndGet();
    }

    void fetchEnded() {
        fetches.decrementAndGet();
    }

    /** Fails fast, with 08001, when {@code sql} names a source known to be down (see Federation#requireReachable). */
    void requireNamedSourcesReachable(String sql) throws SQLException {
        federation.requireReachable(namedSources(sql));
    }

    /**
     * The sources a statement may name: catalog qualifiers and USE targets, and the first argument of a
     * source's query/execute function (lower case; some may be no source at all).
     */
    private Set<String> namedSources(String sql) {
        ParsedSql parsed = read(sql);
        Set<String> names = new java.util.HashSet<>(StatementClassifier.catalogCandidates(parsed));
        for (String function : SOURCE_QUERY_FUNCTIONS) {
            StatementClassifier.firstStringArguments(parsed, function, "database").forEach(
                    a -> a.ifPresent(name -> names.add(name.toLowerCase(java.util.Locale.ROOT))));
        }
        return names;
    }

    @Override
    public void addSyncListener(SyncListener listener) {
        syncListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeSyncListener(SyncListener listener) {
        syncListeners.remove(listener);
    }

    void forget(AutoCloseable statement) {
        openStatements.remove(statement);
    }

    /** Writes one audit record, when this connection has an audit log. */
    void audit(String sql, long durationNanos, Long rows, String outcome, SQLException error) {
        audit(sql, null, durationNanos, rows, outcome, error);
    }

    /** Records a statement that its source ran as {@code pushedSql} (literals masked; null when it ran in DuckDB). */
    void audit(String sql, String pushedSql, long durationNanos, Long rows, String outcome, SQLException error) {
        // after it ran, whatever the outcome: a text whose SET search_path ran before a later statement failed
        // still set it (a refused text never ran)
        if (!"refused".equals(outcome)) {
            noteDefaults(sql);
        }
        if (audit == null) {
            if (!"refused".equals(outcome)) {
                noteCatalogChange(sql);
            }
            return;
        }
        String kind = null;
        List<String> catalogs = List.of();
        boolean sensitiveRead = false;
        try {
            kind = kindOf(sql);
            catalogs = sourcesNamedIn(sql);
            sensitiveRead = policy instanceof AccessPolicy access && access.readsSensitive(read(sql), this);
        } catch (RuntimeException | SQLException e) {
            LOG.log(java.util.logging.Level.FINE, "reading a statement for its audit record failed", e);
        }
        if (!"refused".equals(outcome) && !"read".equals(kind)) {
            federation.catalogMayChange();
        }
        AuditRecord record = new AuditRecord(Instant.now(), String.valueOf(id), options.user(), sql,
                durationNanos / 1_000_000L, rows, outcome,
                error == null ? null : error.getSQLState(), error == null ? null : error.getMessage(), kind, catalogs,
                roleName(), sensitiveRead, pushedSql);
        if (!options.auditSensitiveOnly() || record.isSensitive()) {
            audit.onStatement(record);
        }
    }

    /** A record of the connection itself: {@code connect} or {@code disconnect}. */
    private void auditEvent(String kind) {
        if (audit != null) {
            audit.onStatement(new AuditRecord(Instant.now(), String.valueOf(id), options.user(), null, 0, null, "ok",
                    null, null, kind, List.of(), roleName(), false));
        }
    }

    /** The role's name for audit records; null without access rules. */
    private String roleName() {
        return rules.isPresent() ? role.name() : null;
    }

    /** The access rules this connection's role came from; empty without rules. */
    Optional<io.fedduck.access.AccessRules> accessRules() {
        return rules;
    }

    /** After a statement without an audit log: a statement that is not a plain read may have changed the catalog. */
    private void noteCatalogChange(String sql) {
        try {
            if (!"read".equals(kindOf(sql))) {
                federation.catalogMayChange();
            }
        } catch (RuntimeException e) {
            federation.catalogMayChange();
        }
    }

    /** The role this connection's user holds under the access rules ({@link Role#UNRESTRICTED} without them). */
    Role role() {
        return role;
    }

    /** The local catalogs' names, views and macros, for the access rules. */
    io.fedduck.jdbc.metadata.LocalObjects localObjects() throws SQLException {
        return metadataSession.localObjects();
    }

    /**
     * The catalogs names without a catalog may resolve in, lower case: the session's current catalog and the
     * first part of every search path entry the connection set (a one-part entry may name a catalog).
     */
    Set<String> defaultCatalogs() throws SQLException {
        return searchPath.with(session.getCatalog());
    }

    /** After a statement that ran: the search path entries it set, if it set any. */
    private void noteDefaults(String sql) {
        try {
            searchPath.afterStatement(read(sql));
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "reading a statement's search path failed", e);
        }
    }

    /** The most telling kind among the statement's: managed, write, call, session, then read. */
    private String kindOf(String sql) {
        var statements = StatementClassifier.classify(read(sql)).statements();
        var kinds = statements.stream().map(io.fedduck.sql.ClassifiedStatement::kind)
                .collect(java.util.stream.Collectors.toSet());
        if (kinds.contains(io.fedduck.sql.StatementKind.MANAGED)) {
            return "managed";
        }
        if (statements.stream().anyMatch(io.fedduck.sql.ClassifiedStatement::writes)) {
            return "write"; // also a SELECT over postgres_execute, as the read-only policy counts it
        }
        for (io.fedduck.sql.StatementKind k : List.of(io.fedduck.sql.StatementKind.CALL,
                io.fedduck.sql.StatementKind.SESSION, io.fedduck.sql.StatementKind.READ)) {
            if (kinds.contains(k)) {
                return k.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }

    /** The federation's sources the statement names, in the federation's order. */
    private List<String> sourcesNamedIn(String sql) {
        Set<String> named = namedSources(sql);
        return federation.sources().stream().map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                .filter(named::contains).toList();
    }

    private <T extends AutoCloseable> T track(T statement) {
        openStatements.add(statement);
        return statement;
    }

    // ---- statements: always FedDuck's -------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        Connection c = delegate();
        return track(new FedDuckStatement(this, c::createStatement));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        Connection c = delegate();
        return track(new FedDuckStatement(this, () -> c.createStatement(resultSetType, resultSetConcurrency)));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        Connection c = delegate();
        return track(new FedDuckStatement(this,
                () -> c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        Connection c = delegate();
        return track(new FedDuckPreparedStatement(this, sql, () -> c.prepareStatement(sql)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        Connection c = delegate();
        return track(new FedDuckPreparedStatement(this, sql,
                () -> c.prepareStatement(sql, resultSetType, resultSetConcurrency)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        Connection c = delegate();
        return track(new FedDuckPreparedStatement(this, sql,
                () -> c.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        delegate();
        GeneratedKeys.check(autoGeneratedKeys);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        delegate();
        throw GeneratedKeys.refused();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        delegate();
        throw GeneratedKeys.refused();
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        delegate();
        throw SqlStates.notSupported("FedDuck has no CallableStatement: run CALL ... through a Statement or"
                + " PreparedStatement");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new FedDuckDatabaseMetaData(this, delegate().getMetaData(), options.url(), metadataSession);
    }

    // ---- read-only is FedDuck's, not DuckDB's (duckdb_jdbc throws on setReadOnly) -----------------

    /**
     * Read-only set by the read_only property is a floor: pools (HikariCP calls setReadOnly(false) on every
     * borrow) and tools cannot lower it. Without the property, the application decides per connection.
     */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate();
        boolean effective = readOnly || options.readOnly() || role.writesNothing();
        bufferOpenResults();
        transactions.requireNoTransactionFor(effective);
        this.readOnly = effective;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        delegate();
        return readOnly;
    }

    // ---- transactions are FedDuck's, so a read-only connection's are DuckDB read-only transactions -----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        delegate();
        bufferOpenResults();
        transactions.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        delegate();
        return transactions.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        delegate();
        requireManualCommit("commit");
        bufferOpenResults();
        transactions.commit();
    }

    @Override
    public void rollback() throws SQLException {
        delegate();
        requireManualCommit("rollback");
        bufferOpenResults();
        transactions.rollback();
    }

    private void requireManualCommit(String what) throws SQLException {
        if (transactions.autoCommit()) {
            throw new SQLException(what + "() in auto-commit mode: call setAutoCommit(false) first",
                    SqlStates.INVALID_TRANSACTION_STATE);
        }
    }

    // ---- warnings: the attach report of this connection plus DuckDB's own --------------------------

    private synchronized void addWarning(SQLWarning warning) {
        if (warnings == null) {
            warnings = warning;
        } else {
            warnings.setNextWarning(warning);
        }
    }

    @Override
    public synchronized SQLWarning getWarnings() throws SQLException {
        SQLWarning own = warnings;
        SQLWarning duck = delegate().getWarnings();
        if (own == null) {
            return duck;
        }
        if (duck != null && !inChain(own, duck)) {
            own.setNextWarning(duck);
        }
        return own;
    }

    private static boolean inChain(SQLWarning chain, SQLWarning wanted) {
        for (SQLWarning w = chain; w != null; w = w.getNextWarning()) {
            if (w == wanted) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void clearWarnings() throws SQLException {
        warnings = null;
        delegate().clearWarnings();
    }

    // ---- what pools and tools call and duckdb_jdbc refuses: accepted here --------------------------

    @Override
    public void setHoldability(int holdability) throws SQLException {
        delegate();
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        delegate();
        return holdability;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("FedDuck connection " + id + " is closed", SqlStates.OBJECT_CLOSED,
                    Map.of(name, ClientInfoStatus.REASON_UNKNOWN));
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        for (String name : properties.stringPropertyNames()) {
            setClientInfo(name, properties.getProperty(name));
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        delegate();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        delegate();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate();
        if (milliseconds < 0) {
            throw SqlStates.invalidValue("network timeout must not be negative");
        }
        this.networkTimeoutMillis = milliseconds;
    }

    /**
     * Makes {@code catalog} current. An attached source has no {@code main} schema, where DuckDB would go:
     * FedDuck goes to the source's default schema instead ({@code public}, the MySQL database, {@code main}),
     * so a pool configured with a source as its catalog works.
     */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        Connection c = delegate();
        if (catalog == null || catalog.isBlank()) {
            throw SqlStates.invalidValue("setCatalog: the catalog name is empty");
        }
        bufferOpenResults();
        if (policy instanceof AccessPolicy access) {
            access.checkDefault(catalog, this);
        }
        Optional<Federation.SourceSchema> source = federation.catalogAndDefaultSchema(catalog);
        try {
            if (source.isPresent()) {
                try (Statement s = c.createStatement()) {
                    s.execute("USE " + SqlText.identifier(source.get().catalog()) + "."
                            + SqlText.identifier(source.get().schema()));
                }
            } else {
                c.setCatalog(catalog);
            }
            pushdownSettings = null; // USE moved the search path
        } catch (SQLException e) {
            throw new SQLException(label() + ": setCatalog: there is no catalog '" + catalog + "' (see"
                    + " DatabaseMetaData.getCatalogs(); a source that is down cannot be made current)",
                    SqlStates.INVALID_CATALOG_NAME, e);
        }
    }

    /** As DuckDB's; under access rules a schema spelled catalog.schema needs the role's right to that catalog. */
    @Override
    public void setSchema(String schema) throws SQLException {
        Connection c = delegate();
        String first = schema == null ? "" : schema.split("\\.", 2)[0].replace("\"", "").toLowerCase(java.util.Locale.ROOT);
        if (policy instanceof AccessPolicy access && !first.isEmpty()) {
            access.checkDefault(first, this);
        }
        bufferOpenResults();
        c.setSchema(schema);
        pushdownSettings = null; // it moved the search path
        searchPath.afterSetSchema(first);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        delegate();
        return networkTimeoutMillis;
    }

    int networkTimeoutMillis() {
        return networkTimeoutMillis;
    }

    /** A statement's work was abandoned on a stalled link: the session is released when that work ends. */
    private volatile boolean stalled;
    /** The abandoned work returned at last: the session is free for the release. */
    private volatile boolean stalledWorkEnded;
    /** A close could not wait for the running statement: the statement releases the session. */
    private volatile boolean releasePending;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * A cancelled statement went on waiting on a source past {@link DeepStack#STALL_GRACE_NANOS} (a stalled
     * link): its caller is let go with this error, and the connection is closed for its user at once, since
     * its DuckDB session stays busy with the stalled call. The session is released when that call ends
     * ({@link #afterStalledWork}). The sources the statement named are checked, so other statements on a
     * stalled one fail fast instead of waiting too.
     */
    SQLException isolateAfterStall(String why) {
        stalled = true;
        markClosed();
        Thread checker = new Thread(() -> federation.checkSources(Federation.CHECK_BOUND), "fedduck-stall-check");
        checker.setDaemon(true);
        checker.start();
        return new java.sql.SQLNonTransientConnectionException(label() + ": " + (why == null ? "statement cancelled"
                : why) + ", but a source it waits on sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(
                DeepStack.STALL_GRACE_NANOS) + " s more (a stalled link, which neither the source's cancel nor"
                + " DuckDB's interrupt reaches). FedDuck closed this connection; the stalled call ends on its own"
                + " when the link answers or fails.", SqlStates.CONNECTION_FAILURE);
    }

    /** How long COMMIT or ROLLBACK may wait on the sources when the connection has no query timeout. */
    private static final int TRANSACTION_END_SECONDS = 300;
    /** The least a COMMIT gets with a query timeout: a large local commit must not be cut short by a short one. */
    private static final int TRANSACTION_END_MIN_SECONDS = 10;

    /**
     * COMMIT or ROLLBACK, which the extensions pass on to every source the transaction used: over a stalled
     * link (or the mysql extension's rare COMMIT that never gets its answer) they would wait for ever, in
     * {@code ResultSet.close()} or {@code commit()}. Bounded like a statement: after the query timeout (at
     * least 10 s; 300 s without one) DuckDB is interrupted, and 2 s later the caller is let go and the
     * connection isolated. A commit that finishes after that still commits; the caller was told 08006.
     */
    private void endTransaction(String command) throws SQLException {
        // a COMMIT shows this transaction's new views and macros to the other connections: the catalog changes
        // before it ends and after (a snapshot read in between is not kept)
        boolean changed = changedInTransaction;
        changedInTransaction = false;
        if (changed) {
            federation.catalogMayChange();
        }
        try {
            runTransactionEnd(command);
        } finally {
            if (changed) {
                federation.catalogMayChange();
            }
        }
    }

    private void runTransactionEnd(String command) throws SQLException {
        Cancellation bound = new Cancellation();
        int seconds = options.queryTimeoutSeconds() > 0
                ? Math.max(TRANSACTION_END_MIN_SECONDS, options.queryTimeoutSeconds()) : TRANSACTION_END_SECONDS;
        java.util.concurrent.ScheduledFuture<?> timer = StatementCore.schedule(() -> bound.cancel(label() + ": "
                + command + " got no answer from a source within " + seconds + " s"), seconds);
        try {
            DeepStack.call(() -> {
                try (Statement s = session.createStatement()) {
                    bound.running(s);
                    s.execute(command);
                } finally {
                    bound.done();
                }
                return null;
            }, bound, this::afterStalledWork);
        } catch (DeepStack.Abandoned stalled) {
            throw isolateAfterStall(bound.reason());
        } finally {
            timer.cancel(false);
        }
    }

    /** On the abandoned work's thread, when it returns at last: what the statement held, and the session. */
    void afterStalledWork() {
        // the session is free again: the release below closes the statements and rolls back through it,
        // as DuckDB must not end a source's transaction first when it destroys the connection (a failing
        // ROLLBACK there aborts the process)
        stalledWorkEnded = true;
        try {
            leaveStatement();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "ending an abandoned statement failed", e);
        } finally {
            releaseOnce();
            releaseSession(); // when the release came while the session was still with the stalled work
        }
    }

    /** True once a statement's work was abandoned on a stalled link: the DuckDB session stays with it. */
    boolean sessionHeldByStalledWork() {
        return stalled && !stalledWorkEnded;
    }

    private SQLException isolated() {
        return new java.sql.SQLNonTransientConnectionException(label() + ": closed after a stalled link",
                SqlStates.CONNECTION_FAILURE);
    }

    /** Throws 08003 when the connection was closed (checked again under the execution lock). */
    void requireOpen() throws SQLException {
        if (closed) {
            throw SqlStates.closed(label());
        }
    }

    /**
     * After a statement gave the execution lock back: a close that could not wait for it (a statement that
     * ran on) released nothing, and the session is released now, unless stalled work still holds it.
     */
    void afterExecution() {
        if (releasePending && !stalled && fetches.get() == 0 && executionLock.tryLock()) {
            try {
                releaseOnce();
            } finally {
                executionLock.unlock();
            }
        }
    }

    /** Releases the session and the federation reference, once, whoever gets here first. */
    private void releaseOnce() {
        if (released.compareAndSet(false, true)) {
            try {
                release();
            } catch (SQLException | RuntimeException e) {
                LOG.log(java.util.logging.Level.FINE, "releasing the connection failed", e);
            }
        }
    }

    /**
     * Releases the connection once it is marked closed: a statement running on it is cancelled first and
     * waited for up to the stall grace and a second. When it runs on past that, nothing is released here:
     * the statement releases the connection when it gives the execution lock back, or its abandoned work
     * when it returns at last.
     */
    private void closeSession() {
        if (fetches.get() > 0 || (!executionLock.isHeldByCurrentThread() && executionLock.isLocked())) {
            for (AutoCloseable statement : List.copyOf(openStatements)) {
                if (statement instanceof Statement s) {
                    try {
                        s.cancel();
                    } catch (SQLException ignored) {
                        // closed meanwhile
                    }
                }
            }
        }
        long deadline = System.nanoTime() + DeepStack.STALL_GRACE_NANOS + TimeUnit.SECONDS.toNanos(1);
        boolean locked = false;
        try {
            // a fetch of a streamed result holds the DuckDB session without the execution lock: cancelled
            // above, it ends or is abandoned (the session stays with it) within the grace
            while (fetches.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            locked = executionLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (locked && fetches.get() > 0) {
            executionLock.unlock();
            locked = false;
        }
        if (!locked) {
            releasePending = true;
            afterExecution(); // the statement may have ended just now
            return;
        }
        try {
            if (!stalled) {
                releaseOnce();
            }
        } finally {
            executionLock.unlock();
        }
    }

    /** A statement got no reply within the network timeout: the connection is closed, as JDBC asks. */
    void closeAfterNetworkTimeout() {
        if (markClosed()) {
            Thread closer = new Thread(this::closeSession, "fedduck-network-timeout-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /**
     * Marks the connection closed at once, as the specification asks, and on {@code executor} cancels its
     * running statements (on the sources too) and releases it.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw SqlStates.invalidValue("abort: the executor is null");
        }
        if (markClosed()) {
            executor.execute(this::closeSession); // best effort, as the specification says
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw SqlStates.invalidValue("isValid timeout must not be negative");
        }
        if (closed) {
            return false;
        }
        // DuckDB's check runs a query, which would cut off a streaming result: one streams, so it is alive
        boolean alive = !streaming.isEmpty() || session.isValid(timeout);
        String required = options.validRequires();
        if (!alive || required == null) {
            return alive;
        }
        java.time.Duration bound = timeout == 0 ? Federation.CHECK_BOUND
                : java.time.Duration.ofSeconds(timeout).compareTo(Federation.CHECK_BOUND) < 0
                        ? java.time.Duration.ofSeconds(timeout) : Federation.CHECK_BOUND;
        return federation.answers(required, bound);
    }

    // ---- life cycle ---------------------------------------------------------------------------------

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws SQLException {
        if (markClosed()) {
            closeSession();
        }
    }

    /** True for the one caller that closed the connection. */
    private boolean markClosed() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        auditEvent("disconnect"); // outside the monitor: a sensitive record waits for the disk
        return true;
    }

    /** Cancels and closes the statements (and what they run on the sources), then the session. */
    private void release() throws SQLException {
        try {
            for (AutoCloseable statement : List.copyOf(openStatements)) {
                try {
                    statement.close();
                } catch (Exception ignored) {
                    // closing the connection closes its statements regardless
                }
            }
        } finally {
            if (!sessionHeldByStalledWork()) {
                releaseSession(); // else when the stalled work ends (afterStalledWork)
            }
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean sessionReleased = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Rolls back and closes the DuckDB session, once, after the statements were closed. Never while stalled
     * work still has the session: a ROLLBACK or close would queue behind it, and DuckDB, closing a session
     * whose transaction is still open, ends the sources' transactions itself (a failing ROLLBACK there
     * aborts the process).
     */
    private void releaseSession() {
        if (!released.get() || sessionHeldByStalledWork() || !sessionReleased.compareAndSet(false, true)) {
            return;
        }
        try {
            try {
                transactions.rollback();
            } catch (SQLException ignored) {
                // closing the session below ends whatever is left
            }
            session.close();
            metadataSession.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "closing the connection's DuckDB session failed", e);
        } finally {
            if (audit != null) {
                AuditLogRegistry.release(options.auditLog());
            }
            federation.release();
        }
    }
}
