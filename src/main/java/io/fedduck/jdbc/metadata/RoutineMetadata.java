package io.fedduck.jdbc.metadata;

import io.fedduck.procedures.Routines;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * getProcedures, getProcedureColumns, getFunctions and getFunctionColumns: FedDuck's procedures (run with
 * CALL) and table functions (run in FROM), spec-shaped, with their parameters; a table function's result
 * columns as DuckDB describes them. They belong to no catalog or schema (each connection has them), so
 * they have a null catalog and schema: a catalog or schema argument other than null or "" matches none.
 */
public final class RoutineMetadata {
    private static final String V = "VARCHAR";
    private static final String I = "INTEGER";
    private static final String S = "SMALLINT";

    private final MetadataSession session;

    public RoutineMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet procedures(String catalog, String schemaPattern, String namePattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Routines.Routine r : matching(catalog, schemaPattern, namePattern, true)) {
            rows.add(new Object[] {null, null, r.name(), null, null, null, r.remarks(),
                    DatabaseMetaData.procedureReturnsResult, r.name()});
        }
        return session.constantRows(rows, "PROCEDURE_CAT", V, "PROCEDURE_SCHEM", V, "PROCEDURE_NAME", V, "RESERVED1", V,
                "RESERVED2", V, "RESERVED3", V, "REMARKS", V, "PROCEDURE_TYPE", S, "SPECIFIC_NAME", V);
    }

    public ResultSet procedureColumns(String catalog, String schemaPattern, String namePattern, String columnPattern)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Routines.Routine r : matching(catalog, schemaPattern, namePattern, true)) {
            int position = 0;
            for (Routines.Parameter p : r.parameters()) {
                position++;
                if (Patterns.matches(columnPattern, p.name())) {
                    rows.add(new Object[] {null, null, r.name(), p.name(), DatabaseMetaData.procedureColumnIn,
                            DuckTypes.jdbcType(p.type()), p.type(), null, null, null, null,
                            DatabaseMetaData.procedureNullable, null, null, null, null, null, position, "YES",
                            r.name()});
                }
            }
        }
        return session.constantRows(rows, "PROCEDURE_CAT", V, "PROCEDURE_SCHEM", V, "PROCEDURE_NAME", V, "COLUMN_NAME", V,
                "COLUMN_TYPE", S, "DATA_TYPE", I, "TYPE_NAME", V, "PRECISION", I, "LENGTH", I, "SCALE", S,
                "RADIX", S, "NULLABLE", S, "REMARKS", V, "COLUMN_DEF", V, "SQL_DATA_TYPE", I, "SQL_DATETIME_SUB", I,
                "CHAR_OCTET_LENGTH", I, "ORDINAL_POSITION", I, "IS_NULLABLE", V, "SPECIFIC_NAME", V);
    }

    public ResultSet functions(String catalog, String schemaPattern, String namePattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Routines.Routine r : matching(catalog, schemaPattern, namePattern, false)) {
            rows.add(new Object[] {null, null, r.name(), r.remarks(), DatabaseMetaData.functionReturnsTable,
                    r.name()});
        }
        return session.constantRows(rows, "FUNCTION_CAT", V, "FUNCTION_SCHEM", V, "FUNCTION_NAME", V, "REMARKS", V,
                "FUNCTION_TYPE", S, "SPECIFIC_NAME", V);
    }

    /** The parameters (COLUMN_TYPE functionColumnIn), then the result columns (functionColumnResult). */
    public ResultSet functionColumns(String catalog, String schemaPattern, String namePattern, String columnPattern)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Routines.Routine r : matching(catalog, schemaPattern, namePattern, false)) {
            int position = 0;
            for (Routines.Parameter p : r.parameters()) {
                position++;
                if (Patterns.matches(columnPattern, p.name())) {
                    rows.add(functionColumn(r, p.name(), DatabaseMetaData.functionColumnIn, p.type(), position));
                }
            }
            int column = 0;
            for (String[] result : session.resultColumns(r.name(), positionalCount(r))) {
                column++;
                if (Patterns.matches(columnPattern, result[0])) {
                    rows.add(functionColumn(r, result[0], DatabaseMetaData.functionColumnResult, result[1], column));
                }
            }
        }
        return session.constantRows(rows, "FUNCTION_CAT", V, "FUNCTION_SCHEM", V, "FUNCTION_NAME", V, "COLUMN_NAME", V,
                "COLUMN_TYPE", S, "DATA_TYPE", I, "TYPE_NAME", V, "PRECISION", I, "LENGTH", I, "SCALE", S,
                "RADIX", S, "NULLABLE", S, "REMARKS", V, "CHAR_OCTET_LENGTH", I, "ORDINAL_POSITION", I,
                "IS_NULLABLE", V, "SPECIFIC_NAME", V);
    }

    private static Object[] functionColumn(Routines.Routine r, String name, int kind, String type, int position) {
        return new Object[] {null, null, r.name(), name, kind, DuckTypes.jdbcType(type), DuckTypes.bareName(type),
                null, null, null, null, DatabaseMetaData.functionNullable, null, null, position, "YES", r.name()};
    }

    private static int positionalCount(Routines.Routine r) {
        return (int) r.parameters().stream().filter(p -> !p.optional()).count();
    }

    /** The routines of one kind whose name matches, sorted by name as the javadoc asks. */
    private static List<Routines.Routine> matching(String catalog, String schemaPattern, String namePattern,
                                                   boolean procedures) {
        if ((catalog != null && !catalog.isEmpty()) || (schemaPattern != null && !schemaPattern.isEmpty()
                && !schemaPattern.equals("%"))) {
            return Collections.emptyList();
        }
        return Routines.ALL.stream().filter(r -> r.procedure() == procedures)
                .filter(r -> Patterns.matches(namePattern, r.name()))
                .sorted(java.util.Comparator.comparing(Routines.Routine::name)).toList();
    }
}
