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

/** MySQL and MariaDB through DuckDB's mysql extension (libmysqlclient underneath). */
final class MySqlDialect implements SourceDialect {
    static final MySqlDialect INSTANCE = new MySqlDialect();

    private MySqlDialect() {
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

    @Override
    public String attachPath(SourceConfig source) {
        return "";
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
                + " AND TABLE_SCHEMA NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys')")
                + ")";
    }

    @Override
    public List<String> attachOptions(SourceConfig source) {
        return source.readOnly() ? List.of("READ_ONLY") : List.of();
    }

    /**
     * The mysql extension has no connect timeout: an unreachable host would block ATTACH for the
     * operating system's TCP timeout (minutes). A plain TCP connect bounded by connection_timeout
     * turns that into a quick, clear error.
     */
    @Override
    public void checkReachable(SourceConfig source) throws SQLException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(source.host(), source.port()),
                    Math.max(1, source.connectionTimeoutSeconds()) * 1000);
        } catch (IOException e) {
            throw SqlStates.connectionFailed("source '" + source.name() + "': cannot reach MySQL at "
                    + source.host() + ":" + source.port() + " within " + source.connectionTimeoutSeconds()
                    + " s (" + e.getMessage() + ")", e);
        }
    }
}
