package io.fedduck.procedures;

import io.fedduck.internal.SqlStates;
import io.fedduck.sql.LoneCall;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A procedure's name and parameters, and how DuckDB binds a {@code CALL} of it: a temp table macro
 * {@code <name>_args} with the signature returns the arguments as one row, so positional and named
 * arguments, defaults, {@code ?} and type checks are DuckDB's own.
 *
 * @param positional the required parameters, in order
 * @param named the optional parameters as a DuckDB macro writes them ({@code name := default})
 */
record ProcedureSignature(String name, List<String> positional, List<String> named) {

    ProcedureSignature {
        positional = List.copyOf(positional);
        named = List.copyOf(named);
    }

    /** The parameter list as a macro declares it. */
    String parameters() {
        List<String> all = new ArrayList<>(positional);
        all.addAll(named);
        return String.join(", ", all);
    }

    /** {@code name(parameters)}, for messages. */
    String signature() {
        return name + "(" + parameters() + ")";
    }

    /** Creates the {@code <name>_args} macro in a new session. */
    void installArgumentsMacro(Statement session) throws SQLException {
        StringBuilder columns = new StringBuilder();
        for (String p : positional) {
            columns.append(columns.length() == 0 ? "" : ", ").append(p).append(" AS ").append(p);
        }
        for (String p : named) {
            String n = p.substring(0, p.indexOf(' '));
            columns.append(columns.length() == 0 ? "" : ", ").append(n).append(" AS ").append(n);
        }
        session.execute("CREATE TEMP MACRO " + name + "_args(" + parameters() + ") AS TABLE SELECT " + columns);
    }

    /**
     * The arguments of {@code sql}, a lone CALL of this procedure, by lower-case parameter name, with the
     * statement's parameters bound; DuckDB's vague binder error is replaced by the signature.
     */
    Map<String, Object> arguments(Connection session, ParsedSql sql, ParameterBinder parameters) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement(argumentsQuery(sql))) {
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
            throw argumentError(e);
        }
    }

    /** A string argument that must be given: not NULL and not blank. */
    static String requiredText(String procedure, Map<String, Object> arguments, String parameter)
            throws SQLException {
        Object value = arguments.get(parameter);
        if (value == null || String.valueOf(value).isBlank()) {
            throw SqlStates.invalidValue(procedure + ": " + parameter + " must be given (not NULL or empty)");
        }
        return String.valueOf(value);
    }

    /**
     * The procedure's own wording for an error DuckDB raised binding a call's arguments: the signature,
     * and never the statement's text, which may hold a password.
     */
    SQLException argumentError(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("does not support the supplied arguments") || message.contains("Candidate macros")) {
            return new SQLSyntaxErrorException(name + ": wrong arguments (an unknown name, too many or"
                    + " too few). The signature is CALL " + signature()
                    + "; arguments are positional or named (name := value)", SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
        }
        // DuckDB quotes the statement after LINE.
        int line = message.indexOf("\nLINE ");
        String head = (line < 0 ? message : message.substring(0, line)).strip().replace(name + "_args", name);
        String state = e.getSQLState() != null ? e.getSQLState()
                : head.startsWith("Parser Error") ? SqlStates.SYNTAX_ERROR : SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE;
        return new SQLSyntaxErrorException(name + ": cannot read the arguments: " + head, state);
    }

    /** The name of the procedure {@code sql} calls, lower case, when it is exactly one {@code CALL}. */
    static Optional<String> calledName(ParsedSql sql) {
        return StatementClassifier.loneCall(sql).map(LoneCall::name);
    }

    /**
     * {@code CALL [qualifier.]name(} at the start of {@code sql} becomes {@code SELECT * FROM name_args(};
     * everything from the parenthesis on stays as written, so the parameters keep their positions.
     */
    String argumentsQuery(ParsedSql sql) throws SQLException {
        Optional<LoneCall> call = StatementClassifier.loneCall(sql);
        if (call.isEmpty() || call.get().argumentsStart() < 0) {
            throw notRoutable();
        }
        return "SELECT * FROM " + name + "_args" + sql.text().substring(call.get().argumentsStart());
    }

    private SQLException notRoutable() {
        return new SQLSyntaxErrorException("write the procedure as CALL " + signature(),
                SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
    }
}
