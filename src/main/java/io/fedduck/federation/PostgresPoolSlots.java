package io.fedduck.federation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBConnection;

/**
 * Makes up for a leak in the postgres extension (1.4.4): its connection pool counts a slot as taken before
 * it opens a connection and never gives it back when the open fails, so each failed connection attempt (a
 * server that is down or restarting) costs one of its {@code pg_connection_limit} slots for good. Under
 * load through a restart the 64 slots run out and every statement on the source fails with "maximum
 * connection count exceeded" while the server has no FedDuck connection at all.
 *
 * <p>DuckDB applies a new {@code pg_connection_limit} to attached catalogs at once, so for every failed
 * attempt FedDuck sees (a statement's "Unable to connect to Postgres") the limit grows by one: the leaked
 * slots are paid back, and the real connections stay bounded by the limit the federation started with.
 * The setting is one for all PostgreSQL sources, so it grows by the largest count of any one source.
 */
final class PostgresPoolSlots {
    private static final Logger LOG = Logger.getLogger(PostgresPoolSlots.class.getName());

    private final DuckDBConnection root;
    private final Map<String, Integer> leakedBySource = new ConcurrentHashMap<>();
    /** The limit before any leak, read on first use (guarded by this). */
    private long baseLimit = -1;
    private long applied = -1;
    private Connection connection;

    PostgresPoolSlots(DuckDBConnection root) {
        this.root = root;
    }

    /** One failed connection attempt to PostgreSQL source {@code source} leaked a pool slot. */
    synchronized void leaked(String source) {
        int mostLeaked = leakedBySource.merge(source.toLowerCase(Locale.ROOT), 1, Integer::sum);
        mostLeaked = leakedBySource.values().stream().mapToInt(Integer::intValue).max().orElse(mostLeaked);
        try {
            if (connection == null) {
                connection = root.duplicate();
            }
            if (baseLimit < 0) {
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT current_setting('pg_connection_limit')")) {
                    rs.next();
                    baseLimit = rs.getLong(1);
                }
            }
            // At most twice the starting limit: text that only looks like a failed attempt (a file name in
            // an IO error) must not lift the bound on real connections without end.
            long limit = Math.min(2 * baseLimit, baseLimit + mostLeaked);
            if (limit > applied) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET GLOBAL pg_connection_limit = " + limit);
                }
                applied = limit;
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not raise pg_connection_limit after a failed connection attempt", e);
        }
    }

    synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the pool-slot connection failed", e);
        }
    }
}
