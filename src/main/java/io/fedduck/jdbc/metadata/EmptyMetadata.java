package io.fedduck.jdbc.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The spec-shaped empty answers for what FedDuck has none of (privileges, user-defined types, type and
 * table hierarchies, attributes, pseudo and version columns, client-info properties): the javadoc's
 * columns, in order and with its types, and no rows.
 */
public final class EmptyMetadata {
    private static final String V = "VARCHAR";
    private static final String I = "INTEGER";
    private static final String S = "SMALLINT";

    private final MetadataSession session;

    public EmptyMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet columnPrivileges() throws SQLException {
        return empty("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "COLUMN_NAME", V, "GRANTOR", V,
                "GRANTEE", V, "PRIVILEGE", V, "IS_GRANTABLE", V);
    }

    public ResultSet tablePrivileges() throws SQLException {
        return empty("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "GRANTOR", V, "GRANTEE", V,
                "PRIVILEGE", V, "IS_GRANTABLE", V);
    }

    /** getBestRowIdentifier and getVersionColumns share their columns. */
    public ResultSet rowIdentifierColumns() throws SQLException {
        return empty("SCOPE", S, "COLUMN_NAME", V, "DATA_TYPE", I, "TYPE_NAME", V, "COLUMN_SIZE", I,
                "BUFFER_LENGTH", I, "DECIMAL_DIGITS", S, "PSEUDO_COLUMN", S);
    }

    public ResultSet udts() throws SQLException {
        return empty("TYPE_CAT", V, "TYPE_SCHEM", V, "TYPE_NAME", V, "CLASS_NAME", V, "DATA_TYPE", I,
                "REMARKS", V, "BASE_TYPE", S);
    }

    public ResultSet superTypes() throws SQLException {
        return empty("TYPE_CAT", V, "TYPE_SCHEM", V, "TYPE_NAME", V, "SUPERTYPE_CAT", V, "SUPERTYPE_SCHEM", V,
                "SUPERTYPE_NAME", V);
    }

    public ResultSet superTables() throws SQLException {
        return empty("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "SUPERTABLE_NAME", V);
    }

    public ResultSet attributes() throws SQLException {
        return empty("TYPE_CAT", V, "TYPE_SCHEM", V, "TYPE_NAME", V, "ATTR_NAME", V, "DATA_TYPE", I,
                "ATTR_TYPE_NAME", V, "ATTR_SIZE", I, "DECIMAL_DIGITS", I, "NUM_PREC_RADIX", I, "NULLABLE", I,
                "REMARKS", V, "ATTR_DEF", V, "SQL_DATA_TYPE", I, "SQL_DATETIME_SUB", I, "CHAR_OCTET_LENGTH", I,
                "ORDINAL_POSITION", I, "IS_NULLABLE", V, "SCOPE_CATALOG", V, "SCOPE_SCHEMA", V, "SCOPE_TABLE", V,
                "SOURCE_DATA_TYPE", S);
    }

    public ResultSet pseudoColumns() throws SQLException {
        return empty("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "COLUMN_NAME", V, "DATA_TYPE", I,
                "COLUMN_SIZE", I, "DECIMAL_DIGITS", I, "NUM_PREC_RADIX", I, "COLUMN_USAGE", V, "REMARKS", V,
                "CHAR_OCTET_LENGTH", I, "IS_NULLABLE", V);
    }

    public ResultSet clientInfoProperties() throws SQLException {
        return empty("NAME", V, "MAX_LEN", I, "DEFAULT_VALUE", V, "DESCRIPTION", V);
    }

    /** {@code columns}: name, DuckDB type, name, type, ... */
    private ResultSet empty(String... columns) throws SQLException {
        return session.constantRows(List.of(), columns);
    }
}
