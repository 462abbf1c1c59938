package io.fedduck.jdbc;

import io.fedduck.internal.FedDuckVersion;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * DuckDB's metadata as seen through FedDuck: the connection is the FedDuck one, the driver is FedDuck,
 * and every result set is wrapped so nothing hands out DuckDB's own statement or connection. The product
 * name and version stay DuckDB's, because tools choose their SQL dialect by them.
 */
public final class FedDuckDatabaseMetaData extends ForwardingDatabaseMetaData {
    private final FedDuckConnection connection;
    private final DatabaseMetaData raw;
    private final String url;

    FedDuckDatabaseMetaData(FedDuckConnection connection, DatabaseMetaData raw, String url) {
        this.connection = connection;
        this.raw = raw;
        this.url = url;
    }

    @Override
    protected DatabaseMetaData delegate() {
        return raw;
    }

    private static ResultSet wrap(ResultSet result) {
        return result == null ? null : new FedDuckResultSet(result, null, 0, rows -> { });
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
        return wrap(raw.getProcedures(c, s, p));
    }

    @Override
    public ResultSet getProcedureColumns(String c, String s, String p, String col) throws SQLException {
        return wrap(raw.getProcedureColumns(c, s, p, col));
    }

    /** Accepts and reports the JDBC type name TABLE for what DuckDB calls BASE TABLE. */
    @Override
    public ResultSet getTables(String c, String s, String t, String[] types) throws SQLException {
        String[] duckTypes = types == null ? null : java.util.Arrays.stream(types)
                .map(type -> StandardTableTypes.JDBC_TABLE.equalsIgnoreCase(type) ? StandardTableTypes.DUCKDB_TABLE : type)
                .toArray(String[]::new);
        return wrap(new StandardTableTypes(raw.getTables(c, s, t, duckTypes), 4));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return wrap(raw.getSchemas());
    }

    @Override
    public ResultSet getSchemas(String c, String s) throws SQLException {
        return wrap(raw.getSchemas(c, s));
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return wrap(raw.getCatalogs());
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return wrap(new StandardTableTypes(raw.getTableTypes(), 1));
    }

    @Override
    public ResultSet getColumns(String c, String s, String t, String col) throws SQLException {
        return wrap(raw.getColumns(c, s, t, col));
    }

    @Override
    public ResultSet getColumnPrivileges(String c, String s, String t, String col) throws SQLException {
        return wrap(raw.getColumnPrivileges(c, s, t, col));
    }

    @Override
    public ResultSet getTablePrivileges(String c, String s, String t) throws SQLException {
        return wrap(raw.getTablePrivileges(c, s, t));
    }

    @Override
    public ResultSet getBestRowIdentifier(String c, String s, String t, int scope, boolean nullable)
            throws SQLException {
        return wrap(raw.getBestRowIdentifier(c, s, t, scope, nullable));
    }

    @Override
    public ResultSet getVersionColumns(String c, String s, String t) throws SQLException {
        return wrap(raw.getVersionColumns(c, s, t));
    }

    @Override
    public ResultSet getPrimaryKeys(String c, String s, String t) throws SQLException {
        return wrap(raw.getPrimaryKeys(c, s, t));
    }

    @Override
    public ResultSet getImportedKeys(String c, String s, String t) throws SQLException {
        return wrap(raw.getImportedKeys(c, s, t));
    }

    @Override
    public ResultSet getExportedKeys(String c, String s, String t) throws SQLException {
        return wrap(raw.getExportedKeys(c, s, t));
    }

    @Override
    public ResultSet getCrossReference(String pc, String ps, String pt, String fc, String fs, String ft)
            throws SQLException {
        return wrap(raw.getCrossReference(pc, ps, pt, fc, fs, ft));
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return wrap(raw.getTypeInfo());
    }

    @Override
    public ResultSet getIndexInfo(String c, String s, String t, boolean unique, boolean approximate)
            throws SQLException {
        return wrap(raw.getIndexInfo(c, s, t, unique, approximate));
    }

    @Override
    public ResultSet getUDTs(String c, String s, String t, int[] types) throws SQLException {
        return wrap(raw.getUDTs(c, s, t, types));
    }

    @Override
    public ResultSet getSuperTypes(String c, String s, String t) throws SQLException {
        return wrap(raw.getSuperTypes(c, s, t));
    }

    @Override
    public ResultSet getSuperTables(String c, String s, String t) throws SQLException {
        return wrap(raw.getSuperTables(c, s, t));
    }

    @Override
    public ResultSet getAttributes(String c, String s, String t, String a) throws SQLException {
        return wrap(raw.getAttributes(c, s, t, a));
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return wrap(raw.getClientInfoProperties());
    }

    @Override
    public ResultSet getFunctions(String c, String s, String f) throws SQLException {
        return wrap(raw.getFunctions(c, s, f));
    }

    @Override
    public ResultSet getFunctionColumns(String c, String s, String f, String col) throws SQLException {
        return wrap(raw.getFunctionColumns(c, s, f, col));
    }

    @Override
    public ResultSet getPseudoColumns(String c, String s, String t, String col) throws SQLException {
        return wrap(raw.getPseudoColumns(c, s, t, col));
    }
}
