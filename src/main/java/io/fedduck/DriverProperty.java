package io.fedduck;

import io.fedduck.internal.SqlStates;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every connection property FedDuck understands: name, default, description and allowed values in one
 * place. This enum feeds {@link FedDuckDriver#getPropertyInfo}, the parsing in {@link ConnectionSettings}
 * and the property table in README.md (a unit test keeps the two equal).
 */
public enum DriverProperty {
    CONFIG("config", null,
            "Path of the connections file (YAML). Default: the environment variable FEDDUCK_CONFIG, else"
                    + " ./connections.yaml when it exists, else no remote sources."),
    MASTER_KEY_FILE("master_key_file", null,
            "Path of an owner-only file with the master key of the connections file's ENC(...) credentials; it"
                    + " wins over the file's own master_key_file and the environment variable FEDDUCK_MASTER_KEY."),
    READ_ONLY("read_only", "false",
            "Write nothing: every statement runs in a DuckDB read-only transaction, and FedDuck refuses"
                    + " writes and the remote query/execute functions before they run. When true it is a floor"
                    + " that Connection.setReadOnly(false) cannot lower; when false, Connection.setReadOnly"
                    + " decides per connection.",
            "true", "false"),
    QUERY_TIMEOUT("query_timeout", "0",
            "Default query timeout in seconds for every statement of the connection; 0 means none."
                    + " Statement.setQueryTimeout overrides it per statement."),
    LARGE_RESULT_ROWS("large_result_rows", "1000000",
            "A result read past this many rows while the statement has no max rows gets a SQLWarning (on the"
                    + " ResultSet), a hint that a LIMIT or setMaxRows would read less; 0 means never."),
    METADATA_TTL("metadata_ttl", "60",
            "Seconds after which FedDuck empties DuckDB's cached view of the sources' tables and columns before"
                    + " the next catalog read (DatabaseMetaData, list_remote_tables, describe_remote_table), so a"
                    + " table or column created in a source shows up within that time without refresh_database;"
                    + " 0 means always ask the source again."),
    HEALTH_CHECK_INTERVAL("health_check_interval", "0",
            "Seconds between health checks of every attached source in the background (one round trip each;"
                    + " list_database_connections shows the outcome, and statements on a source found down fail"
                    + " fast); 0 means none, checks then run when list_database_connections or check_connections"
                    + " is called and when a statement fails on a source. The shortest interval asked for by the"
                    + " open connections of a federation applies."),
    VALID_REQUIRES("valid_requires", null,
            "Name of a source that Connection.isValid also requires to answer (a health check within isValid's"
                    + " timeout, at most 1.5 s), for a pool that must not hand out connections while that source is"
                    + " down. Default: isValid reflects the FedDuck connection and its local engine only."),
    FAIL_FAST("fail_fast", "false",
            "Fail connect when any configured source cannot be attached, instead of reporting it as a"
                    + " SQLWarning and retrying it on a later connect.",
            "true", "false"),
    LOCKDOWN("lockdown", "true",
            "Switch off DuckDB's external access once the configured sources are attached: no statement can"
                    + " read or write files other than the local database and its temp directory, nor attach"
                    + " anything. Sources cannot be added or attached later (connect_database, a retry of a"
                    + " source that was down at start); set false on a personal machine that needs those.",
            "true", "false"),
    EXTENSION_DIRECTORY("extension_directory", null,
            "Directory with DuckDB extensions in DuckDB's layout (v1.4.4/PLATFORM/NAME.duckdb_extension)."
                    + " When set and extension_repository is not, extensions are never downloaded."),
    EXTENSION_REPOSITORY("extension_repository", null,
            "Repository to install missing extensions from (a local directory or an http(s) URL in DuckDB's"
                    + " repository layout). Default: DuckDB's own repository, unless extension_directory is set."),
    AUDIT_LOG("audit_log", null,
            "File to append one JSON line per statement to (time, connection id, user, masked SQL, duration,"
                    + " rows, outcome, kind, sources named), and one when a connection opens and closes. Default: no"
                    + " audit log."),
    AUDIT_LEVEL("audit_level", "all",
            "Which statements the audit log records: all, or sensitive (writes, procedures, session and setting"
                    + " changes, refused, failed and cancelled statements, connects and disconnects; not plain"
                    + " reads). At either level, a sensitive record is on disk (fsync) before the statement returns.",
            "all", "sensitive"),
    AUDIT_MAX_SIZE("audit_max_size", "100",
            "Megabytes past which the audit log is renamed to <file>.<UTC time> and a new file begun, between two"
                    + " records (none is lost); rotated files are kept. 0 means never. The first connection that"
                    + " opens a file sets it."),
    TIME_ZONE("time_zone", "UTC",
            "DuckDB session time zone of every connection. MySQL TIMESTAMP values always arrive in UTC."),
    PUSHDOWN("pushdown", "auto",
            "auto: a SELECT of one PostgreSQL or MySQL table, or of several of one source joined (JOIN, LEFT JOIN,"
                    + " comma), that the source computes exactly as DuckDB would"
                    + " (filters, sorting, limits, count/sum/min/max, GROUP BY, DISTINCT) runs on the source as one"
                    + " query, so it uses its indexes, and a statement's max rows become its LIMIT; any other"
                    + " statement (a cross-source join) reads each such table that has conditions of its own through"
                    + " a query of its source that applies them; off: every"
                    + " statement runs in DuckDB as written. The option pushdown: false of a connection turns it off for that"
                    + " source. See docs/pushdown.md.",
            "auto", "off"),
    USER("user", null,
            "Who connects: under the connections file's access rules the user whose role applies (none: the"
                    + " default_role); always the name recorded as the user in the audit log. Default: the"
                    + " operating-system user of the JVM (for the audit log only)."),
    PASSWORD("password", null,
            "Checked only for a user the access rules give a password hash; otherwise ignored (source"
                    + " credentials live in the connections file). Never logged.");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final List<String> choices;

    DriverProperty(String key, String defaultValue, String description, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = List.of(choices);
    }

    public String key() {
        return key;
    }

    /** The default as a string, or null when the property has none (or a computed one). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public List<String> choices() {
        return choices;
    }

    public static Optional<DriverProperty> byKey(String key) {
        String wanted = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.key.equals(wanted)).findFirst();
    }

    DriverPropertyInfo toInfo(String currentValue) {
        DriverPropertyInfo info = new DriverPropertyInfo(key, currentValue != null ? currentValue : defaultValue);
        info.description = description;
        info.required = false;
        info.choices = choices.isEmpty() ? null : choices.toArray(String[]::new);
        return info;
    }

    /** Parses a boolean value, naming the property when the value is neither true nor false. */
    boolean parseBoolean(String value) throws SQLException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw SqlStates.invalidValue("FedDuck property '" + key + "' must be true or false, not '" + value + "'");
    }

    /** Parses one of the property's choices (ignoring case), naming the property and the choices otherwise. */
    String parseChoice(String value) throws SQLException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (choices.contains(v)) {
            return v;
        }
        throw SqlStates.invalidValue("FedDuck property '" + key + "' must be one of " + String.join(", ", choices)
                + ", not '" + value + "'");
    }

    /** Parses a non-negative integer of seconds, naming the property when the value is not one. */
    long parseCount(String value) throws SQLException {
        try {
            long count = Long.parseLong(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw SqlStates.invalidValue(
                "FedDuck property '" + key + "' must be a whole number (0 or more), not '" + value + "'");
    }

    int parseSeconds(String value) throws SQLException {
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw SqlStates.invalidValue(
                "FedDuck property '" + key + "' must be a whole number of seconds (0 or more), not '" + value + "'");
    }
}
