package io.fedduck.procedures;

import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.federation.Federation;
import io.fedduck.internal.Cancellation;
import io.fedduck.internal.SqlStates;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import io.fedduck.sync.SyncListener;
import io.fedduck.sync.SyncRequest;
import io.fedduck.sync.TableSync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CALL sync_table(...)}: binds the arguments through DuckDB like the other procedures, runs the
 * sync, and leaves its one result row for the statement to read.
 */
final class SyncTableProcedure {
    static final ProcedureSignature SIGNATURE = new ProcedureSignature("sync_table",
            List.of("connection_name", "source_table", "local_table"),
            List.of("sync_mode := 'full'", "incremental_column := NULL", "where_clause := NULL",
                    "primary_key := NULL", "conflict := 'upsert'", "batch_size := 1000000",
                    "on_schema_change := 'fail'", "replace := false"));
    private static final String RESULT_TABLE = "fedduck_sync_table_result";

    private final Connection session;
    private final Federation federation;
    private final List<SyncListener> listeners;
    private final Role role;

    private SyncTableProcedure(Connection session, Federation federation, List<SyncListener> listeners, Role role) {
        this.session = session;
        this.federation = federation;
        this.listeners = listeners;
        this.role = role;
    }

    static SyncTableProcedure install(Connection session, Federation federation, List<SyncListener> listeners,
                                      Role role) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + RESULT_TABLE + " (sync_id BIGINT, mode VARCHAR, rows_inserted BIGINT,"
                    + " rows_updated BIGINT, local_rows BIGINT, watermark VARCHAR, duration_ms BIGINT)");
            SIGNATURE.installArgumentsMacro(s);
            s.execute("CREATE TEMP MACRO " + SIGNATURE.name() + "(" + SIGNATURE.parameters() + ") AS TABLE SELECT *"
                    + " FROM temp.main." + RESULT_TABLE);
        }
        return new SyncTableProcedure(session, federation, listeners, role);
    }

    /** Runs the sync when {@code sql} is one CALL of sync_table; refuses any other use of the name. */
    void beforeStatement(ParsedSql sql, ParameterBinder parameters, Cancellation cancellation) throws SQLException {
        Optional<String> called = ProcedureSignature.calledName(sql);
        if (called.filter(SIGNATURE.name()::equals).isEmpty()) {
            if (!StatementClassifier.stringArguments(sql, SIGNATURE.name(), 0, "connection_name").isEmpty()) {
                throw new SQLSyntaxErrorException("sync_table is a procedure: run it alone, as one statement CALL "
                        + SIGNATURE.signature(), SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
            }
            return;
        }
        Map<String, Object> args = SIGNATURE.arguments(session, sql, parameters);
        ProcedureAccess.require(role, federation, SIGNATURE.name(),
                ProcedureSignature.requiredText(SIGNATURE.name(), args, "connection_name"), Privilege.SYNC);
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + RESULT_TABLE);
        }
        TableSync.Result result = new TableSync(federation, listeners, cancellation).run(SyncRequest.of(args));
        try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + RESULT_TABLE
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, result.syncId());
            insert.setString(2, result.mode());
            insert.setLong(3, result.rowsInserted());
            insert.setLong(4, result.rowsUpdated());
            insert.setLong(5, result.localRows());
            insert.setString(6, result.watermark());
            insert.setLong(7, result.durationMillis());
            insert.execute();
        }
    }

    static Optional<SQLException> prepareError(ParsedSql sql, SQLException e) {
        return ProcedureSignature.calledName(sql).filter(SIGNATURE.name()::equals).map(n -> SIGNATURE.argumentError(e));
    }
}
