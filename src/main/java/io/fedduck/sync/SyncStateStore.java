package io.fedduck.sync;

import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FedDuck's sync state, kept in the local database's {@code fedduck} schema so that it survives restarts
 * when the local database is a file: what each synced table was copied from, its watermark and source
 * columns (written in the same transaction as the data), and one row per run (written apart, so another
 * connection sees a run's progress while it runs).
 */
public final class SyncStateStore {
    static final String SCHEMA = "fedduck";

    /** What the last successful sync recorded about a local table. */
    record TableState(String connectionName, String sourceTable, String mode, String incrementalColumn,
                      String watermark, List<Column> sourceColumns) {
    }

    private final String catalog;

    SyncStateStore(String catalog) {
        this.catalog = catalog;
    }

    private String table(String name) {
        return SqlText.identifier(catalog) + "." + SCHEMA + "." + name;
    }

    /** The qualified name of the table of runs, for sync_status(). */
    String runsTable() {
        return table("sync_runs");
    }

    /** The columns of {@code sync_status()}, in order, as DDL. */
    public static final String RUN_COLUMNS = "sync_id BIGINT, connection_name VARCHAR, source_table VARCHAR,"
            + " local_table VARCHAR, sync_mode VARCHAR, state VARCHAR, rows_copied BIGINT, estimated_total BIGINT,"
            + " percent DOUBLE, started TIMESTAMPTZ, finished TIMESTAMPTZ, watermark VARCHAR, rows_inserted BIGINT,"
            + " rows_updated BIGINT, error VARCHAR";

    /** Copies every run recorded in the local database {@code catalog} into {@code target}, if any ran. */
    public static void copyRuns(Connection session, String catalog, String target) throws SQLException {
        try (PreparedStatement exists = session.prepareStatement("SELECT count(*) FROM duckdb_tables()"
                + " WHERE database_name = ? AND schema_name = ? AND table_name = 'sync_runs'")) {
            exists.setString(1, catalog);
            exists.setString(2, SCHEMA);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || rs.getLong(1) == 0) {
                    return;
                }
            }
        }
        try (Statement s = session.createStatement()) {
            s.execute("INSERT INTO " + target + " SELECT * FROM " + new SyncStateStore(catalog).runsTable()
                    + " ORDER BY sync_id");
        }
    }

    /** Creates the schema and its tables when missing. */
    void ensure(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.identifier(catalog) + "." + SCHEMA);
            s.execute("CREATE SEQUENCE IF NOT EXISTS " + table("sync_id"));
            s.execute("CREATE TABLE IF NOT EXISTS " + table("synced_tables") + " (local_schema VARCHAR,"
                    + " local_table VARCHAR, connection_name VARCHAR, source_table VARCHAR, sync_mode VARCHAR,"
                    + " incremental_column VARCHAR, watermark VARCHAR, last_sync_id BIGINT, synced_at TIMESTAMPTZ)");
            s.execute("CREATE TABLE IF NOT EXISTS " + table("synced_columns") + " (local_schema VARCHAR,"
                    + " local_table VARCHAR, ordinal INTEGER, column_name VARCHAR, column_type VARCHAR)");
            s.execute("CREATE TABLE IF NOT EXISTS " + runsTable() + " (" + RUN_COLUMNS + ")");
        }
    }

    Optional<TableState> tableState(Connection session, LocalTable local) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT connection_name, source_table, sync_mode,"
                + " incremental_column, watermark FROM " + table("synced_tables")
                + " WHERE lower(local_schema) = lower(?) AND lower(local_table) = lower(?)")) {
            ps.setString(1, local.schema());
            ps.setString(2, local.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TableState(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), sourceColumns(session, local)));
            }
        }
    }

    private List<Column> sourceColumns(Connection session, LocalTable local) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = session.prepareStatement("SELECT column_name, column_type FROM "
                + table("synced_columns") + " WHERE lower(local_schema) = lower(?) AND lower(local_table) = lower(?)"
                + " ORDER BY ordinal")) {
            ps.setString(1, local.schema());
            ps.setString(2, local.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return columns;
    }

    /** Records a successful sync; runs inside the transaction that wrote the data. */
    void saveTableState(Connection transaction, LocalTable local, TableState state, long syncId) throws SQLException {
        for (String t : List.of("synced_tables", "synced_columns")) {
            try (PreparedStatement delete = transaction.prepareStatement("DELETE FROM " + table(t)
                    + " WHERE lower(local_schema) = lower(?) AND lower(local_table) = lower(?)")) {
                delete.setString(1, local.schema());
                delete.setString(2, local.table());
                delete.executeUpdate();
            }
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO " + table("synced_tables")
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())")) {
            insert.setString(1, local.schema());
            insert.setString(2, local.table());
            insert.setString(3, state.connectionName());
            insert.setString(4, state.sourceTable());
            insert.setString(5, state.mode());
            insert.setString(6, state.incrementalColumn());
            insert.setString(7, state.watermark());
            insert.setLong(8, syncId);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO " + table("synced_columns")
                + " VALUES (?, ?, ?, ?, ?)")) {
            int ordinal = 1;
            for (Column c : state.sourceColumns()) {
                insert.setString(1, local.schema());
                insert.setString(2, local.table());
                insert.setInt(3, ordinal++);
                insert.setString(4, c.name());
                insert.setString(5, c.type());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A run of this table left 'running' by a process that ended: only possible while this run holds the lock. */
    void failOrphans(Connection session, LocalTable local) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("UPDATE " + runsTable() + " SET state = 'failed',"
                + " finished = now(), error = 'interrupted: the process running it ended'"
                + " WHERE state = 'running' AND lower(local_table) = lower(?)")) {
            ps.setString(1, local.name());
            ps.executeUpdate();
        }
    }

    long startRun(Connection session, SyncRequest request, LocalTable local, String mode) throws SQLException {
        long id;
        try (Statement s = session.createStatement();
             ResultSet rs = s.executeQuery("SELECT nextval('" + catalog.replace("'", "''") + "." + SCHEMA + ".sync_id')")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = session.prepareStatement("INSERT INTO " + runsTable() + " (sync_id,"
                + " connection_name, source_table, local_table, sync_mode, state, rows_copied, estimated_total,"
                + " percent, started) VALUES (?, ?, ?, ?, ?, 'running', 0, -1, -1, now())")) {
            ps.setLong(1, id);
            ps.setString(2, request.connectionName());
            ps.setString(3, request.sourceTable());
            ps.setString(4, local.name());
            ps.setString(5, mode);
            ps.executeUpdate();
        }
        return id;
    }

    void progress(Connection session, SyncProgress p) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("UPDATE " + runsTable() + " SET rows_copied = ?,"
                + " estimated_total = ?, percent = ?, watermark = ? WHERE sync_id = ?")) {
            ps.setLong(1, p.rowsCopied());
            ps.setLong(2, p.estimatedTotal());
            ps.setDouble(3, p.percent());
            ps.setString(4, p.watermark());
            ps.setLong(5, p.syncId());
            ps.executeUpdate();
        }
    }

    void finish(Connection session, long id, String state, Long inserted, Long updated, String watermark,
                String error) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("UPDATE " + runsTable() + " SET state = ?,"
                + " finished = now(), rows_inserted = ?, rows_updated = ?,"
                + " watermark = coalesce(?, watermark), error = ?,"
                + " percent = CASE WHEN ? = 'succeeded' THEN 100 ELSE percent END WHERE sync_id = ?")) {
            ps.setString(1, state);
            setLong(ps, 2, inserted);
            setLong(ps, 3, updated);
            ps.setString(4, watermark);
            ps.setString(5, error);
            ps.setString(6, state);
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
