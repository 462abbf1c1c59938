package io.fedduck.procedures;

import io.fedduck.access.Role;
import io.fedduck.federation.Federation;
import io.fedduck.sql.ParsedSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FedDuck's table functions for one JDBC connection: installed when the connection opens, and refreshed
 * just before a statement that names one of them, so they answer with the federation's current state.
 */
public final class FedDuckTableFunctions {
    private static final List<TableFunction> ALL = List.of(DatabaseConnectionsFunction.list(),
            DatabaseConnectionsFunction.check(),
            new ListRemoteTablesFunction(), new DescribeRemoteTableFunction(), new RemoteTableConstraintsFunction(),
            new RemoteTableIndexesFunction(), new RemoteTableSampleFunction(), new SyncStatusFunction());

    /** The names, lower case; a read-only connection may call them. */
    public static final Set<String> NAMES = ALL.stream().map(TableFunction::name).collect(Collectors.toUnmodifiableSet());

    private final Connection session;
    private final Federation federation;
    private final Duration metadataTtl;
    private final Role role;

    private FedDuckTableFunctions(Connection session, Federation federation, Duration metadataTtl, Role role) {
        this.session = session;
        this.federation = federation;
        this.metadataTtl = metadataTtl;
        this.role = role;
    }

    /**
     * @param metadataTtl the connection's metadata_ttl: the functions that read a source's catalog first
     *     empty DuckDB's cached view of it when it is older (Federation#refreshStaleCatalogs), so a table
     *     they list can also be named in a query
     */
    public static FedDuckTableFunctions install(Connection session, Federation federation, Duration metadataTtl,
                                                Role role) throws SQLException {
        for (TableFunction function : ALL) {
            function.install(session);
        }
        try (Statement s = session.createStatement()) {
            DescribeRemoteTableCall.install(s);
        }
        return new FedDuckTableFunctions(session, federation, metadataTtl, role);
    }

    /** Refreshes the functions a statement names. */
    public void beforeStatement(StatementCalls statement) throws SQLException {
        boolean refreshed = false;
        for (TableFunction function : ALL) {
            if (statement.identifiers().contains(function.name())) {
                if (!refreshed && function.readsSourceCatalogs()) {
                    federation.refreshStaleCatalogs(metadataTtl);
                    refreshed = true;
                }
                function.refresh(session, federation, underRole(statement));
            }
        }
    }

    /** {@code statement} as the connection's role sees it. */
    private StatementCalls underRole(StatementCalls statement) {
        return new StatementCalls() {
            @Override
            public Set<String> identifiers() {
                return statement.identifiers();
            }

            @Override
            public List<Optional<String>> stringArguments(String function, int position, String parameter) {
                return statement.stringArguments(function, position, parameter);
            }

            @Override
            public Role role() {
                return role;
            }
        };
    }

    /** The result sets a statement gives after its first: those of a lone CALL describe_remote_table(...). */
    public FollowingResults following(ParsedSql sql, ParameterBinder parameters) throws SQLException {
        return DescribeRemoteTableCall.following(session, this, sql, parameters);
    }

    /** Refreshes one function for a call with constant connection and table names. */
    void refresh(String function, String connection, String table) throws SQLException {
        StatementCalls call = new StatementCalls() {
            @Override
            public Set<String> identifiers() {
                return Set.of(function);
            }

            @Override
            public List<Optional<String>> stringArguments(String name, int position, String parameter) {
                if (!name.equals(function)) {
                    return List.of();
                }
                return List.of(Optional.ofNullable(position == 0 ? connection : position == 1 ? table : null));
            }
        };
        beforeStatement(call);
    }
}
