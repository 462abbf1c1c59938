package io.fedduck.jdbc.metadata;

import java.sql.Types;
import java.util.Locale;
import org.duckdb.DuckDBResultSetMetaData;

/**
 * DuckDB type names as JDBC sees them: the JDBC type code is the one duckdb_jdbc's ResultSetMetaData
 * gives a value of that type (so getColumns, getTypeInfo and a query's metadata agree: VARCHAR[] is
 * ARRAY everywhere), and the bare name is the type without its parameters ({@code DECIMAL(12,2)} is
 * {@code DECIMAL}; a list keeps its brackets, as ResultSetMetaData shows it).
 */
final class DuckTypes {
    private DuckTypes() {
    }

    static int jdbcType(String duckType) {
        if (duckType == null) {
            return Types.OTHER;
        }
        try {
            return DuckDBResultSetMetaData.type_to_int(DuckDBResultSetMetaData.TypeNameToType(
                    duckType.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            return Types.OTHER;
        }
    }

    /** The name without a parenthesised parameter list at its end: DECIMAL(12,2) is DECIMAL. */
    static String bareName(String duckType) {
        if (duckType == null || duckType.endsWith("]")) {
            return duckType;
        }
        int paren = duckType.indexOf('(');
        return paren < 0 || duckType.startsWith("STRUCT") || duckType.startsWith("MAP")
                || duckType.startsWith("UNION") || duckType.startsWith("ENUM") ? duckType
                : duckType.substring(0, paren).strip();
    }
}
