package io.fedduck.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The sync_table calls the benchmark times. */
final class SyncTable {
    static final String FULL_TARGET = "synced_full";
    static final String INCREMENTAL_TARGET = "synced_inc";
    static final String INCREMENTAL_COLUMN = "updated_at";

    private SyncTable() {
    }

    /** A full copy that replaces {@value #FULL_TARGET}. */
    static void full(Connection fedduck, Source source) throws SQLException {
        call(fedduck, "CALL sync_table('" + source.catalog() + "', '" + BenchTable.NAME + "', '" + FULL_TARGET
                + "', sync_mode := 'full', replace := true)");
    }

    /** The first incremental sync: there is no watermark yet, so it copies everything. */
    static void firstIncremental(Connection fedduck, Source source) throws SQLException {
        call(fedduck, "CALL sync_table('" + source.catalog() + "', '" + BenchTable.NAME + "', '" + INCREMENTAL_TARGET
                + "', sync_mode := 'incremental', incremental_column := '" + INCREMENTAL_COLUMN
                + "', replace := true)");
    }

    /** Brings {@value #INCREMENTAL_TARGET} up to date with the rows changed since the last sync. */
    static void incremental(Connection fedduck, Source source) throws SQLException {
        call(fedduck, "CALL sync_table('" + source.catalog() + "', '" + BenchTable.NAME + "', '" + INCREMENTAL_TARGET
                + "', sync_mode := 'incremental', incremental_column := '" + INCREMENTAL_COLUMN + "')");
    }

    private static void call(Connection fedduck, String sql) throws SQLException {
        try (Statement s = fedduck.createStatement()) {
            if (s.execute(sql)) {
                // Read whatever the procedure reports, so the statement has fully run.
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        // nothing to keep
                    }
                }
            }
        }
    }
}
