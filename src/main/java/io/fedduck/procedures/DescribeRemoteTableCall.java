package io.fedduck.procedures;

import io.fedduck.sql.ParsedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * {@code CALL describe_remote_table(connection_name, table_name, include_sample := true)} as one statement:
 * its first result set is the columns (the table function's rows); then come the constraints, the indexes
 * and, when include_sample is true, the sample, each as the matching table function gives it.
 */
final class DescribeRemoteTableCall {
    static final ProcedureSignature SIGNATURE = new ProcedureSignature(DescribeRemoteTableFunction.NAME,
            List.of(RemoteTableFunction.CONNECTION, RemoteTableFunction.TABLE_NAME), List.of("include_sample := true"));

    private DescribeRemoteTableCall() {
    }

    static void install(Statement session) throws SQLException {
        SIGNATURE.installArgumentsMacro(session);
    }

    /** For a lone CALL of describe_remote_table, its further result sets; otherwise none. */
    static FollowingResults following(Connection session, FedDuckTableFunctions functions, ParsedSql sql,
                                      ParameterBinder parameters) throws SQLException {
        if (!ProcedureSignature.calledName(sql).filter(SIGNATURE.name()::equals).isPresent()) {
            return FollowingResults.NONE;
        }
        Map<String, Object> args = SIGNATURE.arguments(session, sql, parameters);
        String connection = ProcedureSignature.requiredText(SIGNATURE.name(), args, RemoteTableFunction.CONNECTION);
        String table = ProcedureSignature.requiredText(SIGNATURE.name(), args, RemoteTableFunction.TABLE_NAME);
        Deque<String> next = new ArrayDeque<>(List.of(RemoteTableConstraintsFunction.NAME,
                RemoteTableIndexesFunction.NAME));
        if (!Boolean.FALSE.equals(args.get("include_sample"))) {
            next.add(RemoteTableSampleFunction.NAME);
        }
        return () -> {
            String function = next.poll();
            if (function == null) {
                return null;
            }
            functions.refresh(function, connection, table);
            PreparedStatement query = session.prepareStatement("SELECT * FROM " + function + "(?, ?)");
            query.setString(1, connection);
            query.setString(2, table);
            return query;
        };
    }
}
