package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.internal.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQLite files through DuckDB's sqlite extension. */
final class SqliteDialect implements SourceDialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public SourceType type() {
        return SourceType.SQLITE;
    }

    @Override
    public String extensionName() {
        return "sqlite";
    }

    @Override
    public Map<String, Object> secretParameters(SourceConfig source) {
        return Map.of();
    }

    @Override
    public String attachPath(SourceConfig source) {
        return source.filePath().toString();
    }

    /**
     * sqlite_master's tables and views (not SQLite's own sqlite_* tables). SQLite keeps no row count,
     * size or modification time per table, so those are NULL.
     */
    @Override
    public String remoteTablesQuery() {
        return "SELECT 'main', table_name, table_type, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),"
                + " CAST(NULL AS TIMESTAMP WITH TIME ZONE) FROM sqlite_query(?, " + SqlText.literal(
                "SELECT name AS table_name, type AS table_type FROM sqlite_master"
                + " WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
                + ")";
    }

    @Override
    public List<String> attachOptions(SourceConfig source) {
        List<String> options = new ArrayList<>();
        if (source.readOnly()) {
            options.add("READ_ONLY");
        }
        // How long a statement waits for another process's lock on the file.
        options.add("BUSY_TIMEOUT " + source.connectionTimeoutSeconds() * 1000L);
        return options;
    }
}
