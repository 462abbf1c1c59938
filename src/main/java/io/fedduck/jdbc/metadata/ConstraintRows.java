package io.fedduck.jdbc.metadata;

import io.fedduck.federation.dialect.SourceDialect;
import java.sql.SQLException;
import java.util.List;

/**
 * Fills the temp table {@value #TABLE} with one row per key column of every primary key, unique
 * constraint and foreign key of the given catalogs: a source's from its own catalog (the dialect query
 * behind remote_table_constraints; DuckDB's view of a source has no foreign keys), a local database's from
 * duckdb_constraints, read alone and only for that database.
 */
final class ConstraintRows {
    static final String TABLE = "fedduck_md_keys";

    private ConstraintRows() {
    }

    static void stage(MetadataSession session, List<MetadataSession.Catalog> catalogs) throws SQLException {
        session.stagingTable(TABLE, "catalog VARCHAR, schema_name VARCHAR, table_name VARCHAR,"
                + " constraint_key VARCHAR, constraint_name VARCHAR, constraint_type VARCHAR, position INTEGER,"
                + " column_name VARCHAR, ref_schema VARCHAR, ref_table VARCHAR, ref_column VARCHAR");
        for (MetadataSession.Catalog catalog : catalogs) {
            if (catalog.local()) {
                stageLocal(session, catalog);
            } else {
                session.stageRemote(TABLE, "schema_name, table_name, constraint_key, constraint_name,"
                        + " constraint_type, position, column_name, referenced_schema, referenced_table,"
                        + " referenced_column", "schema_name, table_name, constraint_key, constraint_name,"
                        + " constraint_type, position, column_name, referenced_schema, referenced_table,"
                        + " referenced_column, check_clause",
                        SourceDialect.of(catalog.source()).remoteConstraintsQuery(), catalog);
            }
        }
        session.execute("DELETE FROM temp.main." + TABLE
                + " WHERE constraint_type NOT IN ('primary key', 'unique', 'foreign key')", List.of());
    }

    /** DuckDB keeps foreign keys within one schema; its lists are the key's columns in order. */
    private static void stageLocal(MetadataSession session, MetadataSession.Catalog catalog) throws SQLException {
        session.executeCatalogScan("INSERT INTO temp.main." + TABLE + " SELECT database_name, schema_name,"
                + " table_name, CAST(constraint_index AS VARCHAR), constraint_name, lower(constraint_type),"
                + " CAST(generate_subscripts(constraint_column_names, 1) AS INTEGER), unnest(constraint_column_names),"
                + " CASE WHEN referenced_table IS NOT NULL THEN schema_name END, referenced_table,"
                + " unnest(referenced_column_names) FROM duckdb_constraints() WHERE database_name = ?"
                + " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')", List.of(catalog.name()));
    }
}
