package io.fedduck.jdbc.metadata;

import io.fedduck.federation.dialect.SourceDialect;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * getIndexInfo: a source's indexes from its own catalog (the dialect query behind remote_table_indexes),
 * a local database's from duckdb_indexes plus the indexes DuckDB keeps for primary keys and unique
 * constraints; one row per index column, complete (COLUMN_NAME, ORDINAL_POSITION, TYPE).
 */
public final class IndexMetadata {
    private static final String TABLE = "fedduck_md_indexes";

    private final MetadataSession session;

    public IndexMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet indexInfo(String catalog, String schema, String table, boolean unique) throws SQLException {
        List<MetadataSession.Catalog> catalogs = session.catalogs(catalog);
        session.stagingTable(TABLE, "catalog VARCHAR, schema_name VARCHAR, table_name VARCHAR, index_name VARCHAR,"
                + " is_unique BOOLEAN, method VARCHAR, position INTEGER, column_name VARCHAR");
        boolean anyLocal = false;
        for (MetadataSession.Catalog c : catalogs) {
            if (c.local()) {
                anyLocal = true;
                // expressions is the key's text, "[a, b]"
                session.executeCatalogScan("INSERT INTO temp.main." + TABLE + " SELECT database_name, schema_name,"
                        + " table_name, index_name, is_unique, 'art', CAST(generate_subscripts(e, 1) AS INTEGER),"
                        + " trim(unnest(e), '\"') FROM (SELECT *, string_split(trim(expressions, '[]'), ', ') AS e"
                        + " FROM duckdb_indexes() WHERE database_name = ?)", List.of(c.name()));
            } else {
                session.stageRemote(TABLE, "schema_name, table_name, index_name, is_unique, method, position,"
                        + " column_name", "schema_name, table_name, index_name, is_unique, method, position, column_name",
                        SourceDialect.of(c.source()).remoteIndexesQuery(), c);
            }
        }
        if (anyLocal) {
            // DuckDB backs primary keys and unique constraints with indexes of their own.
            ConstraintRows.stage(session, catalogs.stream().filter(MetadataSession.Catalog::local).toList());
            session.execute("INSERT INTO temp.main." + TABLE + " SELECT catalog, schema_name, table_name,"
                    + " constraint_name, true, 'art', position, column_name FROM temp.main." + ConstraintRows.TABLE
                    + " WHERE constraint_type IN ('primary key', 'unique')", List.of());
        }
        Filter filter = new Filter().equal("schema_name", schema).equal("table_name", table);
        if (unique) {
            filter.and("is_unique");
        }
        return session.query("SELECT catalog AS TABLE_CAT, schema_name AS TABLE_SCHEM, table_name AS TABLE_NAME,"
                + " NOT is_unique AS NON_UNIQUE, CAST(NULL AS VARCHAR) AS INDEX_QUALIFIER, index_name AS INDEX_NAME,"
                + " CAST(CASE WHEN lower(method) = 'hash' THEN " + DatabaseMetaData.tableIndexHashed + " ELSE "
                + DatabaseMetaData.tableIndexOther + " END AS SMALLINT) AS TYPE,"
                + " CAST(position AS SMALLINT) AS ORDINAL_POSITION, column_name AS COLUMN_NAME,"
                + " CAST(CASE WHEN lower(method) IN ('btree', 'art') THEN 'A' END AS VARCHAR) AS ASC_OR_DESC,"
                + " CAST(NULL AS BIGINT) AS CARDINALITY, CAST(NULL AS BIGINT) AS PAGES,"
                + " CAST(NULL AS VARCHAR) AS FILTER_CONDITION FROM temp.main." + TABLE + filter.where()
                + " ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION", filter.parameters());
    }
}
