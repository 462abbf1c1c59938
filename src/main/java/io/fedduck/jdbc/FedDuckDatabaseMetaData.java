package io.fedduck.jdbc;

import io.fedduck.internal.FedDuckVersion;
import io.fedduck.jdbc.metadata.EmptyMetadata;
import io.fedduck.jdbc.metadata.IndexMetadata;
import io.fedduck.jdbc.metadata.KeyMetadata;
import io.fedduck.jdbc.metadata.MetadataSession;
import io.fedduck.jdbc.metadata.TypeInfoMetadata;
import io.fedduck.jdbc.metadata.ColumnMetadata;
import io.fedduck.jdbc.metadata.RoutineMetadata;
import io.fedduck.jdbc.metadata.TableMetadata;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * DuckDB's metadata as seen through FedDuck: the connection is the FedDuck one, the driver is FedDuck,
 * and every result set is wrapped so nothing hands out DuckDB's own statement or connection. The product
 * name and version stay DuckDB's, because tools choose their SQL dialect by them. The catalog calls are
 * answered by the classes of {@code io.fedduck.jdbc.metadata}, on a DuckDB connection of their own
 * ({@link MetadataSession}), from each source's own catalog; the flags are DuckDB's behaviour.
 */
public final class FedDuckDatabaseMetaData extends ForwardingDatabaseMetaData {
    private final FedDuckConnection connection;
    private final DatabaseMetaData raw;
    private final String url;
    private final MetadataSession session;

    private final KeyMetadata keys;
    private final IndexMetadata indexes;
    private final TypeInfoMetadata types;
    private final EmptyMetadata empty;
    private final TableMetadata tables;
    private final ColumnMetadata columns;
    private final RoutineMetadata routines;

    FedDuckDatabaseMetaData(FedDuckConnection connection, DatabaseMetaData raw, String url, MetadataSession session) {
        this.connection = connection;
        this.raw = raw;
        this.url = url;
        this.session = session;
        this.keys = new KeyMetadata(session);
        this.indexes = new IndexMetadata(session);
        this.types = new TypeInfoMetadata(session);
        this.empty = new EmptyMetadata(session);
        this.tables = new TableMetadata(session);
        this.columns = new ColumnMetadata(session);
        this.routines = new RoutineMetadata(session);
    }

    @Override
    protected DatabaseMetaData delegate() {
        return raw;
    }

    /**
     * A metadata answer as FedDuck hands it out: its rows read into FedDuck's own buffer, which answers the
     * cursor calls tools make (isClosed, getRow, isAfterLast, ...) that a CachedRowSet or DuckDB refuse.
     */
    private static ResultSet wrap(ResultSet result) throws SQLException {
        if (result == null) {
            return null;
        }
        FedDuckResultSet rows = new FedDuckResultSet(result, null, 0, read -> { });
        rows.buffer();
        return rows;
    }

    /** A catalog call's answer. */
    @FunctionalInterface
    private interface CatalogCall {
        ResultSet run() throws SQLException;
    }

    /**
     * Runs a catalog call alone among this connection's calls: the calls stage rows in the metadata
     * connection's temp tables, which a second thread's call (SchemaCrawler and DBeaver read metadata in
     * parallel) would otherwise empty or fill with its own rows midway.
     */
    private ResultSet answer(CatalogCall call) throws SQLException {
        synchronized (session) {
            return wrap(call.run());
        }
    }

