package io.fedduck.procedures;

import io.fedduck.config.SourceConfig;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceHealth;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.SourceStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code list_database_connections()} and {@code check_connections()}: one row per source (connections file
 * or connect_database) with its live state, after a health check of every attached source (one round trip
 * each, in parallel, at most {@link Federation#CHECK_BOUND} in all, so the answer never waits on a dead
 * link).
 */
final class DatabaseConnectionsFunction implements TableFunction {
    static final String NAME = "list_database_connections";
    static final String CHECK_NAME = "check_connections";

    private final String name;
    private final String table;

    private DatabaseConnectionsFunction(String name) {
        this.name = name;
        this.table = "fedduck_" + name;
    }

    static DatabaseConnectionsFunction list() {
        return new DatabaseConnectionsFunction(NAME);
    }

    static DatabaseConnectionsFunction check() {
        return new DatabaseConnectionsFunction(CHECK_NAME);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void install(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + table + " (name VARCHAR, type VARCHAR, status VARCHAR,"
                    + " last_used TIMESTAMP WITH TIME ZONE, table_count BIGINT, error_message VARCHAR,"
                    + " read_only BOOLEAN, host VARCHAR, port INTEGER, database VARCHAR, origin VARCHAR,"
                    + " last_attach_ms BIGINT, last_contact TIMESTAMP WITH TIME ZONE, latency_ms DOUBLE)");
            s.execute("CREATE TEMP MACRO " + name + "() AS TABLE SELECT * FROM temp.main." + table);
        }
    }

    @Override
    public void refresh(Connection session, Federation federation, StatementCalls statement) throws SQLException {
        federation.checkSources(Federation.CHECK_BOUND);
        List<SourceState> sources = statement.visible(federation.sources());
        boolean allAnswer = sources.stream().filter(state -> state.status() == SourceStatus.CONNECTED)
                .allMatch(state -> federation.health(state.name()).map(SourceHealth::reachable).orElse(false));
        // duckdb_tables() reads every attached catalog: only when no source can make it wait.
        Map<String, Long> tableCounts = allAnswer ? tableCounts(session) : Map.of();
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + table);
        }
        try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + table
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SourceState state : sources) {
                addRow(insert, federation, state, tableCounts);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void addRow(PreparedStatement insert, Federation federation, SourceState state,
                               Map<String, Long> tableCounts) throws SQLException {
        SourceConfig c = state.config();
        Optional<SourceHealth> health = state.status() == SourceStatus.CONNECTED
                ? federation.health(c.name()) : Optional.empty();
        boolean down = health.isPresent() && !health.get().reachable();
        insert.setString(1, c.name());
        insert.setString(2, c.type().configName());
        insert.setString(3, down ? "error" : state.status().name().toLowerCase(Locale.ROOT));
        insert.setTimestamp(4, federation.lastUsed(c.name()).map(Timestamp::from).orElse(null));
        Long count = tableCounts.get(c.name().toLowerCase(Locale.ROOT));
        if (count == null) {
            insert.setNull(5, Types.BIGINT);
        } else {
            insert.setLong(5, count);
        }
        insert.setString(6, down ? health.get().error() : state.status() == SourceStatus.ERROR ? state.lastError() : null);
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
        Instant contact = health.map(SourceHealth::lastContact).orElse(null);
        insert.setTimestamp(13, contact == null ? null : Timestamp.from(contact));
        Duration latency = health.filter(SourceHealth::reachable).map(SourceHealth::latency).orElse(null);
        if (latency == null) {
            insert.setNull(14, Types.DOUBLE);
        } else {
            insert.setDouble(14, latency.toNanos() / 1e6);
        }
    }

    /** Tables and views per attached catalog, from DuckDB's view of each source. */
    private static Map<String, Long> tableCounts(Connection session) {
        try {
            return readTableCounts(session);
        } catch (SQLException e) {
            // a source that went down since its check: the listing still answers, without counts
            return Map.of();
        }
    }

    private static Map<String, Long> readTableCounts(Connection session) throws SQLException {
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
