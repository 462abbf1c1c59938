package io.fedduck.procedures;

import java.util.ArrayList;
import java.util.List;
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
        if (!statement.role().isAdmin()) {
            // a run of a connection the role does not see did not happen, for it
            try (Statement s = session.createStatement(); java.sql.ResultSet rows = s.executeQuery(
                    "SELECT DISTINCT connection_name FROM temp.main." + TABLE)) {
                List<String> hidden = new ArrayList<>();
                while (rows.next()) {
                    if (rows.getString(1) == null || !statement.role().sees(rows.getString(1))) {
                        hidden.add(rows.getString(1));
                    }
                }
                try (java.sql.PreparedStatement delete = session.prepareStatement("DELETE FROM temp.main." + TABLE
                        + " WHERE connection_name IS NOT DISTINCT FROM ?")) {
                    for (String name : hidden) {
                        delete.setString(1, name);
                        delete.executeUpdate();
                    }
                }
            }
        }
    }
}
