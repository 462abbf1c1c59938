package io.fedduck;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBDriver;

/**
 * The names DuckDB accepts as start-up settings, read once per process from a throw-away in-memory
 * instance, so a typo in a connection property is reported instead of silently reaching DuckDB.
 */
final class DuckDbSettingNames {
    /** Options of DuckDB's JDBC layer itself that FedDuck passes through. */
    private static final Set<String> JDBC_OPTIONS = Set.of("duckdb.read_only", "jdbc_stream_results");

    private static volatile Set<String> names;

    private DuckDbSettingNames() {
    }

    static boolean isKnown(String key) throws SQLException {
        String k = key.toLowerCase(Locale.ROOT);
        return JDBC_OPTIONS.contains(k) || names().contains(k);
    }

    private static Set<String> names() throws SQLException {
        Set<String> result = names;
        if (result == null) {
            result = new HashSet<>();
            try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT lower(name) FROM duckdb_settings()")) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
            names = Set.copyOf(result);
        }
        return result;
    }
}
