package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ObjectNames' list of catalog listings against the engine: every view DuckDB keeps of its own catalog
 * and every table function that lists catalog objects must be recognised, or be named here as harmless.
 * A DuckDB upgrade that adds one fails this test until it is classified.
 */
class ObjectNamesAgainstDuckDbTest {
    /** DuckDB's table functions that list nothing of the attached catalogs. */
    private static final Set<String> HARMLESS = Set.of("duckdb_extensions", "duckdb_keywords", "duckdb_memory",
            "duckdb_optimizers", "duckdb_settings", "duckdb_temporary_files", "duckdb_connection_count",
            "duckdb_external_file_cache", "duckdb_secret_types", "duckdb_secrets", "pragma_collations",
            "pragma_platform", "pragma_user_agent", "pragma_version", "pg_timezone_names");

    @Test
    void everyCatalogViewAndListingFunctionOfTheEngineIsRecognised() throws SQLException {
        List<String> missed = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckdb.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT schema_name, view_name FROM duckdb_views() WHERE internal")) {
                while (rs.next()) {
                    String unqualified = "SELECT * FROM " + rs.getString(2);
                    String qualified = "SELECT * FROM " + rs.getString(1) + "." + rs.getString(2);
                    // information_schema is not on the search path (and a role may not put it there), so
                    // its views answer only by their qualified names: "tables" alone is a user's table
                    boolean onSearchPath = !rs.getString(1).equals("information_schema");
                    if (onSearchPath && ObjectNames.catalogListing(ParsedSql.of(unqualified)).isEmpty()
                            || ObjectNames.catalogListing(ParsedSql.of(qualified)).isEmpty()) {
                        missed.add(rs.getString(1) + "." + rs.getString(2));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT function_name FROM duckdb_functions()"
                    + " WHERE function_type = 'table' AND (function_name LIKE 'duckdb\\_%' ESCAPE '\\'"
                    + " OR function_name LIKE 'pragma\\_%' ESCAPE '\\' OR function_name LIKE 'pg\\_%' ESCAPE '\\')")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!HARMLESS.contains(name)
                            && ObjectNames.catalogListing(ParsedSql.of("SELECT * FROM " + name + "()")).isEmpty()) {
                        missed.add(name + "()");
                    }
                }
            }
        }
        assertTrue(missed.isEmpty(), "not recognised as catalog listings: " + missed);
    }
}
