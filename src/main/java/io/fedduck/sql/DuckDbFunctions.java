package io.fedduck.sql;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * DuckDB's functions that reach outside the configured sources (files, connections of their own, process
 * memory, SQL FedDuck cannot see, the instance-wide query log) or run SQL on a source: the one list the
 * classifier and sync_table's where_clause check refuse from. All names lower case.
 *
 * <p>Derived from DuckDB itself, not from memory: {@code SELECT function_name, function_type FROM
 * duckdb_functions()} on duckdb_jdbc 1.4.4.0 with the postgres, mysql and sqlite extensions loaded; the
 * candidates are the table functions, table macros and PRAGMAs whose name matches
 * {@code ^read_|scan|^glob|parquet|^sniff_|attach|csv|json|file|query|execute|import|export|copy|iceberg|delta|http|logging|secret}
 * and the other functions whose name matches
 * {@code ^read_|scan|glob|parquet|^sniff_|attach|csv|file|query|execute|http|^write|^load|s3|url}; each
 * was read in DuckDB's documentation and tried. 1.4.4 has no scalar function that touches files, and no
 * iceberg or delta functions without those extensions (which FedDuck never loads). {@code
 * DuckDbFunctionsTest} repeats the derivation and fails when a DuckDB version offers a candidate that
 * neither this class nor the test's list of reviewed harmless functions classifies. PRAGMAs are not
 * listed: every PRAGMA that is not informational is refused anyway
 * ({@link StatementClassifier#INFORMATIONAL_PRAGMAS}).
 */
public final class DuckDbFunctions {

    /** Read files (or list them) on the machine FedDuck runs on, or over any URL a loaded file system serves. */
    public static final Set<String> FILE_ACCESS = Set.of(
            "read_csv", "read_csv_auto", "sniff_csv",
            "read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto",
            "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
            "read_parquet", "parquet_scan", "parquet_metadata", "parquet_file_metadata", "parquet_kv_metadata",
            "parquet_schema", "parquet_bloom_probe",
            "read_text", "read_blob", "glob",
            // the sqlite extension opens the file itself (native sqlite3 I/O, around DuckDB's file system)
            "sqlite_scan", "sqlite_attach");

    /**
     * Open a connection of their own from a connection string, around the configured sources, their secrets
     * and their read-only setting. {@code mysql_scan} is gone from the 1.4 mysql extension; it stays
     * listed for older or newer ones.
     */
    public static final Set<String> NETWORK_ACCESS = Set.of(
            "postgres_scan", "postgres_scan_pushdown", "postgres_attach", "mysql_scan");

    /** Read process memory at an address they are given: a wrong one crashes the JVM. */
    public static final Set<String> PROCESS_MEMORY = Set.of("arrow_scan", "arrow_scan_dumb");

    /**
     * Run SQL or resolve names FedDuck cannot check: a serialized plan, or table names given as strings at
     * run time ({@code query_table('x' || '.csv')} reads a file). {@code query} is handled apart:
     * {@link StatementClassifier#QUERY_FUNCTION}.
     */
    public static final Set<String> UNCHECKED_SQL = Set.of("json_execute_serialized_sql", "query_table",
            "histogram_values", "json_serialize_plan");

    /** Switch or empty DuckDB's instance-wide query log, which would record every connection's SQL. */
    public static final Set<String> QUERY_LOG = Set.of("enable_logging", "disable_logging", "truncate_duckdb_logs");

    /**
     * Run the given SQL on an attached source as it is, so can write (a writable CTE, RETURNING, DDL):
     * refused on read-only connections only.
     */
    public static final Set<String> WRITE_CAPABLE = Set.of(
            "postgres_execute", "mysql_execute", "postgres_query", "mysql_query", "sqlite_query");

    /** Every function refused on every connection: the union of the sets above but {@link #WRITE_CAPABLE}. */
    public static final Set<String> FORBIDDEN = union(FILE_ACCESS, NETWORK_ACCESS, PROCESS_MEMORY, UNCHECKED_SQL,
            QUERY_LOG);

    private static final Map<String, String> SPECIFIC_REASONS = Map.of(
            "postgres_attach", "attaches a database from its own connection string; "
                    + "add the database to the connections file and query <source>.<schema>.<table>",
            "sqlite_attach", "attaches a SQLite file directly; "
                    + "add the file to the connections file and query <source>.main.<table>",
            "sqlite_scan", "reads a SQLite file directly; "
                    + "add the file to the connections file and query <source>.main.<table>",
            "mysql_scan", "opens its own connection from a connection string; "
                    + "query the attached catalog instead, e.g. SELECT * FROM <source>.<database>.<table>",
            "json_execute_serialized_sql", "runs a serialized query that FedDuck cannot check; "
                    + "write the query as SQL instead",
            "query_table", "resolves table names given as strings at run time, file names included;"
                    + " name the table in the SQL instead",
            "histogram_values", "resolves its table name, given as a string, at run time (a file name too, through"
                    + " query_table); use the histogram() aggregate over the table instead",
            "json_serialize_plan", "binds SQL given as a string, which FedDuck cannot check, and answers with the"
                    + " names and columns it found; use EXPLAIN instead");

    private DuckDbFunctions() {
    }

    /** True when {@code name} (lower case) reads or writes files or opens a connection of its own. */
    public static boolean touchesFilesOrNetwork(String name) {
        return FILE_ACCESS.contains(name) || NETWORK_ACCESS.contains(name);
    }

    /** Why {@code name}, one of {@link #FORBIDDEN}, is refused, and what to do instead; null for others. */
    static String reason(String name) {
        String specific = SPECIFIC_REASONS.get(name);
        if (specific != null) {
            return specific;
        }
        if (FILE_ACCESS.contains(name)) {
            return "reads files on the machine FedDuck runs on; FedDuck reads only the sources of its"
                    + " connections file";
        }
        if (NETWORK_ACCESS.contains(name)) {
            return "opens its own connection from a connection string; "
                    + "query the attached catalog instead, e.g. SELECT * FROM <source>.public.<table>";
        }
        if (PROCESS_MEMORY.contains(name)) {
            return "reads process memory at the address it is given, and a wrong one crashes the JVM";
        }
        if (QUERY_LOG.contains(name)) {
            return "switches DuckDB's instance-wide query log, which would record every connection's SQL;"
                    + " FedDuck's audit_log property records statements instead";
        }
        return null;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
