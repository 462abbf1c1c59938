package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What differs between the source types FedDuck attaches: the DuckDB extension, the secret that carries
 * the credentials, the ATTACH path and options, and how a failed attach is explained. The dialects are the
 * only classes that know a source's connection details.
 */
public interface SourceDialect {

    SourceType type();

    /** The DuckDB extension that reads this source type ({@code LOAD <name>}). */
    String extensionName();

    /**
     * Parameters of the temporary DuckDB secret for this source, in order; values are bound as JDBC
     * parameters, never written into SQL text. Empty when the source needs no secret.
     */
    Map<String, Object> secretParameters(SourceConfig source);

    /** The ATTACH path. It is visible in duckdb_databases(), so it must never hold a credential. */
    String attachPath(SourceConfig source);

    /** ATTACH options besides TYPE and SECRET, e.g. READ_ONLY. */
    List<String> attachOptions(SourceConfig source);

    /**
     * Checks, within the source's connection_timeout, that the source can be reached at all, for
     * extensions that have no connect timeout of their own. The default does nothing.
     */
    default void checkReachable(SourceConfig source) throws SQLException {
    }

    /**
     * The DuckDB query behind list_remote_tables: one round trip to the source's own catalog through the
     * extension's query function, with the source's catalog name as its only parameter ({@code ?}; bound,
     * never written into SQL). Columns, in order: schema_name, table_name, table_type, row_estimate
     * BIGINT, size_bytes BIGINT, last_modified TIMESTAMP WITH TIME ZONE. The remote SQL is a constant:
     * user values never reach it.
     */
    String remoteTablesQuery();

    static SourceDialect of(SourceType type) {
        return switch (type) {
            case POSTGRES -> PostgresDialect.INSTANCE;
            case MYSQL -> MySqlDialect.INSTANCE;
            case SQLITE -> SqliteDialect.INSTANCE;
        };
    }
}
