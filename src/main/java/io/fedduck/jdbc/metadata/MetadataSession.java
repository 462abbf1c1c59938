package io.fedduck.jdbc.metadata;

import io.fedduck.config.SourceType;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceReadRetry;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.SourceStatus;
import io.fedduck.internal.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;

/**
 * The DuckDB connection that answers one JDBC connection's DatabaseMetaData: a connection of its own to
 * the federation's instance, opened on first use, so a metadata call never runs on (or breaks) the
 * session connection whose statement results stream. Calls are serialised; every answer is read into
 * memory before it is returned, so an open metadata result never holds the connection.
 *
 * <p>Each query here reads at most one catalog source (one source's native catalog, or one of DuckDB's
 * catalog functions), and rows are collected in temp tables of this connection before the final,
 * spec-shaped query: DuckDB's catalog functions race over an attached SQLite catalog when several of
 * them run in parallel pipelines of one query (duckdb/duckdb-sqlite#176: SIGSEGV, or "Unimplemented
 * constraint"), so no query here ever holds two of them.
 */
public final class MetadataSession implements AutoCloseable {
    /** Per instance: scans of DuckDB's catalog functions, which walk SQLite catalogs too, one at a time. */
    private static final Map<Federation, Object> CATALOG_SCAN_LOCKS = new WeakHashMap<>();

    private final Federation federation;
    private final java.time.Duration metadataTtl;
    /** Whose view of the catalogs this is: a role sees only the connections it holds a privilege on. */
    private final io.fedduck.access.Role role;
    private Connection connection;
    private boolean closed;

    /** @param metadataTtl how old the extensions' cached view of the sources' catalogs may be (metadata_ttl) */
    public MetadataSession(Federation federation, java.time.Duration metadataTtl, io.fedduck.access.Role role) {
        this.federation = federation;
        this.metadataTtl = metadataTtl;
        this.role = role;
    }

    /** Whether the role may read a local view or macro (by lower-case name): it reaches nothing hidden. */
    private volatile java.util.function.Predicate<String> readableLocalObject = name -> true;

    /** Tells which local views the role may read; the others are left out of getTables and getColumns. */
    public void readableLocalObjects(java.util.function.Predicate<String> readable) {
        this.readableLocalObject = readable;
    }

