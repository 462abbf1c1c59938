package io.fedduck.jdbc;

import java.sql.SQLException;

/**
 * Decides whether a statement may run on a connection, before anything reaches DuckDB. The seam where
 * later issues add role-based access rules beside read-only enforcement.
 */
public interface StatementPolicy {

    /** Throws an SQLException with a fitting SQLState when {@code sql} may not run on {@code connection}. */
    void check(String sql, FedDuckConnection connection) throws SQLException;
}
