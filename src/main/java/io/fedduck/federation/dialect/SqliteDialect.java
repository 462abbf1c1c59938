package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
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
