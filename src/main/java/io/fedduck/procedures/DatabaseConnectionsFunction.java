package io.fedduck.procedures;

import io.fedduck.config.SourceConfig;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.SourceStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@code list_database_connections()}: one row per source (connections file or connect_database) with its live state. */
final class DatabaseConnectionsFunction implements TableFunction {
    static final String NAME = "list_database_connections";
    private static final String TABLE = "fedduck_database_connections";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + TABLE + " (name VARCHAR, type VARCHAR, status VARCHAR,"
                    + " last_used TIMESTAMP WITH TIME ZONE, table_count BIGINT, error_message VARCHAR,"
                    + " read_only BOOLEAN, host VARCHAR, port INTEGER, database VARCHAR, origin VARCHAR,"
                    + " last_attach_ms BIGINT)");
            s.execute("CREATE TEMP MACRO " + NAME + "() AS TABLE SELECT * FROM temp.main." + TABLE);
        }
    }

    @Override
    public void refresh(Connection session, Federation federation, StatementCalls statement) throws SQLException {
        Map<String, Long> tableCounts = tableCounts(session);
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + TABLE);
        }
        try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + TABLE
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SourceState state : federation.sources()) {
                SourceConfig c = state.config();
                insert.setString(1, c.name());
                insert.setString(2, c.type().configName());
                insert.setString(3, state.status().name().toLowerCase(Locale.ROOT));
                Timestamp used = federation.lastUsed(c.name()).map(Timestamp::from).orElse(null);
                insert.setTimestamp(4, used);
                Long count = tableCounts.get(c.name().toLowerCase(Locale.ROOT));
                if (count == null) {
                    insert.setNull(5, Types.BIGINT);
                } else {
                    insert.setLong(5, count);
                }
                insert.setString(6, state.status() == SourceStatus.ERROR ? state.lastError() : null);
                insert.setBoolean(7, c.readOnly());
                insert.setString(8, c.host());
                if (c.port() > 0) {
                    insert.setInt(9, c.port());
                } else {
                    insert.setNull(9, Types.INTEGER);
                }
                insert.setString(10, c.filePath() != null ? c.filePath().toString() : c.database());
                insert.setString(11, state.origin());
                if (state.lastAttempt() == null) {
                    insert.setNull(12, Types.BIGINT);
                } else {
                    insert.setLong(12, state.lastAttemptTook().toMillis());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Tables and views per attached catalog, from DuckDB's view of each source. */
    private static Map<String, Long> tableCounts(Connection session) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Statement s = session.createStatement();
             ResultSet rs = s.executeQuery("SELECT database_name, count(*) FROM (SELECT database_name FROM"
                     + " duckdb_tables() UNION ALL SELECT database_name FROM duckdb_views() WHERE NOT internal)"
                     + " GROUP BY 1")) {
            while (rs.next()) {
                counts.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
            }
        }
        return counts;
    }
}
