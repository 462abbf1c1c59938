package io.fedduck.procedures;

import io.fedduck.federation.dialect.SourceDialect;

/**
 * {@code remote_table_indexes(connection_name, table_name)}: the indexes of one table, from the source's
 * own catalog; one row per index, key columns in order.
 */
final class RemoteTableIndexesFunction extends RemoteTableFunction {
    static final String NAME = "remote_table_indexes";

    RemoteTableIndexesFunction() {
        super(NAME);
    }

    @Override
    String columns() {
        return "index_name VARCHAR, is_unique BOOLEAN, method VARCHAR, position INTEGER, column_name VARCHAR";
    }

    @Override
    String selectList() {
        return "d.index_name, list(d.column_name ORDER BY d.position) AS columns, first(d.is_unique) AS is_unique,"
                + " first(d.method) AS method";
    }

    @Override
    String groupAndOrder() {
        return "GROUP BY d.schema_name, d.table_name, d.index_name ORDER BY d.index_name";
    }

    @Override
    String catalogQuery(SourceDialect dialect) {
        return dialect.remoteIndexesQuery();
    }
}
