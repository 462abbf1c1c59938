package io.fedduck.jdbc.metadata;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.util.ArrayList;
import java.util.List;

/**
 * getTypeInfo: DuckDB 1.4's built-in SQL types, one row each, with the JDBC type code duckdb_jdbc gives
 * their values ({@link DuckTypes}) (so it agrees with ResultSetMetaData and getColumns), sorted by DATA_TYPE as the javadoc
 * asks. A fixed list, read from no catalog: duckdb_types() walks every attached catalog.
 */
public final class TypeInfoMetadata {
    /** name, precision, literal prefix/suffix, create params, case sensitive, unsigned, fixed scale. */
    private record Row(String name, Integer precision, String quote, String params, boolean caseSensitive,
                       boolean unsigned, boolean fixed, int maxScale, Integer radix) {
    }

    private static final List<Row> TYPES = List.of(
            new Row("BOOLEAN", 1, null, null, false, false, false, 0, null),
            new Row("TINYINT", 3, null, null, false, false, true, 0, 10),
            new Row("SMALLINT", 5, null, null, false, false, true, 0, 10),
            new Row("INTEGER", 10, null, null, false, false, true, 0, 10),
            new Row("BIGINT", 19, null, null, false, false, true, 0, 10),
            new Row("HUGEINT", 39, null, null, false, false, true, 0, 10),
            new Row("UTINYINT", 3, null, null, false, true, true, 0, 10),
            new Row("USMALLINT", 5, null, null, false, true, true, 0, 10),
            new Row("UINTEGER", 10, null, null, false, true, true, 0, 10),
            new Row("UBIGINT", 20, null, null, false, true, true, 0, 10),
            new Row("UHUGEINT", 39, null, null, false, true, true, 0, 10),
            new Row("FLOAT", 24, null, null, false, false, false, 0, 2),
            new Row("DOUBLE", 53, null, null, false, false, false, 0, 2),
            new Row("DECIMAL", 38, null, "precision,scale", false, false, true, 38, 10),
            new Row("VARCHAR", Integer.MAX_VALUE, "'", null, true, false, false, 0, null),
            new Row("BLOB", Integer.MAX_VALUE, "'", null, true, false, false, 0, null),
            new Row("BIT", Integer.MAX_VALUE, "'", null, false, false, false, 0, null),
            new Row("DATE", 10, "'", null, false, false, false, 0, null),
            new Row("TIME", 15, "'", null, false, false, false, 6, null),
            new Row("TIME WITH TIME ZONE", 21, "'", null, false, false, false, 6, null),
            new Row("TIMESTAMP", 26, "'", null, false, false, false, 6, null),
            new Row("TIMESTAMP_S", 19, "'", null, false, false, false, 0, null),
            new Row("TIMESTAMP_MS", 23, "'", null, false, false, false, 3, null),
            new Row("TIMESTAMP_NS", 29, "'", null, false, false, false, 9, null),
            new Row("TIMESTAMP WITH TIME ZONE", 32, "'", null, false, false, false, 6, null),
            new Row("INTERVAL", null, "'", null, false, false, false, 0, null),
            new Row("UUID", 36, "'", null, false, false, false, 0, null),
            new Row("JSON", Integer.MAX_VALUE, "'", null, true, false, false, 0, null),
            new Row("ENUM", null, "'", "values", true, false, false, 0, null),
            new Row("LIST", null, null, "element type", false, false, false, 0, null),
            new Row("ARRAY", null, null, "element type,size", false, false, false, 0, null),
            new Row("STRUCT", null, null, "fields", false, false, false, 0, null),
            new Row("MAP", null, null, "key type,value type", false, false, false, 0, null),
            new Row("UNION", null, null, "members", false, false, false, 0, null));

    private final MetadataSession session;

    public TypeInfoMetadata(MetadataSession session) {
        this.session = session;
    }

    public ResultSet typeInfo() throws SQLException {
        StringBuilder values = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (Row r : TYPES) {
            values.append(values.length() == 0 ? "" : ", ").append("(CAST(? AS VARCHAR), CAST(? AS INTEGER),"
                    + " CAST(? AS INTEGER), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN),"
                    + " CAST(? AS BOOLEAN), CAST(? AS INTEGER), CAST(? AS INTEGER))");
            parameters.addAll(java.util.Arrays.asList(r.name(), DuckTypes.jdbcType(r.name()), r.precision(), r.quote(), r.params(),
                    r.caseSensitive(), r.unsigned(), r.fixed(), r.maxScale(), r.radix()));
        }
        return session.query("SELECT CAST(n AS VARCHAR) AS TYPE_NAME, CAST(t AS INTEGER) AS DATA_TYPE,"
                + " CAST(p AS INTEGER) AS PRECISION, CAST(q AS VARCHAR) AS LITERAL_PREFIX,"
                + " CAST(q AS VARCHAR) AS LITERAL_SUFFIX, CAST(c AS VARCHAR) AS CREATE_PARAMS,"
                + " CAST(" + DatabaseMetaData.typeNullable + " AS SMALLINT) AS NULLABLE,"
                + " CAST(cs AS BOOLEAN) AS CASE_SENSITIVE,"
                + " CAST(" + DatabaseMetaData.typeSearchable + " AS SMALLINT) AS SEARCHABLE,"
                + " CAST(u AS BOOLEAN) AS UNSIGNED_ATTRIBUTE, CAST(f AS BOOLEAN) AS FIXED_PREC_SCALE,"
                + " false AS AUTO_INCREMENT, CAST(n AS VARCHAR) AS LOCAL_TYPE_NAME,"
                + " CAST(0 AS SMALLINT) AS MINIMUM_SCALE, CAST(s AS SMALLINT) AS MAXIMUM_SCALE,"
                + " CAST(NULL AS INTEGER) AS SQL_DATA_TYPE, CAST(NULL AS INTEGER) AS SQL_DATETIME_SUB,"
                + " CAST(r AS INTEGER) AS NUM_PREC_RADIX FROM (VALUES " + values
                + ") v(n, t, p, q, c, cs, u, f, s, r) ORDER BY DATA_TYPE, TYPE_NAME", parameters);
    }
}
