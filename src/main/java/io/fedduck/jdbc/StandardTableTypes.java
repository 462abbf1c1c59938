package io.fedduck.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A getTables or getTableTypes result whose TABLE_TYPE column uses the JDBC names: DuckDB reports base tables as
 * {@code BASE TABLE}, so tools that ask for {@code TABLE} (Metabase's sync, schema browsers) found none.
 */
final class StandardTableTypes extends ForwardingResultSet {
    static final String DUCKDB_TABLE = "BASE TABLE";
    static final String JDBC_TABLE = "TABLE";
    private final ResultSet raw;
    private final int tableTypeColumn;

    /** @param tableTypeColumn where TABLE_TYPE is: 4 in getTables, 1 in getTableTypes */
    StandardTableTypes(ResultSet raw, int tableTypeColumn) {
        this.raw = raw;
        this.tableTypeColumn = tableTypeColumn;
    }

    @Override
    protected ResultSet delegate() {
        return raw;
    }

    private static String standard(String type) {
        return DUCKDB_TABLE.equals(type) ? JDBC_TABLE : type;
    }

    private boolean isTableType(String label) throws SQLException {
        return raw.findColumn(label) == tableTypeColumn;
    }

    @Override
    public String getString(int column) throws SQLException {
        String value = raw.getString(column);
        return column == tableTypeColumn ? standard(value) : value;
    }

    @Override
    public String getString(String label) throws SQLException {
        return isTableType(label) ? standard(raw.getString(label)) : raw.getString(label);
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return column == tableTypeColumn ? getString(column) : raw.getObject(column);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return isTableType(label) ? getString(label) : raw.getObject(label);
    }
}
