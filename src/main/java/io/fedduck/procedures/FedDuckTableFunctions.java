package io.fedduck.procedures;

import io.fedduck.federation.Federation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FedDuck's table functions for one JDBC connection: installed when the connection opens, and refreshed
 * just before a statement that names one of them, so they answer with the federation's current state.
 */
public final class FedDuckTableFunctions {
    private static final List<TableFunction> ALL = List.of(new DatabaseConnectionsFunction(),
            new ListRemoteTablesFunction(), new DescribeRemoteTableFunction(), new RemoteTableConstraintsFunction(),
            new RemoteTableIndexesFunction(), new RemoteTableSampleFunction());

    /** The names, lower case; a read-only connection may call them. */
    public static final Set<String> NAMES = ALL.stream().map(TableFunction::name).collect(Collectors.toUnmodifiableSet());

    private final Connection session;
    private final Federation federation;

    private FedDuckTableFunctions(Connection session, Federation federation) {
        this.session = session;
        this.federation = federation;
    }

    public static FedDuckTableFunctions install(Connection session, Federation federation) throws SQLException {
        for (TableFunction function : ALL) {
            function.install(session);
        }
        return new FedDuckTableFunctions(session, federation);
    }

    /** Refreshes the functions a statement names. */
    public void beforeStatement(StatementCalls statement) throws SQLException {
        for (TableFunction function : ALL) {
            if (statement.identifiers().contains(function.name())) {
                function.refresh(session, federation, statement);
            }
        }
    }
}