    // duckdb_jdbc answers these six with a query on its connection: on the session they would cut off the
    // result that streams there (DBeaver and IntelliJ ask while a grid is open), so the metadata connection
    // answers.

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        return session.duckDb(DatabaseMetaData::getDatabaseProductVersion);
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        return session.duckDb(DatabaseMetaData::getSQLKeywords);
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        return session.duckDb(DatabaseMetaData::getNumericFunctions);
    }

    @Override
    public String getStringFunctions() throws SQLException {
        return session.duckDb(DatabaseMetaData::getStringFunctions);
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        return session.duckDb(DatabaseMetaData::getSystemFunctions);
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        return session.duckDb(DatabaseMetaData::getTimeDateFunctions);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return url;
    }

    @Override
    public String getDriverName() {
        return FedDuckVersion.DRIVER_NAME;
    }

    @Override
    public String getDriverVersion() {
        return FedDuckVersion.TEXT;
    }

    @Override
    public int getDriverMajorVersion() {
        return FedDuckVersion.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return FedDuckVersion.MINOR;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public ResultSet getProcedures(String c, String s, String p) throws SQLException {
        return answer(() -> routines.procedures(c, s, p));
    }

    @Override
    public ResultSet getProcedureColumns(String c, String s, String p, String col) throws SQLException {
        return answer(() -> routines.procedureColumns(c, s, p, col));
    }

    @Override
    public ResultSet getTables(String c, String s, String t, String[] types) throws SQLException {
        return answer(() -> tables.tables(c, s, t, types));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return answer(() -> tables.schemas(null, null));
    }

    @Override
    public ResultSet getSchemas(String c, String s) throws SQLException {
        return answer(() -> tables.schemas(c, s));
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return answer(() -> tables.catalogs());
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return answer(() -> tables.tableTypes());
    }

    @Override
    public ResultSet getColumns(String c, String s, String t, String col) throws SQLException {
        return answer(() -> columns.columns(c, s, t, col));
    }

    @Override
    public ResultSet getColumnPrivileges(String c, String s, String t, String col) throws SQLException {
        return answer(() -> empty.columnPrivileges());
    }

    @Override
    public ResultSet getTablePrivileges(String c, String s, String t) throws SQLException {
        return answer(() -> empty.tablePrivileges());
    }

    @Override
    public ResultSet getBestRowIdentifier(String c, String s, String t, int scope, boolean nullable)
            throws SQLException {
        return answer(() -> empty.rowIdentifierColumns());
    }

    @Override
    public ResultSet getVersionColumns(String c, String s, String t) throws SQLException {
        return answer(() -> empty.rowIdentifierColumns());
    }

    @Override
    public ResultSet getPrimaryKeys(String c, String s, String t) throws SQLException {
        return answer(() -> keys.primaryKeys(c, s, t));
    }

    @Override
    public ResultSet getImportedKeys(String c, String s, String t) throws SQLException {
        return answer(() -> keys.importedKeys(c, s, t));
    }

    @Override
    public ResultSet getExportedKeys(String c, String s, String t) throws SQLException {
        return answer(() -> keys.exportedKeys(c, s, t));
    }

    @Override
    public ResultSet getCrossReference(String pc, String ps, String pt, String fc, String fs, String ft)
            throws SQLException {
        return answer(() -> keys.crossReference(pc, ps, pt, fc, fs, ft));
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return answer(() -> types.typeInfo());
    }

    @Override
    public ResultSet getIndexInfo(String c, String s, String t, boolean unique, boolean approximate)
            throws SQLException {
        return answer(() -> indexes.indexInfo(c, s, t, unique));
    }

    @Override
    public ResultSet getUDTs(String c, String s, String t, int[] types) throws SQLException {
        return answer(() -> empty.udts());
    }

    @Override
    public ResultSet getSuperTypes(String c, String s, String t) throws SQLException {
        return answer(() -> empty.superTypes());
    }

    @Override
    public ResultSet getSuperTables(String c, String s, String t) throws SQLException {
        return answer(() -> empty.superTables());
    }

    @Override
    public ResultSet getAttributes(String c, String s, String t, String a) throws SQLException {
        return answer(() -> empty.attributes());
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return answer(() -> empty.clientInfoProperties());
    }

    @Override
    public ResultSet getFunctions(String c, String s, String f) throws SQLException {
        return answer(() -> routines.functions(c, s, f));
    }

    @Override
    public ResultSet getFunctionColumns(String c, String s, String f, String col) throws SQLException {
        return answer(() -> routines.functionColumns(c, s, f, col));
    }

    @Override
    public ResultSet getPseudoColumns(String c, String s, String t, String col) throws SQLException {
        return answer(() -> empty.pseudoColumns());
    }

    // DuckDB sorts NULL last in both directions (default_null_order NULLS_LAST).
    @Override
    public boolean nullsAreSortedHigh() {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtStart() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtEnd() {
        return true;
    }

    // Identifiers, quoted or not, are matched case-insensitively and kept as written.
    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return true;
    }

    // What duckdb_jdbc leaves unanswered (SQLFeatureNotSupportedException), answered for FedDuck.
    @Override
    public boolean autoCommitFailureClosesAllResultSets() {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() {
        return false;
    }

    @Override
    public boolean locatorsUpdateCopy() {
        return false;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public java.sql.RowIdLifetime getRowIdLifetime() {
        return java.sql.RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }
}
