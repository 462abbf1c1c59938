package io.fedduck.pushdown;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * MySQL and MariaDB: their default collations compare text without case and ignore trailing spaces, so text
 * is compared, grouped and sorted as its UTF-8 bytes ({@code BINARY CONVERT(col USING utf8mb4)}), which is
 * DuckDB's order;  Zero dates ('0000-00-00', a zero month or day)
 * arrive in DuckDB as NULL, so date and time columns are NULL there too. NULLs sort first in MySQL and
 * there is no NULLS FIRST/LAST, so nullable keys get an {@code IS NULL} key before them. Text literals are
 * hexadecimal, which no sql_mode (backslash escapes, ANSI quotes) reads differently.
 */
final class MySqlPushdown implements PushdownDialect {

    @Override
    public String queryFunction() {
        return "mysql_query";
    }

    @Override
    public String identifier(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    @Override
    public String text(String value) {
        return "CONVERT(" + hex(value) + " USING utf8mb4)";
    }

    private static String hex(String value) {
        return value.isEmpty() ? "''" : "X'" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "'";
    }

    @Override
    public String columnsQuery(String schema, String table) {
        return "SELECT COLUMN_NAME, COLUMN_TYPE, CASE WHEN IS_NULLABLE = 'YES' THEN '1' ELSE '0' END, '0'"
                + " FROM information_schema.COLUMNS WHERE CAST(TABLE_SCHEMA AS BINARY) = " + hex(schema)
                + " AND CAST(TABLE_NAME AS BINARY) = " + hex(table) + " ORDER BY ORDINAL_POSITION";
    }

    @Override
    public Category category(String duckType, String sourceType) {
        String duck = duckType.toUpperCase(Locale.ROOT);
        String source = sourceType.toLowerCase(Locale.ROOT);
        String base = source.replaceAll("[ (].*", "");
        switch (duck) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
                return base.matches("tinyint|smallint|mediumint|int|integer|bigint") ? Category.INTEGER : Category.OTHER;
            case "DOUBLE":
                return base.equals("double") ? Category.DOUBLE : Category.OTHER;
            case "FLOAT":
                return base.equals("float") ? Category.FLOAT : Category.OTHER;
            case "VARCHAR":
                return base.matches("varchar|char|text|tinytext|mediumtext|longtext") ? Category.TEXT : Category.OTHER;
            case "DATE":
                return base.equals("date") ? Category.DATE : Category.OTHER;
            case "TIMESTAMP":
                return base.equals("datetime") || base.equals("timestamp") ? Category.TIMESTAMP : Category.OTHER;
            default:
                if (duck.startsWith("DECIMAL(") && base.equals("decimal")) {
                    return Category.DECIMAL;
                }
                return Category.OTHER; // tinyint(1) read as BOOLEAN (every non-zero is true), enum, set, json, time, ...
        }
    }

    @Override
    public boolean filterable(RemoteColumn c, boolean equality, boolean nullTest) {
        // FedDuck switches the extension's own filter pushdown off for MySQL (Federation: it does not escape
        // backslashes), so DuckDB evaluates every unpushed filter itself: text by its bytes (key), zero
        // dates as NULL (present)
        return true;
    }

    @Override
    public boolean groupsWell(RemoteColumn c) {
        // measured on 2M rows: GROUP BY BINARY CONVERT(status ...) 670 ms on MariaDB, 250 ms in DuckDB
        return c.category() != Category.TEXT && c.category() != Category.DATE && c.category() != Category.TIMESTAMP;
    }

    @Override
    public String value(String column, RemoteColumn c) {
        if (c.duckType().equals("VARCHAR")) {
            // as text: MariaDB sends a json column (longtext with a check) as bytes to mysql_query, which then
            // reads it as a BLOB
            return "CONVERT(" + column + " USING utf8mb4)";
        }
        if (c.category() == Category.DATE || c.category() == Category.TIMESTAMP) {
            return "(CASE WHEN MONTH(" + column + ") = 0 OR DAYOFMONTH(" + column + ") = 0 THEN NULL ELSE "
                    + column + " END)";
        }
        return column;
    }

    @Override
    public boolean nullWhereSourceIsNot(RemoteColumn c) {
        return c.category() == Category.DATE || c.category() == Category.TIMESTAMP;
    }

    @Override
    public String present(String column, RemoteColumn c) {
        return nullWhereSourceIsNot(c) ? "MONTH(" + column + ") <> 0 AND DAYOFMONTH(" + column + ") <> 0" : null;
    }

    @Override
    public String key(String value, RemoteColumn c) {
        return c.category() == Category.TEXT ? "BINARY CONVERT(" + value + " USING utf8mb4)" : value;
    }

    @Override
    public String fromKey(String key, Category category) {
        return category == Category.TEXT ? "CONVERT(" + key + " USING utf8mb4)" : key;
    }

    @Override
    public String output(String value, Category category) {
        // mysql_query reads a decimal(p,0) as DECIMAL(p-1,0) and fails on p digits: as text, DuckDB's cast is exact
        return category == Category.DECIMAL ? "CAST(" + value + " AS CHAR)" : value;
    }

    @Override
    public String textKey(String value) {
        return hex(value);
    }

    @Override
    public String temporalLiteral(String type, String text) {
        if (!text.matches("[0-9 :.-]+")) {
            throw new IllegalArgumentException("not a checked date or time: " + text);
        }
        return type + " '" + text + "'"; // DATE and TIMESTAMP take only a quoted literal; digits need no escape
    }

    @Override
    public String doubleLiteral(BigDecimal value) {
        return value.toString().contains("E") ? value.toString() : value.toString() + "E0"; // a double literal
    }

    @Override
    public String sum(String column, int scale) {
        // MySQL's sum of a bigint is DECIMAL(41,0), which DuckDB would read as a double
        return "CAST(sum(" + column + ") AS DECIMAL(38," + scale + "))";
    }

    @Override
    public String orderKey(String key, boolean descending, boolean nullsFirst, boolean nullable) {
        String direction = descending ? " DESC" : " ASC";
        String order = key + direction;
        return nullable ? "(" + key + " IS NULL)" + (nullsFirst ? " DESC" : " ASC") + ", " + order : order;
    }

    @Override
    public String limit(Long limit, Long offset) {
        if (limit == null && offset == null) {
            return "";
        }
        // MySQL has no OFFSET without LIMIT: the largest count stands for "all"
        return " LIMIT " + (limit == null ? "18446744073709551615" : limit) + (offset == null ? "" : " OFFSET " + offset);
    }
}
