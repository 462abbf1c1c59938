package io.fedduck.procedures;

import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.config.ConfigLocation;
import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.internal.Cancellation;
import io.fedduck.internal.SqlStates;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import io.fedduck.sync.SyncListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FedDuck's procedures that change the federation: {@code connect_database}, {@code disconnect_database}
 * and {@code refresh_database}.
 *
 * <p>DuckDB binds the arguments: each procedure has a temp table macro {@code <name>_args} with the
 * procedure's signature that returns its arguments as one row. For {@code CALL <name>(<args>)} FedDuck runs
 * {@code SELECT * FROM <name>_args(<args>)} with the statement's own parameters bound, runs the procedure
 * in Java with that row, and writes its result into a temp table; the statement itself then runs as it
 * is, against a temp macro {@code <name>} with the same signature that reads the temp table, so the caller
 * gets an ordinary result set (and a PreparedStatement prepares as usual).
 */
public final class FederationProcedures {
    private static final String RESULT_TABLE = "fedduck_procedure_result";
    private static final ConfigLocation LOCATION = new ConfigLocation("connect_database", 0);

    static final String CONNECT = "connect_database";
    static final String DISCONNECT = "disconnect_database";
    static final String REFRESH = "refresh_database";

    private static final Map<String, ProcedureSignature> PROCEDURES = Map.of(
            CONNECT, new ProcedureSignature(CONNECT, List.of("connection_name", "database_type"),
                    List.of("host := NULL", "port := NULL", "database := NULL", "username := NULL",
                            "password := NULL", "file_path := NULL", "ssl_mode := NULL", "charset := NULL",
                            "read_only := true", "connection_timeout := 30", "query_timeout := 300",
                            "compress := NULL")),
            DISCONNECT, new ProcedureSignature(DISCONNECT, List.of("connection_name"), List.of()),
            REFRESH, new ProcedureSignature(REFRESH, List.of("connection_name"), List.of()));

    /** The procedure names, lower case; none of them may run on a read-only connection. */
    public static final Set<String> NAMES = PROCEDURES.keySet();

    private final Connection session;
    private final Federation federation;
    private final SyncTableProcedure sync;
    private final Role role;

    private FederationProcedures(Connection session, Federation federation, SyncTableProcedure sync, Role role) {
        this.session = session;
        this.federation = federation;
        this.sync = sync;
        this.role = role;
    }

