package io.fedduck.procedures;

import io.fedduck.federation.dialect.SourceDialect;

/**
 * {@code remote_table_constraints(connection_name, table_name)}: primary key, foreign keys, unique and
 * check constraints of one table, from the source's own catalog; one row per constraint, columns in order.
 */
final class RemoteTableConstraintsFunction extends RemoteTableFunction {
    static final String NAME = "remote_table_constraints";

    RemoteTableConstraintsFunction() {
        super(NAME);
    }

    @Override
    String columns() {
        return "constraint_key VARCHAR, constraint_name VARCHAR, constraint_type VARCHAR, position INTEGER,"
                + " column_name VARCHAR, referenced_schema VARCHAR, referenced_table VARCHAR,"
                + " referenced_column VARCHAR, check_clause VARCHAR";
    }

    @Override
    String selectList() {
        return "first(d.constraint_name) AS constraint_name, first(d.constraint_type) AS constraint_type,"
                + " list(d.column_name ORDER BY d.position) FILTER (WHERE d.column_name IS NOT NULL) AS columns,"
                + " first(d.referenced_schema || '.' || d.referenced_table) AS referenced_table,"
                + " CASE WHEN first(d.referenced_table) IS NOT NULL THEN list(d.referenced_column ORDER BY d.position)"
                + " FILTER (WHERE d.referenced_column IS NOT NULL) END AS referenced_columns,"
                + " first(d.check_clause) AS check_clause";
    }

    @Override
    String groupAndOrder() {
        return "GROUP BY d.schema_name, d.table_name, d.constraint_key"
                + " ORDER BY CASE first(d.constraint_type) WHEN 'primary key' THEN 0 WHEN 'foreign key' THEN 1"
                + " WHEN 'unique' THEN 2 ELSE 3 END, d.constraint_key";
    }

    @Override
    String catalogQuery(SourceDialect dialect) {
        return dialect.remoteConstraintsQuery();
    }
}
