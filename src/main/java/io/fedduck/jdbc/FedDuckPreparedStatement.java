package io.fedduck.jdbc;

import io.fedduck.internal.SqlStates;
import io.fedduck.procedures.FederationProcedures;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import java.util.TreeMap;

/**
 * A FedDuck prepared statement. Besides what every FedDuck statement adds, it remembers the bound
 * parameters, so that after DuckDB closed its prepared statement on an error, the re-prepared one
 * carries the same values (the JDBC contract keeps parameters until clearParameters).
 */
public final class FedDuckPreparedStatement extends ForwardingPreparedStatement {

    /** One remembered parameter value. */
    private interface Binding {
        void apply(PreparedStatement statement) throws SQLException;
    }

    private final String sql;
    private final StatementCore<PreparedStatement> core;
    private final Map<Integer, Binding> bindings = new TreeMap<>();

    FedDuckPreparedStatement(FedDuckConnection connection, String sql,
                             StatementCore.Factory<PreparedStatement> prepare) throws SQLException {
        this.sql = sql;
        this.core = new StatementCore<>(connection, this, () -> {
            PreparedStatement statement = prepare.create();
            for (Binding binding : bindings.values()) {
                binding.apply(statement);
            }
            return statement;
        }, true);
        core.parameters(statement -> {
            for (Binding binding : bindings.values()) {
                binding.apply(statement);
            }
        });
        // duckdb_jdbc runs every statement but the last while preparing, so the policy must see the
        // text first, and one statement only: a re-prepare after an error would run the others again.
        StatementCore.checkPolicy(connection, sql);
        if (connection.read(sql).statementCount() > 1) {
            core.close();
            throw new SQLSyntaxErrorException("a PreparedStatement takes exactly one SQL statement; run several"
                    + " with a Statement", SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
        }
        // Prepare now, so syntax errors surface at prepareStatement as JDBC users expect; DuckDB binds the
        // sources' tables here, so a source known to be down fails now, fast, with class 08.
        try {
            connection.requireNamedSourcesReachable(sql);
            core.raw();
        } catch (SQLException e) {
            core.close();
            SQLException procedureError = FederationProcedures.prepareError(connection.read(sql), e).orElse(null);
            throw procedureError != null ? procedureError : DuckDbErrors.translate(e, connection.federation());
        }
    }

    @Override
    protected PreparedStatement delegate() throws SQLException {
        return core.raw();
    }

    private void bind(int index, Binding binding) throws SQLException {
        PreparedStatement statement = core.raw();
        binding.apply(statement);
        bindings.put(index, binding);
    }

    /** DuckDB's column metadata of the prepared query, with the table names of a simple select. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSetMetaData raw = core.raw().getMetaData();
        return raw == null ? null : new FedDuckResultSetMetaData(raw, core.connection().columnOrigins(sql));
    }

    // ---- executions of the prepared SQL -----------------------------------------------------------

    @Override
    public boolean execute() throws SQLException {
        return core.execute(sql, PreparedStatement::execute);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        // pushdown (docs/pushdown.md) takes a query without parameters: its text then runs on the session
        return core.wrap(core.executeText(sql, (prepared, text) -> text.equals(sql) ? prepared.executeQuery()
                : core.runPushed(text)));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return core.execute(sql, PreparedStatement::executeUpdate);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return core.execute(sql, PreparedStatement::executeLargeUpdate);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return core.execute(sql, PreparedStatement::executeBatch);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return core.execute(sql, PreparedStatement::executeLargeBatch);
    }

    @Override
    public void clearParameters() throws SQLException {
        core.raw().clearParameters();
        bindings.clear();
    }

    // ---- JDBC: the methods that take SQL text cannot be called on a PreparedStatement --------------

    private SQLException sqlTextRefused() throws SQLException {
        core.raw();
        return new SQLException("a PreparedStatement runs the SQL it was prepared with; use a Statement for"
                + " other SQL text", "42809");
    }

    @Override
    public boolean execute(String other) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public boolean execute(String other, int autoGeneratedKeys) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public boolean execute(String other, int[] columnIndexes) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public boolean execute(String other, String[] columnNames) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public ResultSet executeQuery(String other) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public int executeUpdate(String other) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public int executeUpdate(String other, int autoGeneratedKeys) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public int executeUpdate(String other, int[] columnIndexes) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public int executeUpdate(String other, String[] columnNames) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public long executeLargeUpdate(String other) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public long executeLargeUpdate(String other, int autoGeneratedKeys) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public long executeLargeUpdate(String other, int[] columnIndexes) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public long executeLargeUpdate(String other, String[] columnNames) throws SQLException {
        throw sqlTextRefused();
    }

    @Override
    public void addBatch(String other) throws SQLException {
        throw sqlTextRefused();
    }

    // ---- results, limits, life cycle (as in FedDuckStatement) --------------------------------------

    @Override
    public ResultSet getResultSet() throws SQLException {
        return core.currentResultSet();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return core.moreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return core.moreResults(current);
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, core.updateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return core.updateCount();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        core.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return core.isCloseOnCompletion();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        core.raw();
        throw GeneratedKeys.refused();
    }

    @Override
    public Connection getConnection() throws SQLException {
        core.raw();
        return core.connection();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        core.setQueryTimeout(seconds);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        core.raw();
        return core.effectiveQueryTimeout();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        core.setMaxRows(max);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, core.maxRows());
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        core.setMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return core.maxRows();
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        core.setFetchSize(rows);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return core.fetchSize();
    }

    @Override
    public void cancel() throws SQLException {
        core.cancel();
    }

    @Override
    public boolean isClosed() {
        return core.isClosed();
    }

    @Override
    public void close() throws SQLException {
        core.close();
    }

    // ---- parameters: applied now and remembered for a re-prepare -----------------------------------

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        bind(i, s -> s.setNull(i, sqlType));
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        bind(i, s -> s.setNull(i, sqlType, typeName));
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        bind(i, s -> s.setBoolean(i, x));
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        bind(i, s -> s.setByte(i, x));
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        bind(i, s -> s.setShort(i, x));
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        bind(i, s -> s.setInt(i, x));
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        bind(i, s -> s.setLong(i, x));
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        bind(i, s -> s.setFloat(i, x));
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        bind(i, s -> s.setDouble(i, x));
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        bind(i, s -> s.setBigDecimal(i, x));
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        bind(i, s -> s.setString(i, x));
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        bind(i, s -> s.setNString(i, x));
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        bind(i, s -> s.setBytes(i, x));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        bind(i, s -> s.setDate(i, x));
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        bind(i, s -> s.setDate(i, x, cal));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        bind(i, s -> s.setTime(i, x));
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        bind(i, s -> s.setTime(i, x, cal));
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        bind(i, s -> s.setTimestamp(i, x));
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        bind(i, s -> s.setTimestamp(i, x, cal));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        bind(i, s -> s.setObject(i, x));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        bind(i, s -> s.setObject(i, x, targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        bind(i, s -> s.setObject(i, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
        bind(i, s -> s.setObject(i, x, targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        bind(i, s -> s.setObject(i, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        bind(i, s -> s.setArray(i, x));
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        bind(i, s -> s.setRef(i, x));
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        bind(i, s -> s.setURL(i, x));
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        bind(i, s -> s.setRowId(i, x));
    }

    @Override
    public void setSQLXML(int i, SQLXML x) throws SQLException {
        bind(i, s -> s.setSQLXML(i, x));
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        bind(i, s -> s.setBlob(i, x));
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        bind(i, s -> s.setClob(i, x));
    }

    @Override
    public void setNClob(int i, NClob x) throws SQLException {
        bind(i, s -> s.setNClob(i, x));
    }

    // Streams are read once; a re-prepare after an error cannot replay them, so they are not remembered.

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        core.raw().setAsciiStream(i, x, length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        core.raw().setAsciiStream(i, x, length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        core.raw().setAsciiStream(i, x);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        core.raw().setUnicodeStream(i, x, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        core.raw().setBinaryStream(i, x, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        core.raw().setBinaryStream(i, x, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        core.raw().setBinaryStream(i, x);
    }

    @Override
    public void setCharacterStream(int i, Reader x, int length) throws SQLException {
        core.raw().setCharacterStream(i, x, length);
    }

    @Override
    public void setCharacterStream(int i, Reader x, long length) throws SQLException {
        core.raw().setCharacterStream(i, x, length);
    }

    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        core.raw().setCharacterStream(i, x);
    }

    @Override
    public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
        core.raw().setNCharacterStream(i, x, length);
    }

    @Override
    public void setNCharacterStream(int i, Reader x) throws SQLException {
        core.raw().setNCharacterStream(i, x);
    }

    @Override
    public void setClob(int i, Reader x, long length) throws SQLException {
        core.raw().setClob(i, x, length);
    }

    @Override
    public void setClob(int i, Reader x) throws SQLException {
        core.raw().setClob(i, x);
    }

    @Override
    public void setBlob(int i, InputStream x, long length) throws SQLException {
        core.raw().setBlob(i, x, length);
    }

    @Override
    public void setBlob(int i, InputStream x) throws SQLException {
        core.raw().setBlob(i, x);
    }

    @Override
    public void setNClob(int i, Reader x, long length) throws SQLException {
        core.raw().setNClob(i, x, length);
    }

    @Override
    public void setNClob(int i, Reader x) throws SQLException {
        core.raw().setNClob(i, x);
    }
}