    /**
     * Removes from the staging table {@code table} the rows of the local catalog {@code catalog} whose object
     * is a view the role may not read: its SQL reaches a connection the role does not see, so its columns are
     * that connection's.
     */
    void dropUnreadableViews(String table, String catalog) throws SQLException {
        if (role.isAdmin()) {
            return;
        }
        Map<String, List<String>> definitions = localObjects().definitions();
        List<String> hidden = new ArrayList<>();
        try (CachedRowSet rows = query("SELECT DISTINCT table_name FROM temp.main." + table + " WHERE catalog = ?",
                List.of(catalog))) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (name != null && definitions.containsKey(name.toLowerCase(Locale.ROOT))
                        && !readableLocalObject.test(name.toLowerCase(Locale.ROOT))) {
                    hidden.add(name);
                }
            }
        }
        for (String name : hidden) {
            execute("DELETE FROM temp.main." + table + " WHERE catalog = ? AND table_name = ?", List.of(catalog, name));
        }
    }

    /** The local catalogs' names, views and macros, for the access rules (read again after a change). */
    public LocalObjects localObjects() throws SQLException {
        return LocalObjects.of(this);
    }

    /** The catalogs of one federation without access rules' view. */
    public MetadataSession(Federation federation, java.time.Duration metadataTtl) {
        this(federation, metadataTtl, io.fedduck.access.Role.UNRESTRICTED);
    }

    Federation federation() {
        return federation;
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw SqlStates.closed("the metadata connection");
        }
        if (connection == null) {
            connection = federation.openSession();
        }
        return connection;
    }

    /** Runs {@code sql} with {@code parameters} bound and returns its rows, read into memory. */
    synchronized CachedRowSet query(String sql, List<?> parameters) throws SQLException {
        long hold = federation.beginCatalogUse(); // no cache clear frees catalog entries this query reads
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
                rows.populate(rs);
                return rows;
            }
        } finally {
            federation.endCatalogUse(hold);
        }
    }

    /** Runs {@code sql} with {@code parameters} bound and returns its rows as lists of values. */
    public List<List<Object>> rows(String sql, List<?> parameters) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (CachedRowSet result = query(sql, parameters)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One call on duckdb_jdbc's own DatabaseMetaData. */
    @FunctionalInterface
    public interface DuckDbCall<T> {
        T run(java.sql.DatabaseMetaData metaData) throws SQLException;
    }

    /**
     * A duckdb_jdbc DatabaseMetaData call that runs a query (getDatabaseProductVersion, getSQLKeywords, the
     * function lists), answered on this connection: on the session's it would cut off a result that streams.
     */
    public synchronized <T> T duckDb(DuckDbCall<T> call) throws SQLException {
        synchronized (catalogScanLock()) { // duckdb_functions() walks the attached catalogs too
            long hold = federation.beginCatalogUse();
            try {
                return call.run(connection().getMetaData());
            } finally {
                federation.endCatalogUse(hold);
            }
        }
    }

    /** Runs a statement that returns no rows (temp staging tables), parameters bound. */
    synchronized void execute(String sql, List<?> parameters) throws SQLException {
        long hold = federation.beginCatalogUse();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            bind(ps, parameters);
            ps.execute();
        } finally {
            federation.endCatalogUse(hold);
        }
    }

    /**
     * Runs {@code sql}, which scans one of DuckDB's catalog functions (duckdb_constraints, duckdb_indexes,
     * duckdb_columns, ...), alone: one such scan at a time per instance, each in its own transaction.
     */
    void executeCatalogScan(String sql, List<?> parameters) throws SQLException {
        synchronized (catalogScanLock()) {
            execute(sql, parameters);
        }
    }

    /**
     * Whether the local database has a schema named {@code name} in any ASCII case, as DuckDB compares it when
     * it decides whether {@code name.t} names a catalog or that schema.
     */
    public boolean hasLocalSchema(String name) throws SQLException {
        try (CachedRowSet rows = queryCatalogScan("SELECT count(*) FROM duckdb_schemas() WHERE database_name = ?"
                + " AND lower(schema_name) = lower(?)", List.of(federation.localCatalog(), name))) {
            return rows.next() && rows.getLong(1) > 0;
        }
    }

    /** Whether a database (a source, the local one, an attached file, temp or system) is named {@code name} in any case. */
    public boolean isDatabase(String name) throws SQLException {
        try (CachedRowSet rows = query("SELECT count(*) FROM duckdb_databases() WHERE lower(database_name) = lower(?)",
                List.of(name))) {
            return rows.next() && rows.getLong(1) > 0;
        }
    }

    /** Like {@link #executeCatalogScan}, for a query over one catalog function: its rows, read into memory. */
    CachedRowSet queryCatalogScan(String sql, List<?> parameters) throws SQLException {
        synchronized (catalogScanLock()) {
            return query(sql, parameters);
        }
    }

    private Object catalogScanLock() {
        synchronized (CATALOG_SCAN_LOCKS) {
            return CATALOG_SCAN_LOCKS.computeIfAbsent(federation, f -> new Object());
        }
    }

    /** How old the extensions' cached view of the sources' catalogs may be (metadata_ttl). */
    java.time.Duration metadataTtl() {
        return metadataTtl;
    }

    /**
     * The schema a name lands in when it names only {@code catalog}: a source's default schema
     * ({@code public}, the MySQL database, {@code main}), {@code main} in a local database.
     */
    String defaultSchema(Catalog catalog) {
        return catalog.local() ? "main" : federation.catalogAndDefaultSchema(catalog.name())
                .map(Federation.SourceSchema::schema).orElse("main");
    }

    /**
     * Adds the rows of a source's catalog query to temp table {@code table}: {@code select} is the column
     * list over the dialect query's rows {@code d}, {@code catalogQuery} binds the source's name for
     * every {@code ?} (bound, never written: duckdb/duckdb-sqlite#224, and sqlite_query fails with "out
     * of memory" on a READ_ONLY attach when the name is a literal).
     */
    void stageRemote(String table, String select, String columnAliases, String catalogQuery, Catalog source)
            throws SQLException {
        int marks = (int) catalogQuery.chars().filter(ch -> ch == '?').count();
        List<Object> parameters = new ArrayList<>();
        parameters.add(source.name());
        for (int i = 0; i < marks; i++) {
            parameters.add(source.name());
        }
        try {
            SourceReadRetry.runRetryingOnce(() -> execute("INSERT INTO temp.main." + table + " SELECT CAST(? AS"
                    + " VARCHAR), " + select + " FROM (" + catalogQuery + ") d(" + columnAliases + ")", parameters));
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + " [DatabaseMetaData: reading the catalog of source '"
                    + source.name() + "']", e.getSQLState(), e);
        }
    }

    private boolean fedduckFunctions;

    /**
     * The result columns (name, DuckDB type) of FedDuck's table function {@code name}, as DuckDB binds a
     * call with {@code positional} NULL arguments (installed on this connection on first use).
     */
    synchronized List<String[]> resultColumns(String name, int positional) throws SQLException {
        if (!fedduckFunctions) {
            io.fedduck.procedures.FedDuckTableFunctions.install(connection(), federation, metadataTtl, role);
            fedduckFunctions = true;
        }
        List<String[]> columns = new ArrayList<>();
        String arguments = String.join(", ", java.util.Collections.nCopies(positional, "NULL"));
        try (CachedRowSet rows = query("DESCRIBE SELECT * FROM " + io.fedduck.internal.SqlText.identifier(name)
                + "(" + arguments + ")", List.of())) {
            while (rows.next()) {
                columns.add(new String[] {rows.getString("column_name"), rows.getString("column_type")});
            }
        }
        return columns;
    }

    /**
     * A spec-shaped answer FedDuck builds itself: {@code rows} (none for an empty answer) under the given
     * columns ({@code columns}: name, DuckDB type, name, type, ...), every value bound.
     */
    CachedRowSet constantRows(List<Object[]> rows, String... columns) throws SQLException {
        int width = columns.length / 2;
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < width; i++) {
            select.append(i == 0 ? "" : ", ").append("CAST(c").append(i).append(" AS ").append(columns[2 * i + 1])
                    .append(") AS ").append(columns[2 * i]);
        }
        StringBuilder values = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (Object[] row : rows.isEmpty() ? List.<Object[]>of(new Object[width]) : rows) {
            values.append(values.length() == 0 ? "" : ", ").append('(');
            for (int i = 0; i < width; i++) {
                values.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(columns[2 * i + 1]).append(')');
                parameters.add(row[i]);
            }
            values.append(')');
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < width; i++) {
            names.append(i == 0 ? "" : ", ").append('c').append(i);
        }
        String sql = select + " FROM (VALUES " + values + ") AS t(" + names + ")" + (rows.isEmpty() ? " WHERE false" : "");
        return query(sql, parameters);
    }

    /** Creates (or empties) a temp staging table of this connection. */
    void stagingTable(String table, String columns) throws SQLException {
        execute("CREATE OR REPLACE TEMP TABLE " + table + " (" + columns + ")", List.of());
    }

    /**
     * The catalogs a metadata call may read: the local DuckDB databases (the local database, not the
     * system and temp catalogs) and every attached source, in name order; narrowed to {@code catalog}
     * when it is not null (exact name; "" matches none, as nothing here is without a catalog).
     */
    List<Catalog> catalogs(String catalog) throws SQLException {
        // every call that reads a catalog starts here: a table created in a source since metadata_ttl shows
        federation.refreshStaleCatalogs(metadataTtl);
        List<Catalog> all = new ArrayList<>();
        try (CachedRowSet rows = query("SELECT database_name, type FROM duckdb_databases()"
                + " WHERE NOT internal AND database_name NOT IN ('system', 'temp') ORDER BY database_name", List.of())) {
            while (rows.next()) {
                String name = rows.getString(1);
                Optional<SourceState> source = source(name);
                if (source.isPresent()) {
                    if (role.sees(name)) {
                        all.add(new Catalog(name, source.get().config().type()));
                    }
                } else if ("duckdb".equalsIgnoreCase(rows.getString(2)) && role.seesLocal()
                        && federation.sources().stream().noneMatch(s -> s.name().equalsIgnoreCase(name))) {
                    all.add(new Catalog(name, null));
                }
            }
        }
        return catalog == null ? all : all.stream().filter(c -> c.name().equals(catalog)).toList();
    }

    private Optional<SourceState> source(String name) {
        return federation.sources().stream()
                .filter(s -> s.status() == SourceStatus.CONNECTED && s.name().toLowerCase(Locale.ROOT)
                        .equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static void bind(PreparedStatement ps, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            ps.setObject(i + 1, parameters.get(i));
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** One catalog of the instance: a local DuckDB database ({@code source} null) or an attached source. */
    record Catalog(String name, SourceType source) {
        boolean local() {
            return source == null;
        }
    }
}
