package io.fedduck.procedures;

import io.fedduck.config.ConfigLocation;
import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.internal.SqlStates;
import io.fedduck.jdbc.policy.ClassifiedStatement;
import io.fedduck.jdbc.policy.StatementClassifier;
import io.fedduck.jdbc.policy.StatementKind;
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

    /** One procedure: its name and its parameters as a DuckDB macro writes them. */
    private record Procedure(String name, List<String> positional, List<String> named) {
        String parameters() {
            List<String> all = new java.util.ArrayList<>(positional);
            all.addAll(named);
            return String.join(", ", all);
        }

        String signature() {
            return name + "(" + parameters() + ")";
        }

        String argumentColumns() {
            StringBuilder s = new StringBuilder();
            for (String p : positional) {
                s.append(s.length() == 0 ? "" : ", ").append(p).append(" AS ").append(p);
            }
            for (String p : named) {
                String n = p.substring(0, p.indexOf(' '));
                s.append(", ").append(n).append(" AS ").append(n);
            }
            return s.toString();
        }
    }

    static final String CONNECT = "connect_database";
    static final String DISCONNECT = "disconnect_database";
    static final String REFRESH = "refresh_database";

    private static final Map<String, Procedure> PROCEDURES = Map.of(
            CONNECT, new Procedure(CONNECT, List.of("connection_name", "database_type"),
                    List.of("host := NULL", "port := NULL", "database := NULL", "username := NULL",
                            "password := NULL", "file_path := NULL", "ssl_mode := NULL", "charset := NULL",
                            "read_only := true", "connection_timeout := 30", "query_timeout := 300")),
            DISCONNECT, new Procedure(DISCONNECT, List.of("connection_name"), List.of()),
            REFRESH, new Procedure(REFRESH, List.of("connection_name"), List.of()));

    /** The procedure names, lower case; none of them may run on a read-only connection. */
    public static final Set<String> NAMES = PROCEDURES.keySet();

    private final Connection session;
    private final Federation federation;

    private FederationProcedures(Connection session, Federation federation) {
        this.session = session;
        this.federation = federation;
    }

    /** Creates the result table and the macros in a new session. */
    public static FederationProcedures install(Connection session, Federation federation) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("CREATE TEMP TABLE " + RESULT_TABLE + " (name VARCHAR, type VARCHAR, status VARCHAR,"
                    + " table_count BIGINT, message VARCHAR)");
            for (Procedure p : PROCEDURES.values()) {
                s.execute("CREATE TEMP MACRO " + p.name() + "_args(" + p.parameters() + ") AS TABLE SELECT "
                        + p.argumentColumns());
                s.execute("CREATE TEMP MACRO " + p.name() + "(" + p.parameters() + ") AS TABLE SELECT * FROM temp.main."
                        + RESULT_TABLE);
            }
        }
        return new FederationProcedures(session, federation);
    }

    /**
     * When {@code sql} is one {@code CALL} of a procedure, runs the procedure and leaves its result for the
     * statement to read; refuses any other use of a procedure's name as a call.
     */
    public void beforeStatement(String sql, ParameterBinder parameters) throws SQLException {
        Optional<Procedure> routed = routed(sql);
        if (routed.isEmpty()) {
            for (String name : NAMES) {
                if (!StatementClassifier.stringArguments(sql, name, 0, "connection_name").isEmpty()) {
                    throw new SQLSyntaxErrorException(name + " is a procedure: run it alone, as one statement"
                            + " CALL " + PROCEDURES.get(name).signature(), SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
                }
            }
            return;
        }
        Procedure procedure = routed.get();
        Map<String, Object> args = arguments(procedure, rewrite(sql, procedure), parameters);
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + RESULT_TABLE);
        }
        String name = args.get("connection_name") == null ? null : String.valueOf(args.get("connection_name"));
        if (name == null || name.isBlank()) {
            throw SqlStates.invalidValue(procedure.name() + ": connection_name must be given (not NULL or empty)");
        }
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
        fields.put("options", options);
        SourceConfig source = SourceConfig.validated(fields, name, LOCATION, null);
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

    /** The one row of {@code <name>_args(...)}, with DuckDB's vague binder error replaced by the signature. */
    private Map<String, Object> arguments(Procedure procedure, String argsSql, ParameterBinder parameters)
            throws SQLException {
        try (PreparedStatement ps = session.prepareStatement(argsSql)) {
            parameters.bindTo(ps);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Object> row = new LinkedHashMap<>();
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw argumentError(procedure, e);
        }
    }

    /**
     * For an error DuckDB raised while preparing {@code sql}: when {@code sql} calls a procedure, the
     * procedure's own wording (the signature, and never the statement's text, which may hold a password).
     */
    public static Optional<SQLException> prepareError(String sql, SQLException e) {
        return routed(sql).map(procedure -> argumentError(procedure, e));
    }

    private static SQLException argumentError(Procedure procedure, SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("does not support the supplied arguments") || message.contains("Candidate macros")) {
            return new SQLSyntaxErrorException(procedure.name() + ": wrong arguments (an unknown name, too many or"
                    + " too few). The signature is CALL " + procedure.signature()
                    + "; arguments are positional or named (name := value)", SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
        }
        // Never the statement's text (DuckDB quotes it after LINE): it may hold the password.
        int line = message.indexOf("\nLINE ");
        String head = (line < 0 ? message : message.substring(0, line)).strip()
                .replace(procedure.name() + "_args", procedure.name());
        String state = e.getSQLState() != null ? e.getSQLState()
                : head.startsWith("Parser Error") ? "42601" : SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE;
        return new SQLSyntaxErrorException(procedure.name() + ": cannot read the arguments: " + head, state);
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
    private static Optional<Procedure> routed(String sql) {
        List<ClassifiedStatement> statements = StatementClassifier.classify(sql).statements();
        if (statements.size() != 1 || statements.get(0).kind() != StatementKind.CALL) {
            return Optional.empty();
        }
        return statements.get(0).calledProcedure().map(PROCEDURES::get);
    }

    /**
     * {@code CALL [qualifier.]name(} at the start of {@code sql} becomes {@code SELECT * FROM name_args(};
     * everything after the parenthesis stays as written, so the parameters keep their positions.
     */
    static String rewrite(String sql, Procedure procedure) throws SQLException {
        int i = skipBlanks(sql, 0);
        if (!sql.regionMatches(true, i, "call", 0, 4)) {
            throw notRoutable(procedure);
        }
        i = skipBlanks(sql, i + 4);
        while (true) {
            int end = identifierEnd(sql, i);
            if (end < 0) {
                throw notRoutable(procedure);
            }
            i = skipBlanks(sql, end);
            if (i < sql.length() && sql.charAt(i) == '.') {
                i = skipBlanks(sql, i + 1);
                continue;
            }
            break;
        }
        if (i >= sql.length() || sql.charAt(i) != '(') {
            throw notRoutable(procedure);
        }
        return "SELECT * FROM " + procedure.name() + "_args" + sql.substring(i);
    }

    private static SQLException notRoutable(Procedure procedure) {
        return new SQLSyntaxErrorException("write the procedure as CALL " + procedure.signature(),
                SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
    }

    private static int identifierEnd(String sql, int i) {
        if (i >= sql.length()) {
            return -1;
        }
        if (sql.charAt(i) == '"') {
            int k = i + 1;
            while (k < sql.length()) {
                if (sql.charAt(k) == '"') {
                    if (k + 1 < sql.length() && sql.charAt(k + 1) == '"') {
                        k += 2;
                        continue;
                    }
                    return k + 1;
                }
                k++;
            }
            return -1;
        }
        int k = i;
        while (k < sql.length() && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_'
                || sql.charAt(k) == '$')) {
            k++;
        }
        return k == i ? -1 : k;
    }

    /** Skips white space and comments. */
    private static int skipBlanks(String sql, int i) {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