    /** Creates the result table and the macros in a new session. */
    public static FederationProcedures install(Connection session, Federation federation,
                                               List<SyncListener> syncListeners, Role role) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + RESULT_TABLE + " (name VARCHAR, type VARCHAR, status VARCHAR,"
                    + " table_count BIGINT, message VARCHAR)");
            for (ProcedureSignature p : PROCEDURES.values()) {
                p.installArgumentsMacro(s);
                s.execute("CREATE TEMP MACRO " + p.name() + "(" + p.parameters() + ") AS TABLE SELECT * FROM temp.main."
                        + RESULT_TABLE);
            }
        }
        return new FederationProcedures(session, federation,
                SyncTableProcedure.install(session, federation, syncListeners, role), role);
    }

    /**
     * When {@code sql} is one {@code CALL} of a procedure, runs the procedure and leaves its result for the
     * statement to read; refuses any other use of a procedure's name as a call.
     */
    public void beforeStatement(ParsedSql sql, ParameterBinder parameters, Cancellation cancellation)
            throws SQLException {
        sync.beforeStatement(sql, parameters, cancellation);
        Optional<ProcedureSignature> routed = routed(sql);
        if (routed.isEmpty()) {
            for (String name : NAMES) {
                if (!StatementClassifier.stringArguments(sql, name, 0, "connection_name").isEmpty()) {
                    throw new SQLSyntaxErrorException(name + " is a procedure: run it alone, as one statement"
                            + " CALL " + PROCEDURES.get(name).signature(), SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
                }
            }
            return;
        }
        ProcedureSignature procedure = routed.get();
        Map<String, Object> args = procedure.arguments(session, sql, parameters);
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + RESULT_TABLE);
        }
        String name = ProcedureSignature.requiredText(procedure.name(), args, "connection_name");
        ProcedureAccess.require(role, federation, procedure.name(), name,
                procedure.name().equals(REFRESH) ? Privilege.SELECT : Privilege.CONNECT);
        switch (procedure.name()) {
            case CONNECT -> connect(name, args);
            case DISCONNECT -> {
                SourceState state = federation.disconnect(name);
                writeResult(state, null, state.session()
                        ? "detached and forgotten; its secret is dropped"
                        : "detached and its secret dropped; it comes from the connections file, so the next new"
                        + " connection or refresh_database attaches it again");
            }
            case REFRESH -> {
                Federation.Refreshed refreshed = federation.refresh(name);
                writeResult(refreshed.state(), tableCount(name), refreshed.reattached()
                        ? "attached again; metadata cache cleared" : "metadata cache cleared");
            }
            default -> throw new IllegalStateException(procedure.name());
        }
    }

    private void connect(String name, Map<String, Object> args) throws SQLException {
        federation.requireNewName(name); // checked again, under the federation's lock, before attaching
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfGiven(fields, "type", args.get("database_type"));
        for (String field : List.of("host", "port", "database", "username", "password", "ssl_mode", "charset")) {
            putIfGiven(fields, field, args.get(field));
        }
        putIfGiven(fields, "file_path", args.get("file_path"));
        Map<String, Object> options = new LinkedHashMap<>();
        putIfGiven(options, "read_only", args.get("read_only"));
        putIfGiven(options, "connection_timeout", args.get("connection_timeout"));
        putIfGiven(options, "query_timeout", args.get("query_timeout"));
        putIfGiven(options, "compress", args.get("compress"));
        fields.put("options", options);
        SourceConfig source = SourceConfig.validated(fields, name, LOCATION, null, federation.credentialRules());
        ProcedureAccess.requireNotHiddenDatabase(role, federation, source);
        SourceState state = federation.connect(source);
        writeResult(state, tableCount(state.name()), "attached " + describe(source)
                + (source.readOnly() ? " read-only" : " read-write"));
    }

    private static void putIfGiven(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String describe(SourceConfig source) {
        return source.type() == SourceType.SQLITE ? "sqlite file " + source.filePath()
                : source.type().configName() + " at " + source.host() + ":" + source.port()
                + (source.database() != null ? "/" + source.database() : "");
    }

    /**
     * For an error DuckDB raised while preparing {@code sql}: when {@code sql} calls a procedure, the
     * procedure's own wording (the signature, and never the statement's text, which may hold a password).
     */
    public static Optional<SQLException> prepareError(ParsedSql sql, SQLException e) {
        Optional<SQLException> error = routed(sql).map(procedure -> procedure.argumentError(e));
        return error.isPresent() ? error : SyncTableProcedure.prepareError(sql, e);
    }

    private Long tableCount(String name) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT count(*) FROM (SELECT database_name FROM"
                + " duckdb_tables() UNION ALL SELECT database_name FROM duckdb_views() WHERE NOT internal)"
                + " WHERE lower(database_name) = lower(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void writeResult(SourceState state, Long tableCount, String message) throws SQLException {
        try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + RESULT_TABLE
                + " VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, state.name());
            insert.setString(2, state.config().type().configName());
            insert.setString(3, state.status().name().toLowerCase(Locale.ROOT));
            if (tableCount == null) {
                insert.setNull(4, Types.BIGINT);
            } else {
                insert.setLong(4, tableCount);
            }
            insert.setString(5, message);
            insert.execute();
        }
    }

    /** The procedure {@code sql} calls, when it is exactly one {@code CALL} of one. */
    private static Optional<ProcedureSignature> routed(ParsedSql sql) {
        return ProcedureSignature.calledName(sql).map(PROCEDURES::get);
    }
}
