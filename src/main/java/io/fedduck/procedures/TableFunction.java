package io.fedduck.procedures;

import io.fedduck.federation.Federation;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A FedDuck table function: a DuckDB temp macro over a connection-local temp table that FedDuck fills
 * just before a statement that uses it runs. DuckDB 1.4's Java API has no Java table functions; a table
 * macro composes with the rest of SQL ({@code SELECT * FROM f() WHERE ...}, {@code CALL f()}) and, being
 * temporary, never lands in the user's database file.
 */
interface TableFunction {

    /** The SQL name, lower case. */
    String name();

    /** Creates the temp table and the temp macro in a new session. */
    void install(Connection session) throws SQLException;

    /**
     * True when the function reads the sources' own catalogs (list_remote_tables, describe_remote_table, ...):
     * before it runs, DuckDB's cached view of them is renewed when older than the connection's metadata_ttl.
     */
    default boolean readsSourceCatalogs() {
        return false;
    }

    /** Replaces the temp table's rows with the current answer to the calls in {@code statement}. */
    void refresh(Connection session, Federation federation, StatementCalls statement) throws SQLException;
}
