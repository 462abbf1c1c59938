package io.fedduck.jdbc.metadata;

import io.fedduck.config.SourceType;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlText;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.rowset.CachedRowSet;

/**
 * getColumns: DuckDB's type of every column (duckdb_columns, read alone), as a bare TYPE_NAME with
 * COLUMN_SIZE and DECIMAL_DIGITS apart and the JDBC type code a query's ResultSetMetaData gives
 * ({@link DuckTypes}); for a source's tables nullability, default and REMARKS come from the source's own
 * catalog (the dialect query behind describe_remote_table: PostgreSQL col_description, MySQL
 * COLUMN_COMMENT), as DuckDB's view of a source has none of them. A SQLite source's views, which
 * duckdb_columns leaves out, get the columns a query over them has.
 */
public final class ColumnMetadata {
    private static final String DUCK = "fedduck_md_duck_columns";
    private static final String NATIVE = "fedduck_md_native_columns";
    private static final String VIEW_SHAPE = "fedduck_md_view_shape";

    private final MetadataSession session;

    public ColumnMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet columns(String catalog, String schemaPattern, String tablePattern, String columnPattern)
            throws SQLException {
        List<MetadataSession.Catalog> catalogs = session.catalogs(catalog);
        session.stagingTable(DUCK, "catalog VARCHAR, schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR,"
                + " ordinal INTEGER, data_type VARCHAR, precision INTEGER, scale INTEGER, radix INTEGER,"
                + " nullable BOOLEAN, column_default VARCHAR, comment VARCHAR");
        session.stagingTable(NATIVE, "catalog VARCHAR, schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR,"
                + " nullable BOOLEAN, column_default VARCHAR, comment VARCHAR");
        Filter narrow = new Filter().like("schema_name", schemaPattern).like("table_name", tablePattern)
                .like("column_name", columnPattern);
        for (MetadataSession.Catalog c : catalogs) {
            List<Object> parameters = new java.util.ArrayList<>(List.of(c.name()));
            parameters.addAll(narrow.parameters());
            session.executeCatalogScan("INSERT INTO temp.main." + DUCK + " SELECT * FROM (SELECT database_name AS catalog,"
                    + " schema_name, table_name, column_name, CAST(column_index AS INTEGER) AS ordinal, data_type,"
                    + " CAST(numeric_precision AS INTEGER), CAST(numeric_scale AS INTEGER),"
                    + " CAST(numeric_precision_radix AS INTEGER), is_nullable, column_default, comment"
                    + " FROM duckdb_columns() WHERE database_name = ? AND NOT internal)" + narrow.where(), parameters);
            if (c.local()) {
                session.dropUnreadableViews(DUCK, c.name());
            }
            if (!c.local()) {
                session.stageRemote(NATIVE, "schema_name, table_name, column_name, nullable, column_default, comment",
                        "schema_name, table_name, ordinal, column_name, native_type, nullable, column_default,"
                        + " is_primary_key, comment", SourceDialect.of(c.source()).remoteColumnsQuery(), c);
                if (c.source() == SourceType.SQLITE) {
                    addSqliteViewColumns(c, schemaPattern, tablePattern, columnPattern);
                }
            }
        }
        CachedRowSet rows = session.query("SELECT d.catalog AS TABLE_CAT, d.schema_name AS TABLE_SCHEM,"
                + " d.table_name AS TABLE_NAME, d.column_name AS COLUMN_NAME, CAST(NULL AS INTEGER) AS DATA_TYPE,"
                + " d.data_type AS TYPE_NAME,"
                + " CAST(CASE WHEN d.data_type LIKE 'DECIMAL%' OR d.radix IS NOT NULL THEN d.precision END AS INTEGER)"
                + " AS COLUMN_SIZE, CAST(NULL AS INTEGER) AS BUFFER_LENGTH, d.scale AS DECIMAL_DIGITS,"
                + " d.radix AS NUM_PREC_RADIX, CAST(CASE WHEN coalesce(n.nullable, d.nullable) THEN "
                + DatabaseMetaData.columnNullable + " ELSE " + DatabaseMetaData.columnNoNulls + " END AS INTEGER) AS NULLABLE,"
                + " coalesce(n.comment, d.comment) AS REMARKS, coalesce(n.column_default, d.column_default) AS COLUMN_DEF,"
                + " CAST(NULL AS INTEGER) AS SQL_DATA_TYPE, CAST(NULL AS INTEGER) AS SQL_DATETIME_SUB,"
                + " CAST(NULL AS INTEGER) AS CHAR_OCTET_LENGTH, d.ordinal AS ORDINAL_POSITION,"
                + " CASE WHEN coalesce(n.nullable, d.nullable) THEN 'YES' ELSE 'NO' END AS IS_NULLABLE,"
                + " CAST(NULL AS VARCHAR) AS SCOPE_CATALOG, CAST(NULL AS VARCHAR) AS SCOPE_SCHEMA,"
                + " CAST(NULL AS VARCHAR) AS SCOPE_TABLE, CAST(NULL AS SMALLINT) AS SOURCE_DATA_TYPE,"
                + " CASE WHEN coalesce(n.column_default, d.column_default) ILIKE 'nextval(%' THEN 'YES' ELSE 'NO' END"
                + " AS IS_AUTOINCREMENT, 'NO' AS IS_GENERATEDCOLUMN FROM temp.main." + DUCK + " d"
                + " LEFT JOIN temp.main." + NATIVE + " n ON n.catalog = d.catalog AND n.schema_name = d.schema_name"
                + " AND n.table_name = d.table_name AND n.column_name = d.column_name"
                + " ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION", List.of());
        // The type code and bare name come from duckdb_jdbc's own mapping, in Java.
        while (rows.next()) {
            String type = rows.getString(6);
            rows.updateInt(5, DuckTypes.jdbcType(type));
            rows.updateString(6, DuckTypes.bareName(type));
            rows.updateRow();
        }
        rows.beforeFirst();
        return rows;
    }

