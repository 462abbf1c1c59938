package io.fedduck.procedures;

import io.fedduck.federation.Federation;
import io.fedduck.sync.SyncStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code sync_status()}: one row per sync_table run recorded in the local database, read when the
 * statement starts, so a running sync's progress shows from any connection.
 */
final class SyncStatusFunction implements TableFunction {
    static final String NAME = "sync_status";
    private static final String TABLE = "fedduck_sync_status";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + TABLE + " (" + SyncStateStore.RUN_COLUMNS + ")");
            s.execute("CREATE TEMP MACRO " + NAME + "() AS TABLE SELECT * FROM temp.main." + TABLE);
        }
    }

    @Override
    public void refresh(Connection session, Federation federation, StatementCalls statement) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + TABLE);
        }
        SyncStateStore.copyRuns(session, federation.localCatalog(), "temp.main." + TABLE);
    }
}
