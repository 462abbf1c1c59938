package io.fedduck.jdbc.metadata;

import io.fedduck.federation.dialect.SourceDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * getCatalogs, getSchemas, getTables and getTableTypes. A source's tables come from its own catalog (the
 * dialect query behind list_remote_tables), which leaves out the source's system schemas (pg_catalog,
 * information_schema, mysql, performance_schema, sys) and reports views and materialised views as such;
 * a local database's from duckdb_tables and duckdb_views, each read alone. FedDuck's own temp tables live
 * in each connection's temp catalog and are never listed.
 */
public final class TableMetadata {
    private static final String TABLE = "fedduck_md_tables";
    static final List<String> TYPES = List.of("FOREIGN TABLE", "MATERIALIZED VIEW", "TABLE", "VIEW");

    private final MetadataSession session;

    public TableMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet catalogs() throws SQLException {
        StringBuilder values = new StringBuilder();
        List<MetadataSession.Catalog> catalogs = session.catalogs(null);
        for (int i = 0; i < catalogs.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(CAST(? AS VARCHAR))");
        }
        if (catalogs.isEmpty()) {
            return session.query("SELECT CAST(NULL AS VARCHAR) AS TABLE_CAT WHERE false", List.of());
        }
        return session.query("SELECT c AS TABLE_CAT FROM (VALUES " + values + ") v(c) ORDER BY TABLE_CAT",
                catalogs.stream().map(MetadataSession.Catalog::name).toList());
    }

    public ResultSet tableTypes() throws SQLException {
        return session.query("SELECT CAST(t AS VARCHAR) AS TABLE_TYPE FROM (VALUES (?), (?), (?), (?)) v(t)"
                + " ORDER BY TABLE_TYPE", TYPES);
    }

    /** The schemas that hold tables or views (a source's from its tables; local ones from duckdb_schemas). */
    public ResultSet schemas(String catalog, String schemaPattern) throws SQLException {
        stage(catalog);
        for (MetadataSession.Catalog c : session.catalogs(catalog)) {
            if (c.local()) {
                session.executeCatalogScan("INSERT INTO temp.main." + TABLE + " (catalog, schema_name)"
                        + " SELECT database_name, schema_name FROM duckdb_schemas() WHERE database_name = ?",
                        List.of(c.name()));
            }
        }
        Filter filter = new Filter().like("schema_name", schemaPattern);
        return session.query("SELECT DISTINCT schema_name AS TABLE_SCHEM, catalog AS TABLE_CATALOG FROM temp.main."
                + TABLE + filter.where() + " ORDER BY TABLE_CATALOG, TABLE_SCHEM", filter.parameters());
    }

    public ResultSet tables(String catalog, String schemaPattern, String tablePattern, String[] types)
            throws SQLException {
        stage(catalog);
        Filter filter = new Filter().like("schema_name", schemaPattern).like("table_name", tablePattern)
                .and("table_name IS NOT NULL");
        if (types != null) {
            StringBuilder in = new StringBuilder("upper(table_type) IN (");
            for (int i = 0; i < types.length; i++) {
                in.append(i == 0 ? "" : ", ").append("?");
            }
            filter.and(in.append(")").toString());
            filter.parameters().addAll(Arrays.stream(types)
                    .map(t -> t == null ? null : t.toUpperCase(Locale.ROOT)).toList());
        }
        // the IN's values come after the LIKE values, in the order the WHERE clause names them
        return session.query("SELECT catalog AS TABLE_CAT, schema_name AS TABLE_SCHEM, table_name AS TABLE_NAME,"
                + " table_type AS TABLE_TYPE, remarks AS REMARKS, CAST(NULL AS VARCHAR) AS TYPE_CAT,"
                + " CAST(NULL AS VARCHAR) AS TYPE_SCHEM, CAST(NULL AS VARCHAR) AS TYPE_NAME,"
                + " CAST(NULL AS VARCHAR) AS SELF_REFERENCING_COL_NAME, CAST(NULL AS VARCHAR) AS REF_GENERATION"
                + " FROM temp.main." + TABLE + filter.where()
                + " ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME", filter.parameters());
    }

    /** Every table and view of the catalogs (all when null) into the staging table. */
    private void stage(String catalog) throws SQLException {
        session.stagingTable(TABLE, "catalog VARCHAR, schema_name VARCHAR, table_name VARCHAR, table_type VARCHAR,"
                + " remarks VARCHAR");
        for (MetadataSession.Catalog c : session.catalogs(catalog)) {
            if (c.local()) {
                session.executeCatalogScan("INSERT INTO temp.main." + TABLE + " SELECT database_name, schema_name,"
                        + " table_name, 'TABLE', comment FROM duckdb_tables() WHERE database_name = ? AND NOT internal",
                        List.of(c.name()));
                session.executeCatalogScan("INSERT INTO temp.main." + TABLE + " SELECT database_name, schema_name,"
                        + " view_name, 'VIEW', comment FROM duckdb_views() WHERE database_name = ? AND NOT internal",
                        List.of(c.name()));
                session.dropUnreadableViews(TABLE, c.name());
            } else {
                session.stageRemote(TABLE, "schema_name, table_name, CASE table_type WHEN 'view' THEN 'VIEW'"
                        + " WHEN 'materialized view' THEN 'MATERIALIZED VIEW' WHEN 'foreign table' THEN 'FOREIGN TABLE'"
                        + " ELSE 'TABLE' END, CAST(NULL AS VARCHAR)", "schema_name, table_name, table_type,"
                        + " row_estimate, size_bytes, last_modified", SourceDialect.of(c.source()).remoteTableNamesQuery(), c);
            }
        }
    }
}