    /**
     * DuckDB's sqlite extension binds a SQLite view only when it is queried, so duckdb_columns() lists
     * none of its columns (DESCRIBE and queries have them). For every table of the source's own catalog
     * that has no staged column, an empty copy ({@code LIMIT 0}, no row read) gives DuckDB's columns with
     * the same precision, scale and radix duckdb_columns() gives a table.
     */
    private void addSqliteViewColumns(MetadataSession.Catalog c, String schemaPattern, String tablePattern,
            String columnPattern) throws SQLException {
        Filter unlisted = new Filter().equal("n.catalog", c.name()).like("n.schema_name", schemaPattern)
                .like("n.table_name", tablePattern).and("NOT EXISTS (SELECT 1 FROM temp.main." + DUCK + " d"
                        + " WHERE d.catalog = n.catalog AND d.schema_name = n.schema_name AND d.table_name = n.table_name)");
        List<String[]> tables = new ArrayList<>();
        try (CachedRowSet rows = session.query("SELECT DISTINCT n.schema_name, n.table_name FROM temp.main." + NATIVE
                + " n" + unlisted.where() + " ORDER BY 1, 2", unlisted.parameters())) {
            while (rows.next()) {
                tables.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        Filter narrow = new Filter().like("column_name", columnPattern);
        for (String[] t : tables) {
            try {
                session.execute("CREATE OR REPLACE TEMP TABLE " + VIEW_SHAPE + " AS SELECT * FROM "
                        + SqlText.identifier(c.name()) + "." + SqlText.identifier(t[0]) + "." + SqlText.identifier(t[1])
                        + " LIMIT 0", List.of());
            } catch (SQLException e) {
                continue; // a view with SQL only SQLite understands: DuckDB cannot query it, so it has no columns
            }
            List<Object> parameters = new ArrayList<>(List.of(c.name(), t[0], t[1]));
            parameters.addAll(narrow.parameters());
            session.executeCatalogScan("INSERT INTO temp.main." + DUCK + " SELECT * FROM (SELECT CAST(? AS VARCHAR),"
                    + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), column_name, CAST(column_index AS INTEGER), data_type,"
                    + " CAST(numeric_precision AS INTEGER), CAST(numeric_scale AS INTEGER),"
                    + " CAST(numeric_precision_radix AS INTEGER), is_nullable, column_default, comment"
                    + " FROM duckdb_columns() WHERE database_name = 'temp' AND schema_name = 'main'"
                    + " AND table_name = '" + VIEW_SHAPE + "')" + narrow.where(), parameters);
        }
    }
}
