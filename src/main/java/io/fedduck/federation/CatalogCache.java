package io.fedduck.federation;

import io.fedduck.config.SourceType;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBConnection;

/**
 * When the extensions' cached view of the attached sources' tables and columns was last emptied, and the
 * emptying itself. DuckDB's {@code pg_clear_cache()} and {@code mysql_clear_cache()} empty the cache of every
 * attached catalog of their type at once, so the clock is kept per source type; SQLite keeps no such cache.
 *
 * <p>Clearing waits for statements that are being bound and started (see {@link #enter()}): the mysql
 * extension frees its table entries when it clears, while a statement that bound one reads it again when
 * its scan starts (the postgres extension keeps entries alive per transaction, so it would not need this).
 * A statement holds the gate only while it executes, not while its result is read.
 */
final class CatalogCache {
    private static final Logger LOG = Logger.getLogger(CatalogCache.class.getName());

    /** How long a clear waits for running statements before it gives up (a TTL clear tries again later). */
    static final Duration GATE_WAIT = Duration.ofMillis(250);
    /** How long an explicit refresh waits for running statements. */
    static final Duration EXPLICIT_GATE_WAIT = Duration.ofSeconds(30);

    private final DuckDBConnection root;
    /** The connection the clears run on, opened on first use (guarded by this). */
    private Connection connection;
    private final StampedLock gate = new StampedLock();
    /** System.nanoTime() of the last clear, per type (guarded by this). */
    private final Map<SourceType, Long> lastCleared = new EnumMap<>(SourceType.class);
    /**
     * Volatile, read without this object's lock: a statement asks for it while it holds the gate, and a
     * clear holds this lock while it waits for the gate.
     */
    private volatile long clears;

    /** @param root the federation's DuckDB connection, duplicated for the clears */
    CatalogCache(DuckDBConnection root) {
        this.root = root;
    }

    /** A statement starts: returns the stamp to give back to {@link #leave}. Never blocks for long. */
    long enter() {
        return gate.readLock();
    }

    void leave(long stamp) {
        gate.unlockRead(stamp);
    }

    /** Notes that the caches of {@code types} are empty now (an attach, a start). */
    synchronized void markFresh(Set<SourceType> types) {
        long now = System.nanoTime();
        types.forEach(t -> lastCleared.put(t, now));
    }

    /**
     * Empties the cache of every type in {@code loaded} whose last clear is older than {@code maxAge}
     * (all of them for a zero age). A clear that cannot start within {@link #GATE_WAIT} because statements
     * keep the gate is left to the next call.
     *
     * @return how many types were cleared
     */
    synchronized int clearOlderThan(Set<SourceType> loaded, Duration maxAge) throws SQLException {
        long now = System.nanoTime();
        int cleared = 0;
        for (SourceType type : loaded) {
            Long last = lastCleared.get(type);
            if (last != null && now - last < maxAge.toNanos() && !maxAge.isZero()) {
                continue;
            }
            if (clear(type, GATE_WAIT)) {
                cleared++;
            }
        }
        return cleared;
    }

    /**
     * Empties the caches of {@code types} now, waiting up to {@link #EXPLICIT_GATE_WAIT} for running
     * statements.
     *
     * @throws SQLException when statements kept the gate all that time
     */
    synchronized void clearNow(Set<SourceType> types) throws SQLException {
        for (SourceType type : types) {
            if (!clear(type, EXPLICIT_GATE_WAIT)) {
                throw new SQLException("FedDuck could not refresh the catalog cache of the " + type.configName()
                        + " sources: statements kept running for " + EXPLICIT_GATE_WAIT.toSeconds() + " s; try again",
                        SqlStates.OBJECT_IN_USE);
            }
        }
    }

    /** Closes the connection the clears ran on. */
    synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the catalog cache connection failed", e);
        }
    }

    /** How many clears ran in all: a prepared statement older than the last one is prepared again. */
    long clears() {
        return clears;
    }

    /**
     * The exclusive gate within {@code wait}, or 0. It is tried {@link #GATE_WAIT} at a time with pauses
     * between: while a writer waits, new statements wait too, so a long wait must not be one attempt.
     */
    private long acquire(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                long stamp = gate.tryWriteLock(Math.max(0, Math.min(left, GATE_WAIT.toNanos())), TimeUnit.NANOSECONDS);
                if (stamp != 0 || deadline - System.nanoTime() <= 0) {
                    return stamp;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private boolean clear(SourceType type, Duration wait) throws SQLException {
        var statement = SourceDialect.of(type).clearCacheStatement();
        if (statement.isEmpty()) {
            lastCleared.put(type, System.nanoTime());
            return true;
        }
        long stamp = acquire(wait);
        if (stamp == 0) {
            LOG.log(Level.FINE, "catalog cache of {0} not cleared: statements running", type.configName());
            return false;
        }
        if (connection == null) {
            connection = root.duplicate();
        }
        try (Statement s = connection.createStatement()) {
            s.execute(statement.get());
        } finally {
            // counted before the gate opens: a statement that enters next sees it and is prepared again
            clears++;
            gate.unlockWrite(stamp);
        }
        lastCleared.put(type, System.nanoTime());
        return true;
    }
}
