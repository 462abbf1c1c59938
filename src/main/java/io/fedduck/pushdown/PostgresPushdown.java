package io.fedduck.pushdown;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * PostgreSQL: text is compared in the "C" collation (DuckDB's byte order) unless the column already is,
 * NULLs are placed explicitly, sums are widened to numeric(38,s) so none is read back as a double, and every
 * literal is an {@code E''} string, which means the same whatever {@code standard_conforming_strings} says.
 */
final class PostgresPushdown implements PushdownDialect {

    @Override
    public String queryFunction() {
        return "postgres_query";
    }

    @Override
    public String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String text(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String columnsQuery(String schema, String table) {
        return "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), (NOT a.attnotnull)::int::text,"
                + " CASE WHEN co.oid IS NULL THEN '0'"
                + " WHEN NOT co.collisdeterministic THEN 'n'"
                + " WHEN co.collname IN ('C', 'POSIX') OR (co.collname = 'default' AND d.datcollate IN ('C', 'POSIX'))"
                + " THEN '1' ELSE '0' END"
                + " FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
                + " CROSS JOIN (SELECT datcollate FROM pg_catalog.pg_database WHERE datname = current_database()) d"
                + " WHERE n.nspname = " + text(schema) + " AND c.relname = " + text(table)
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    }

    @Override
    public Category category(String duckType, String sourceType) {
        String duck = duckType.toUpperCase(Locale.ROOT);
        String source = sourceType.toLowerCase(Locale.ROOT);
        if ((duck.equals("SMALLINT") && source.equals("smallint")) || (duck.equals("INTEGER") && source.equals("integer"))
                || (duck.equals("BIGINT") && source.equals("bigint"))) {
            return Category.INTEGER;
        }
        if (duck.startsWith("DECIMAL(") && source.matches("numeric\\(\\d+,\\d+\\)")) {
            return Category.DECIMAL;
        }
        if (duck.equals("DOUBLE") && source.equals("double precision")) {
            return Category.DOUBLE;
        }
        if (duck.equals("FLOAT") && source.equals("real")) {
            return Category.FLOAT;
        }
        if (duck.equals("VARCHAR") && (source.equals("text") || source.startsWith("character varying"))) {
            return Category.TEXT;
        }
        if (duck.equals("DATE") && source.equals("date")) {
            return Category.DATE;
        }
        if (duck.equals("TIMESTAMP") && source.startsWith("timestamp") && source.endsWith("without time zone")) {
            return Category.TIMESTAMP;
        }
        if (duck.equals("TIMESTAMP WITH TIME ZONE") && source.startsWith("timestamp") && source.endsWith("with time zone")) {
            return Category.TIMESTAMP_TZ;
        }
        if (duck.equals("BOOLEAN") && source.equals("boolean")) {
            return Category.BOOLEAN;
        }
        return Category.OTHER; // char(n) (padding), domains, numeric without precision (read as a double), ...
    }

    // DuckDB's scan reads a numeric 'NaN' as 0, where PostgreSQL finds NaN equal to NaN and greater than any
    // number: values, sorts, groups and aggregates go through the value DuckDB reads (no index serves it then).
    @Override
    public String value(String column, RemoteColumn c) {
        if (c.category() != Category.DECIMAL) {
            return column;
        }
        // cast back to the column's numeric(p,s): a CASE of numerics is an unconstrained numeric, which the
        // postgres extension reads as a DOUBLE (15 to 17 digits), and a value of 20 digits came back changed
        java.util.regex.Matcher m = DECIMAL.matcher(c.duckType().replace(" ", ""));
        String type = m.matches() ? "numeric(" + m.group(1) + "," + m.group(2) + ")" : "numeric";
        return "CAST((CASE WHEN " + column + " = 'NaN'::numeric THEN 0 ELSE " + column + " END) AS " + type + ")";
    }

    /**
     * A DECIMAL(p,s) column of the result as numeric(p,s): an aggregate or a CASE of numerics is an
     * unconstrained numeric, which the postgres extension reads as a DOUBLE (a max of 20 digits came back changed).
     */
    @Override
    public String output(String value, Category category, String duckType) {
        java.util.regex.Matcher m = DECIMAL.matcher(duckType.replace(" ", ""));
        if (!m.matches()) {
            return value;
        }
        String type = "numeric(" + m.group(1) + "," + m.group(2) + ")";
        return value.startsWith("CAST(") && value.endsWith(" AS " + type + ")") ? value : "CAST(" + value + " AS " + type + ")";
    }

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

    @Override
    public boolean filterable(RemoteColumn c, boolean equality, boolean nullTest) {
        if (c.category() == Category.DECIMAL) {
            // DuckDB itself compares a numeric NaN as NaN in the filters it sends PostgreSQL, and as 0 in those
            // it evaluates (an OR of two columns, a join's): no pushed comparison can follow both
            return nullTest;
        }
        // text in a collation other than "C": equality is byte equality, order is the collation's
        return c.category() != Category.TEXT || c.bytewise() || equality || nullTest;
    }

    @Override
    public String key(String value, RemoteColumn c) {
        return c.category() == Category.TEXT && !c.bytewise() ? value + " COLLATE \"C\"" : value;
    }

    @Override
    public String equalityKey(String value, RemoteColumn c) {
        return value; // a deterministic collation's equality is byte equality
    }

    @Override
    public boolean scanSendsFilters() {
        return true;
    }

    @Override
    public boolean comparesColumnsOf(Category category) {
        return category != Category.TEXT; // two columns in two collations: PostgreSQL refuses to choose
    }

    @Override
    public String doubleLiteral(BigDecimal value) {
        return "CAST(" + text(value.toString()) + " AS double precision)";
    }

    @Override
    public String sum(String column, int scale) {
        return "CAST(sum(" + column + ") AS numeric(38," + scale + "))";
    }

    @Override
    public String orderKey(String key, boolean descending, boolean nullsFirst, boolean nullable) {
        if (!nullable) {
            // no NULL to place: the plain direction, which a backward scan of an ascending index serves
            // (DESC NULLS LAST would make PostgreSQL sort the whole table)
            return key + (descending ? " DESC" : " ASC");
        }
        return key + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }

    @Override
    public String limit(Long limit, Long offset) {
        return (limit == null ? "" : " LIMIT " + limit) + (offset == null ? "" : " OFFSET " + offset);
    }
}
