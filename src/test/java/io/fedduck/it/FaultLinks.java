package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.testkit.FaultProxy;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * What the fault tests share: a proxy in front of a test server, waiting for a source to come back, and
 * the count a statement gives.
 */
final class FaultLinks {
    private FaultLinks() {
    }

    static FaultProxy proxy(RemoteDatabases.Server server) throws IOException {
        return new FaultProxy(server.host(), server.port());
    }

    /** {@code s} as seen through {@code proxy}: same server, the proxy's loopback port. */
    static RemoteDatabases.Server through(FaultProxy proxy, RemoteDatabases.Server s) {
        return new RemoteDatabases.Server(s.host(), proxy.port(), s.database(), s.user(), s.password(), s.jdbcUrl());
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    /**
     * The statement's count once the source is back: a down source rests 2 s (or twice its last failed
     * attempt) before a statement tries it again, so this polls for up to 15 s, failing with class 08 meanwhile.
     */
    static long eventually(Statement s, String sql) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return count(s, sql);
            } catch (SQLException e) {
                assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
