package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** MySQL and MariaDB through DuckDB's mysql extension (libmysqlclient underneath). */
final class MySqlDialect implements SourceDialect {
    static final MySqlDialect INSTANCE = new MySqlDialect();

    private static final String SYSTEM_SCHEMAS = "('information_schema', 'mysql', 'performance_schema', 'sys')";

    private MySqlDialect() {
    }

    /**
     * MySQL's READ ONLY transaction stops writes, not session-wide locks held on the pooled connection, server
     * files read into results (with the FILE privilege), or deliberate CPU burns.
     */
    private static final java.util.Set<String> UNSAFE_IN_READ_ONLY = java.util.Set.of(
            "get_lock", "release_lock", "release_all_locks", "is_free_lock", "is_used_lock", "load_file",
            "benchmark", "master_pos_wait", "source_pos_wait");

    @Override
    public Optional<String> unsafeInReadOnlySession(java.util.Set<String> called) {
        return called.stream().filter(UNSAFE_IN_READ_ONLY::contains).findFirst();
    }

    // MySQL has no per-transaction timeout FedDuck can set through mysql_query (SET returns no result set), so
    // the statement's own timer kills the query with KILL QUERY on this id (the extension keeps one MySQL
    // connection per DuckDB transaction, which the statement's scans and mysql_query run on).
    @Override
    public Optional<String> remoteSessionQuery(String catalog, long timeoutMillis) {
        return Optional.of("SELECT * FROM mysql_query(" + SqlText.literal(catalog) + ", "
                + SqlText.literal("SELECT CAST(CONNECTION_ID() AS SIGNED) AS connection_id") + ")");
    }

    // No timeout to set on MySQL: a pushed statement never needs the session query.
    @Override
    public boolean cancelsByMark(long timeoutMillis) {
        return true;
    }

    // The process list shows the threads of the same user, with their whole statement.
    @Override
    public Optional<String> markedSessionsQuery(String catalog, String mark) {
        return Optional.of("SELECT * FROM mysql_query(" + SqlText.literal(catalog) + ", " + SqlText.literal(
                "SELECT CAST(ID AS SIGNED) AS connection_id FROM information_schema.PROCESSLIST"
                        + " WHERE ID <> CONNECTION_ID() AND INSTR(INFO, " + SqlText.literal(mark) + ") > 0") + ")");
    }

    // KILL QUERY returns no result set: the extension runs it while binding mysql_query and then reports that
    // the function has no columns, an error the caller ignores (the query is killed by then).
    @Override
    public Optional<String> cancelQuery(String catalog, long sessionId) {
        return Optional.of("SELECT * FROM mysql_query(" + SqlText.literal(catalog) + ", "
                + SqlText.literal("KILL QUERY " + sessionId) + ")");
    }

    @Override
    public String healthQuery() {
        return "SELECT * FROM mysql_query(?, 'SELECT 1')";
    }

    @Override
    public SourceType type() {
        return SourceType.MYSQL;
    }

    @Override
    public String extensionName() {
        return "mysql";
    }

