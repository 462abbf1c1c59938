package io.fedduck.jdbc.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * getPrimaryKeys, getImportedKeys, getExportedKeys and getCrossReference, from {@link ConstraintRows}:
 * the JDBC columns in the javadoc's order and types, sorted as it says. Referential actions are not read
 * from the sources; UPDATE_RULE and DELETE_RULE say NO ACTION.
 */
public final class KeyMetadata {
    private static final String T = "temp.main." + ConstraintRows.TABLE;
    private static final String FOREIGN_KEYS = "SELECT f.catalog AS PKTABLE_CAT, f.ref_schema AS PKTABLE_SCHEM,"
            + " f.ref_table AS PKTABLE_NAME, coalesce(f.ref_column, (SELECT first(p.column_name) FROM " + T + " p"
            + " WHERE p.catalog = f.catalog AND p.schema_name = f.ref_schema AND p.table_name = f.ref_table"
            + " AND p.constraint_type = 'primary key' AND p.position = f.position)) AS PKCOLUMN_NAME,"
            + " f.catalog AS FKTABLE_CAT, f.schema_name AS FKTABLE_SCHEM, f.table_name AS FKTABLE_NAME,"
            + " f.column_name AS FKCOLUMN_NAME, CAST(f.position AS SMALLINT) AS KEY_SEQ,"
            + " CAST(" + java.sql.DatabaseMetaData.importedKeyNoAction + " AS SMALLINT) AS UPDATE_RULE,"
            + " CAST(" + java.sql.DatabaseMetaData.importedKeyNoAction + " AS SMALLINT) AS DELETE_RULE,"
            + " f.constraint_name AS FK_NAME, (SELECT first(p.constraint_name) FROM " + T + " p"
            + " WHERE p.catalog = f.catalog AND p.schema_name = f.ref_schema AND p.table_name = f.ref_table"
            + " AND p.constraint_type = 'primary key') AS PK_NAME,"
            + " CAST(" + java.sql.DatabaseMetaData.importedKeyNotDeferrable + " AS SMALLINT) AS DEFERRABILITY"
            + " FROM " + T + " f";

    private final MetadataSession session;

    public KeyMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet primaryKeys(String catalog, String schema, String table) throws SQLException {
        ConstraintRows.stage(session, session.catalogs(catalog));
        Filter filter = new Filter().and("constraint_type = 'primary key'")
                .equal("schema_name", schema).equal("table_name", table);
        return session.query("SELECT catalog AS TABLE_CAT, schema_name AS TABLE_SCHEM, table_name AS TABLE_NAME,"
                + " column_name AS COLUMN_NAME, CAST(position AS SMALLINT) AS KEY_SEQ, constraint_name AS PK_NAME"
                + " FROM " + T + filter.where() + " ORDER BY COLUMN_NAME", filter.parameters());
    }

    /** The foreign keys of one table (its references to primary keys). */
    public ResultSet importedKeys(String catalog, String schema, String table) throws SQLException {
        ConstraintRows.stage(session, session.catalogs(catalog));
        Filter filter = new Filter().and("f.constraint_type = 'foreign key'")
                .equal("f.schema_name", schema).equal("f.table_name", table);
        return session.query(FOREIGN_KEYS + filter.where()
                + " ORDER BY PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, KEY_SEQ", filter.parameters());
    }

    /** The foreign keys that reference one table. */
    public ResultSet exportedKeys(String catalog, String schema, String table) throws SQLException {
        ConstraintRows.stage(session, session.catalogs(catalog));
        Filter filter = new Filter().and("f.constraint_type = 'foreign key'")
                .equal("f.ref_schema", schema).equal("f.ref_table", table);
        return session.query(FOREIGN_KEYS + filter.where()
                + " ORDER BY FKTABLE_CAT, FKTABLE_SCHEM, FKTABLE_NAME, KEY_SEQ", filter.parameters());
    }

    /** The foreign keys of the foreign table that reference the parent table; keys stay within a catalog. */
    public ResultSet crossReference(String parentCatalog, String parentSchema, String parentTable,
                                    String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        String catalog = parentCatalog != null ? parentCatalog : foreignCatalog;
        ConstraintRows.stage(session, session.catalogs(catalog));
        Filter filter = new Filter().and("f.constraint_type = 'foreign key'")
                .equal("f.catalog", parentCatalog).equal("f.ref_schema", parentSchema)
                .equal("f.ref_table", parentTable).equal("f.catalog", foreignCatalog)
                .equal("f.schema_name", foreignSchema).equal("f.table_name", foreignTable);
        return session.query(FOREIGN_KEYS + filter.where()
                + " ORDER BY FKTABLE_CAT, FKTABLE_SCHEM, FKTABLE_NAME, KEY_SEQ", filter.parameters());
    }
}
