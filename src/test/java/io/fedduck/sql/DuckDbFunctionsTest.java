package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DuckDbFunctions against the DuckDB FedDuck pins, with the extensions FedDuck loads: every function that
 * looks like it could touch files or the network is classified, so a new DuckDB version cannot slip one in.
 */
class DuckDbFunctionsTest {
    // The candidate patterns of DuckDbFunctions' derivation.
    private static final String TABLE_PATTERN = "^read_|scan|^glob|parquet|^sniff_|attach|csv|json|file|query"
            + "|execute|import|export|copy|iceberg|delta|http|logging|secret";
    private static final String OTHER_PATTERN = "^read_|scan|glob|parquet|^sniff_|attach|csv|file|query|execute"
            + "|http|^write|^load|s3|url";

    /** Candidates that were read and tried, and touch neither files nor the network; with why. */
    private static final Map<String, String> REVIEWED_HARMLESS = Map.ofEntries(
            Map.entry("seq_scan", "a test scan without input"),
            Map.entry("json_each", "the members of a JSON value"),
            Map.entry("json_tree", "the tree of a JSON value"),
            Map.entry("duckdb_external_file_cache", "lists the file cache's entries"),
            Map.entry("duckdb_temporary_files", "lists the instance's temporary files"),
            Map.entry("duckdb_secrets", "lists secrets, redacted (allow_unredacted_secrets stays off)"),
            Map.entry("duckdb_secret_types", "lists secret types"),
            Map.entry("which_secret", "names the secret a path would use"),
            Map.entry("current_query", "the text of the running query"),
            Map.entry("current_query_id", "the id of the running query"),
            Map.entry("parse_filename", "a string function"),
            Map.entry("url_encode", "a string function"),
            Map.entry("url_decode", "a string function"),
            Map.entry("write_log", "writes to DuckDB's log, which stays off (enable_logging is refused)"));

    /** Listed for other versions of the extensions; absent from the 1.4.4 ones. */
    private static final Set<String> ABSENT_IN_THIS_VERSION = Set.of("mysql_scan");

    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DuckDbWithExtensions.open();
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    private static Set<String> names(String sql) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase());
            }
        }
        return names;
    }

    @Test
    void everyCandidateDuckDbOffersIsClassified() throws SQLException {
        Set<String> candidates = names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN"
                + " ('table', 'table_macro') AND regexp_matches(lower(function_name), '" + TABLE_PATTERN + "')"
                + " OR function_type NOT IN ('table', 'table_macro', 'pragma')"
                + " AND regexp_matches(lower(function_name), '" + OTHER_PATTERN + "')");
        assertTrue(candidates.containsAll(Set.of("read_csv", "glob", "postgres_scan", "sqlite_scan", "mysql_query")),
                "the extensions are loaded: " + candidates);
        Set<String> unclassified = new TreeSet<>();
        for (String name : candidates) {
            if (!DuckDbFunctions.FORBIDDEN.contains(name) && !DuckDbFunctions.WRITE_CAPABLE.contains(name)
                    && !name.equals(StatementClassifier.QUERY_FUNCTION) && !REVIEWED_HARMLESS.containsKey(name)) {
                unclassified.add(name);
            }
        }
        assertEquals(Set.of(), unclassified, "DuckDB offers functions that may touch files or the network:"
                + " classify each in DuckDbFunctions (or, once read and tried, in REVIEWED_HARMLESS)");
    }

    @Test
    void everyCandidatePragmaIsRefused() throws SQLException {
        for (String pragma : names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type ="
                + " 'pragma' AND regexp_matches(lower(function_name), '" + TABLE_PATTERN + "')")) {
            assertTrue(!StatementClassifier.INFORMATIONAL_PRAGMAS.contains(pragma), pragma);
            assertTrue(StatementClassifier.refusal("PRAGMA " + pragma + "('x')", false, CallNames.NONE, "c")
                    .isPresent(), pragma);
        }
    }

    @Test
    void everyListedNameExistsInThisDuckDb() throws SQLException {
        Set<String> all = names("SELECT DISTINCT function_name FROM duckdb_functions()");
        Set<String> listed = new HashSet<>(DuckDbFunctions.FORBIDDEN);
        listed.addAll(DuckDbFunctions.WRITE_CAPABLE);
        listed.removeAll(ABSENT_IN_THIS_VERSION);
        listed.removeAll(all);
        assertEquals(Set.of(), listed, "names DuckDB does not know: a typo?");
        Set<String> pragmas = names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'pragma'");
        Set<String> informational = new HashSet<>(StatementClassifier.INFORMATIONAL_PRAGMAS);
        informational.removeAll(pragmas);
        assertEquals(Set.of(), informational, "informational PRAGMAs DuckDB does not know");
        for (String table : names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type ="
                + " 'table' AND function_name LIKE 'pragma\\_%' ESCAPE '\\'")) {
            assertTrue(StatementClassifier.INFORMATIONAL_PRAGMAS.contains(table.substring("pragma_".length())), table);
        }
    }

    @Test
    void theSetsDoNotOverlap() {
        List<Set<String>> sets = List.of(DuckDbFunctions.FILE_ACCESS, DuckDbFunctions.NETWORK_ACCESS,
                DuckDbFunctions.PROCESS_MEMORY, DuckDbFunctions.UNCHECKED_SQL, DuckDbFunctions.QUERY_LOG,
                DuckDbFunctions.WRITE_CAPABLE);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Set<String> set : sets) {
            seen.addAll(set);
            total += set.size();
        }
        assertEquals(total, seen.size());
        for (String name : DuckDbFunctions.FORBIDDEN) {
            assertTrue(DuckDbFunctions.reason(name) != null, name);
        }
    }
}