    @Override
    public Map<String, Object> secretParameters(SourceConfig source) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("HOST", source.host());
        p.put("PORT", source.port());
        p.put("DATABASE", source.database());
        if (source.username() != null) {
            p.put("USER", source.username());
        }
        if (source.password() != null) {
            p.put("PASSWORD", source.password().reveal());
        }
        if (source.sslMode() != null) {
            p.put("SSL_MODE", switch (source.sslMode()) {
                case DISABLE -> "disabled";
                case REQUIRE -> "required";
                case VERIFY_FULL -> "verify_identity";
            });
        }
        return p;
    }

    /**
     * Only the protocol compression; the coordinates go in the secret. The extension asks for zlib
     * compression unless told otherwise, which on a fast network costs the server several times the CPU
     * of the query itself (docs/connections-file.md), so FedDuck says no unless the source asks for it.
     */
    @Override
    public String attachPath(SourceConfig source) {
        return "compress=" + source.compress();
    }

    /**
     * information_schema.TABLES of every database the user can see except the system ones (the attached
     * catalog shows them all as schemas): TABLE_ROWS as the row estimate, DATA_LENGTH + INDEX_LENGTH as
     * the size, UPDATE_TIME as last_modified. FedDuck pins the MySQL session time zone to UTC, so
     * UPDATE_TIME arrives as UTC.
     */
    @Override
    public String remoteTablesQuery() {
        return "SELECT schema_name, table_name, table_type, CAST(row_estimate AS BIGINT), CAST(size_bytes AS BIGINT),"
                + " timezone('UTC', CAST(last_modified AS TIMESTAMP)) FROM mysql_query(?, " + SqlText.literal(
                "SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name,"
                + " CASE WHEN TABLE_TYPE = 'VIEW' THEN 'view' ELSE 'table' END AS table_type,"
                + " CASE WHEN TABLE_TYPE <> 'VIEW' THEN TABLE_ROWS END AS row_estimate,"
                + " CASE WHEN TABLE_TYPE <> 'VIEW' THEN DATA_LENGTH + INDEX_LENGTH END AS size_bytes,"
                + " UPDATE_TIME AS last_modified FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')"
                + " AND TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)
                + ")";
    }

    // Without TABLE_ROWS, DATA_LENGTH and UPDATE_TIME the server reads no table's statistics: with more tables
    // than table_open_cache, reading them opens every table again on each call (0.7 s for 5,000 tables).
    @Override
    public String remoteTableNamesQuery() {
        return "SELECT schema_name, table_name, table_type, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),"
                + " CAST(NULL AS TIMESTAMP WITH TIME ZONE) FROM mysql_query(?, " + SqlText.literal(
                "SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name,"
                + " CASE WHEN TABLE_TYPE = 'VIEW' THEN 'view' ELSE 'table' END AS table_type"
                + " FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')"
                + " AND TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)
                + ")";
    }

    /** KEY_COLUMN_USAGE of the one table's PRIMARY constraint, filtered by the server. */
    @Override
    public String primaryKeyQuery() {
        return "SELECT COLUMN_NAME FROM mysql_query(?, " + SqlText.literal(
                "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")
                + ", params := row(?, ?))";
    }

    /** TABLE_ROWS of the one table, filtered by the server through mysql_query's bound parameters. */
    @Override
    public Optional<String> rowEstimateQuery() {
        return Optional.of("SELECT CAST(TABLE_ROWS AS BIGINT) FROM mysql_query(?, " + SqlText.literal(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")
                + ", params := row(?, ?))");
    }

    @Override
    public Optional<String> clearCacheStatement() {
        return Optional.of("CALL mysql_clear_cache()");
    }

    @Override
    public String defaultSchema(SourceConfig source) {
        return source.database();
    }

    /**
     * information_schema.COLUMNS: COLUMN_TYPE is the type as MySQL spells it ({@code tinyint(1) unsigned}),
     * COLUMN_DEFAULT as the server reports it (MariaDB quotes string defaults and says {@code NULL} for a
     * nullable column without one).
     */
    @Override
    public String remoteColumnsQuery() {
        return "SELECT schema_name, table_name, CAST(ordinal AS INTEGER), column_name, native_type,"
                + " CAST(nullable AS BIGINT) <> 0, column_default, CAST(is_primary_key AS BIGINT) <> 0, comment"
                + " FROM mysql_query(?, " + SqlText.literal(
                "SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, ORDINAL_POSITION AS ordinal,"
                + " COLUMN_NAME AS column_name, COLUMN_TYPE AS native_type,"
                + " CASE WHEN IS_NULLABLE = 'YES' THEN 1 ELSE 0 END AS nullable, COLUMN_DEFAULT AS column_default,"
                + " CASE WHEN COLUMN_KEY = 'PRI' THEN 1 ELSE 0 END AS is_primary_key,"
                + " NULLIF(COLUMN_COMMENT, '') AS comment FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)
                + ")";
    }

    /**
     * TABLE_CONSTRAINTS with KEY_COLUMN_USAGE for the columns and references and CHECK_CONSTRAINTS for
     * the clause. CHECK_CONSTRAINTS has no TABLE_NAME on MySQL 8, so the clause is matched by schema and
     * name (unique per schema on MySQL; MariaDB allows one name on several tables of a schema).
     */
    @Override
    public String remoteConstraintsQuery() {
        return "SELECT schema_name, table_name, constraint_name, constraint_name, constraint_type,"
                + " CAST(position AS INTEGER), column_name, referenced_schema, referenced_table, referenced_column,"
                + " check_clause FROM mysql_query(?, " + SqlText.literal(
                "SELECT tc.TABLE_SCHEMA AS schema_name, tc.TABLE_NAME AS table_name,"
                + " tc.CONSTRAINT_NAME AS constraint_name, LOWER(tc.CONSTRAINT_TYPE) AS constraint_type,"
                + " k.ORDINAL_POSITION AS position, k.COLUMN_NAME AS column_name,"
                + " k.REFERENCED_TABLE_SCHEMA AS referenced_schema, k.REFERENCED_TABLE_NAME AS referenced_table,"
                + " k.REFERENCED_COLUMN_NAME AS referenced_column, cc.CHECK_CLAUSE AS check_clause"
                + " FROM information_schema.TABLE_CONSTRAINTS tc"
                + " LEFT JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                + " AND k.TABLE_SCHEMA = tc.TABLE_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME"
                + " AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " LEFT JOIN information_schema.CHECK_CONSTRAINTS cc ON tc.CONSTRAINT_TYPE = 'CHECK'"
                + " AND cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " WHERE tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE', 'CHECK')"
                + " AND tc.TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)
                + ")";
    }

    /** information_schema.STATISTICS; INDEX_TYPE as the method, lower case. */
    @Override
    public String remoteIndexesQuery() {
        return "SELECT schema_name, table_name, index_name, CAST(non_unique AS BIGINT) = 0, lower(method),"
                + " CAST(position AS INTEGER), column_name FROM mysql_query(?, " + SqlText.literal(
                "SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, INDEX_NAME AS index_name,"
                + " NON_UNIQUE AS non_unique, INDEX_TYPE AS method, SEQ_IN_INDEX AS position,"
                + " COLUMN_NAME AS column_name FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS)
                + ")";
    }

    @Override
    public List<String> attachOptions(SourceConfig source) {
        return source.readOnly() ? List.of("READ_ONLY") : List.of();
    }

    /**
     * The mysql extension has no connect or read timeout: an unreachable host would block ATTACH for the
     * operating system's TCP timeout (minutes), and a host that accepts the connection but never speaks (a
     * stalled proxy, a black hole) would block it for ever. A MySQL server greets every client at once, so
     * FedDuck connects and waits for the first bytes of that greeting, both bounded by connection_timeout.
     */
    @Override
    public void checkReachable(SourceConfig source) throws SQLException {
        int timeoutMillis = Math.max(1, source.connectionTimeoutSeconds()) * 1000;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(source.host(), source.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            if (socket.getInputStream().read() < 0) {
                throw new IOException("the server closed the connection without a greeting");
            }
        } catch (java.net.SocketTimeoutException e) {
            throw SqlStates.connectionFailed("source '" + source.name() + "': MySQL at " + source.host() + ":"
                    + source.port() + " accepted the connection but sent no greeting within "
                    + source.connectionTimeoutSeconds() + " s", e);
        } catch (IOException e) {
            throw SqlStates.connectionFailed("source '" + source.name() + "': cannot reach MySQL at "
                    + source.host() + ":" + source.port() + " within " + source.connectionTimeoutSeconds()
                    + " s (" + e.getMessage() + ")", e);
        }
    }
}
