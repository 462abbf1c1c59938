package io.fedduck.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A column as DuckDB reads it: its name and its DuckDB type. */
record Column(String name, String type) {

    /** The columns of {@code query}'s result, as DuckDB describes them without running it. */
    static List<Column> of(Connection session, String query) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = session.prepareStatement("DESCRIBE " + query); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
            }
        }
        return columns;
    }

    static Column named(List<Column> columns, String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** Whether values of this type grow in a way an incremental sync can follow: timestamps, dates, integers. */
    boolean canBeWatermark() {
        String t = type.toUpperCase(Locale.ROOT);
        return t.startsWith("TIMESTAMP") || t.equals("DATE") || List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT",
                "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT").contains(t);
    }
}
