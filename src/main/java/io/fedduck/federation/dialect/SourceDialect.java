package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * Asks the source's server, on a socket of FedDuck's own, whether it takes logins, within
     * {@code timeout}; false when this source type has no such probe (its health check then runs
     * {@link #healthQuery()}).
     *
     * @throws IOException why the server does not take logins
     */
    default boolean probe(SourceConfig source, java.time.Duration timeout) throws java.io.IOException {
        return false;
    }

    /**
     * A DuckDB query that makes one round trip to the source through its attached catalog (the source's
     * name bound for {@code ?}), for a health check: it logs in where the extension opens a connection, so a
     * check never looks like an aborted connection attempt to the server.
     */
    String healthQuery();

    /**
     * The DuckDB query behind list_remote_tables: one round trip to the source's own catalog through the
     * extension's query function, with the source's catalog name as its only parameter ({@code ?}; bound,
     * never written into SQL). Columns, in order: schema_name, table_name, table_type, row_estimate
     * BIGINT, size_bytes BIGINT, last_modified TIMESTAMP WITH TIME ZONE. The remote SQL is a constant:
     * user values never reach it.
     */
    String remoteTablesQuery();

    /**
     * Like {@link #remoteTablesQuery()}, same columns, for callers that need only the names and types (the
     * JDBC table listing, a table's existence): the statistics columns may be NULL, where reading them would
     * cost the source more than the names (MySQL opens every table for them).
     */
    default String remoteTableNamesQuery() {
        return remoteTablesQuery();
    }

    /**
     * A DuckDB query run first in a statement's transaction that returns one row with one BIGINT column: the
     * source's id for the session the transaction runs on catalog {@code catalog}, which {@link #cancelQuery}
     * takes when the statement's timeout fires or it is cancelled (DuckDB's interrupt does not reach a query
     * the source is still working on). When {@code timeoutMillis} is positive and the source has a setting for
     * it, the same query makes the source stop that work by itself after that time. Empty when FedDuck cannot
     * reach the session.
     */
    default Optional<String> remoteSessionQuery(String catalog, long timeoutMillis) {
        return Optional.empty();
    }

    /**
     * A DuckDB query that asks the source to cancel what session {@code sessionId} (from
     * {@link #remoteSessionQuery}) is running; run on another DuckDB connection than the statement's.
     */
    default Optional<String> cancelQuery(String catalog, long sessionId) {
        return Optional.empty();
    }

    /**
     * Whether a statement that FedDuck writes itself (a pushed one) may skip {@link #remoteSessionQuery}: its
     * SQL carries a mark that {@link #markedSessionsQuery} finds among the source's running statements when it
     * must be cancelled, which saves the round trip before every statement. Not when {@code timeoutMillis} is
     * positive and that round trip also sets the source's own timeout.
     */
    default boolean cancelsByMark(long timeoutMillis) {
        return false;
    }

    /**
     * A DuckDB query returning the source's ids (one BIGINT column) of the other sessions running a statement
     * whose text contains {@code mark} (letters, digits and blanks only), each for {@link #cancelQuery}; run on
     * another DuckDB connection than the statement's. Empty when the source cannot tell.
     */
    default Optional<String> markedSessionsQuery(String catalog, String mark) {
        return Optional.empty();
    }

    /**
     * Of the functions {@code called} by SQL that a user hands to this source's query function (for
     * PostgreSQL, postgres_query), the first that acts even in the read-only session of a source configured
     * read-only (writes, other sessions, server files), if any. The default: none known.
     */
    default Optional<String> unsafeInReadOnlySession(java.util.Set<String> called) {
        return Optional.empty();
    }

    /** The schema a bare table name means: {@code public}, the attached MySQL database, or {@code main}. */
    String defaultSchema(SourceConfig source);

    /**
     * The DuckDB query behind describe_remote_table, like {@link #remoteTablesQuery()}: every column of
     * every table and view of the source, with the catalog name as its only parameter. Columns, in
     * order: schema_name, table_name, ordinal INTEGER (from 1), column_name, native_type (as the source
     * spells it), nullable BOOLEAN, column_default, is_primary_key BOOLEAN, comment.
     */
    String remoteColumnsQuery();

    /**
     * The DuckDB query behind remote_table_constraints: one row per constraint and column position, with
     * the catalog name as its only parameter. Columns, in order: schema_name, table_name, constraint_key
     * (tells constraints of one table apart, also unnamed ones), constraint_name, constraint_type
     * ({@code primary key}, {@code foreign key}, {@code unique}, {@code check}), position INTEGER,
     * column_name, referenced_schema, referenced_table, referenced_column, check_clause.
     */
    String remoteConstraintsQuery();

    /**
     * The DuckDB query behind remote_table_indexes: one row per index and key position, with the catalog
     * name as its only parameter. Columns, in order: schema_name, table_name, index_name, is_unique
     * BOOLEAN, method, position INTEGER, column_name (the expression's text for an expression key where
     * the source says it).
     */
    String remoteIndexesQuery();

    /**
     * The statement that empties the extension's cached view of the source's tables and columns, so that
     * DuckDB sees tables created or altered since; empty when the extension keeps no such cache.
     */
    default Optional<String> clearCacheStatement() {
        return Optional.empty();
    }

    /**
     * The source's primary key of one table, one VARCHAR column name per row in key order. Bound
     * parameters: the source's catalog name for each {@code ?} but the last two, then the schema and
     * the table. It reads key columns only, not every column of the source.
     */
    String primaryKeyQuery();

    /**
     * The source's own estimate of one table's rows, for a sync's progress: a DuckDB query with three
     * bound parameters (the source's catalog name, the schema, the table) and one BIGINT column, NULL or
     * no row when the source has none. It reads no sizes and no column lists, so it stays cheap in a
     * catalog of thousands of tables. Empty when the source keeps no estimate (SQLite).
     */
    default Optional<String> rowEstimateQuery() {
        return Optional.empty();
    }

    /**
     * A session setting that makes a scan with a selective filter (an incremental sync's watermark)
     * one query the source can answer from an index; empty when scans already are.
     */
    default Optional<String> selectiveScanSetting() {
        return Optional.empty();
    }

    static SourceDialect of(SourceType type) {
        return switch (type) {
            case POSTGRES -> PostgresDialect.INSTANCE;
            case MYSQL -> MySqlDialect.INSTANCE;
            case SQLITE -> SqliteDialect.INSTANCE;
        };
    }
}
