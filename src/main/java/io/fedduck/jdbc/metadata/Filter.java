package io.fedduck.jdbc.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause over a metadata query's columns, built from a call's arguments: every value bound, the
 * column names FedDuck's own. JDBC name patterns ({@code %}, {@code _}, escaped with {@code \}) become
 * LIKE with that escape; null narrows nothing.
 */
final class Filter {
    private final StringBuilder sql = new StringBuilder(" WHERE true");
    private final List<Object> parameters = new ArrayList<>();

    /** {@code column} matches the JDBC pattern, unless it is null. */
    Filter like(String column, String pattern) {
        if (pattern != null) {
            sql.append(" AND ").append(column).append(" LIKE ? ESCAPE '\\'");
            parameters.add(pattern);
        }
        return this;
    }

    /** {@code column} is exactly {@code value}, unless it is null. */
    Filter equal(String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        }
        return this;
    }

    /** A condition of FedDuck's own, with no values. */
    Filter and(String condition) {
        sql.append(" AND (").append(condition).append(')');
        return this;
    }

    String where() {
        return sql.toString();
    }

    List<Object> parameters() {
        return parameters;
    }
}
