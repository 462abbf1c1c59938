package io.fedduck.procedures;

import java.util.List;

/**
 * FedDuck's own callables as tools list them (DatabaseMetaData.getProcedures and getFunctions): the
 * procedures run with {@code CALL} and the table functions run in {@code FROM}, with their parameters in
 * order and their DuckDB types. docs/procedures.md and docs/sync.md describe each; a test keeps this list
 * equal to the callables FedDuck installs.
 */
public final class Routines {
    /** A parameter: positional when {@code optional} is false, else named ({@code name := value}). */
    public record Parameter(String name, String type, boolean optional) {
    }

    /** One callable. */
    public record Routine(String name, boolean procedure, String remarks, List<Parameter> parameters) {
    }

    private static Parameter required(String name) {
        return new Parameter(name, "VARCHAR", false);
    }

    private static Parameter optional(String name, String type) {
        return new Parameter(name, type, true);
    }

    private static final List<Parameter> CONNECTION_AND_TABLE = List.of(required("connection_name"),
            required("table_name"));

    public static final List<Routine> ALL = List.of(
            new Routine(FederationProcedures.CONNECT, true, "Attaches a source at run time (docs/procedures.md)",
                    List.of(required("connection_name"), required("database_type"), optional("host", "VARCHAR"),
                            optional("port", "INTEGER"), optional("database", "VARCHAR"),
                            optional("username", "VARCHAR"), optional("password", "VARCHAR"),
                            optional("file_path", "VARCHAR"), optional("ssl_mode", "VARCHAR"),
                            optional("charset", "VARCHAR"), optional("read_only", "BOOLEAN"),
                            optional("connection_timeout", "INTEGER"), optional("query_timeout", "INTEGER"),
                            optional("compress", "BOOLEAN"))),
            new Routine(FederationProcedures.DISCONNECT, true, "Detaches a source added by connect_database",
                    List.of(required("connection_name"))),
            new Routine(FederationProcedures.REFRESH, true, "Reads a source's tables and columns again",
                    List.of(required("connection_name"))),
            new Routine("sync_table", true, "Copies a remote table into a local DuckDB table, full or incremental"
                    + " (docs/sync.md)", List.of(required("connection_name"), required("source_table"),
                            required("local_table"), optional("sync_mode", "VARCHAR"),
                            optional("incremental_column", "VARCHAR"), optional("where_clause", "VARCHAR"),
                            optional("primary_key", "VARCHAR"), optional("conflict", "VARCHAR"),
                            optional("batch_size", "BIGINT"), optional("on_schema_change", "VARCHAR"),
                            optional("replace", "BOOLEAN"))),
            new Routine(DatabaseConnectionsFunction.NAME, false, "Every source with its status, checked now",
                    List.of()),
            new Routine(DatabaseConnectionsFunction.CHECK_NAME, false, "Checks every source now: the same rows as"
                    + " list_database_connections", List.of()),
            new Routine(ListRemoteTablesFunction.NAME, false, "The tables and views of a source",
                    List.of(required("connection_name"), optional("schema_filter", "VARCHAR"),
                            optional("table_pattern", "VARCHAR"))),
            new Routine(DescribeRemoteTableFunction.NAME, false, "The columns of a remote table",
                    List.of(required("connection_name"), required("table_name"),
                            optional("include_sample", "BOOLEAN"))),
            new Routine(RemoteTableConstraintsFunction.NAME, false, "The keys and checks of a remote table",
                    CONNECTION_AND_TABLE),
            new Routine(RemoteTableIndexesFunction.NAME, false, "The indexes of a remote table", CONNECTION_AND_TABLE),
            new Routine(RemoteTableSampleFunction.NAME, false, "The first rows of a remote table",
                    List.of(required("connection_name"), required("table_name"), optional("n", "INTEGER"))),
            new Routine(SyncStatusFunction.NAME, false, "Every sync_table run", List.of()));

    private Routines() {
    }
}
