package io.fedduck.sql;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which DuckDB settings SQL on a FedDuck connection may change: an allow-list of settings that stay in the
 * connection's own session and that tools send, whatever the spelling ({@code SET}, {@code RESET},
 * {@code PRAGMA name = value}, {@code PRAGMA enable_progress_bar}). Everything else is refused on every
 * connection, read-only or not: the DuckDB instance is shared by every connection of a federation, and
 * settings such as {@code max_expression_depth}, {@code memory_limit}, {@code threads},
 * {@code temp_directory}, {@code profiling_output} or the extensions' debug switches protect the process or
 * let DuckDB write files.
 *
 * <p>Scopes as checked on duckdb_jdbc 1.4.4.0 with two {@code duplicate()}d connections: a plain {@code SET}
 * or {@code RESET} (DuckDB's automatic scope) of the {@link #SESSION} settings changes only the
 * connection that runs it; for {@link #SESSION_SCOPE_ONLY} it changes the instance default of every
 * connection, and only {@code SET SESSION} / {@code RESET SESSION} stay in the session.
 */
public final class SessionSettings {

    /** How a statement scopes a setting change. */
    public enum Scope {
        /** No scope keyword: DuckDB picks the setting's own default scope. */
        AUTOMATIC,
        /** {@code SESSION} or {@code LOCAL} (DuckDB 1.4 does not implement LOCAL, so it fails there). */
        SESSION,
        /** {@code GLOBAL}: the whole DuckDB instance. */
        GLOBAL
    }

    /**
     * Settings FedDuck relies on (secrets, extensions, external access, MySQL's UTC session, process-wide
     * debug output, the instance-wide query log). Never changed by SQL (no setting outside the allow-list
     * is) and refused as connection properties too.
     */
    public static final Set<String> MANAGED = Set.of(
            "enable_external_access", "lock_configuration", "allowed_directories", "allowed_paths",
            "secret_directory", "allow_persistent_secrets", "allow_unredacted_secrets", "extension_directory",
            "custom_extension_repository", "autoinstall_extension_repository", "autoinstall_known_extensions",
            "autoload_known_extensions", "allow_community_extensions", "allow_unsigned_extensions",
            "enable_logging", "logging_storage", "logging_level", "enabled_log_types", "disabled_log_types",
            "mysql_session_time_zone", "mysql_experimental_filter_pushdown", "pg_connection_cache", "pg_debug_show_queries",
            "mysql_debug_show_queries", "sqlite_debug_show_queries");

    /**
     * Settings a connection may change with any spelling but GLOBAL, lower case. {@code sqlite_all_varchar}
     * is read when a SQLite table is bound, per connection, and is the documented way to read SQLite columns
     * with mixed values (docs/type-mapping.md); the {@code mysql_*} type settings are not here, since the
     * mysql extension caches table entries for every connection.
     */
    public static final Set<String> SESSION = Set.of(
            "timezone", "calendar", "search_path", "schema", "enable_progress_bar", "enable_progress_bar_print",
            "progress_bar_time", "errors_as_json", "explain_output", "sqlite_all_varchar");

    /** Settings a connection may change only with {@code SET SESSION} or {@code RESET SESSION}, lower case. */
    public static final Set<String> SESSION_SCOPE_ONLY = Set.of("default_null_order", "default_order");

    /**
     * PRAGMAs without arguments that only switch an allowed setting: the setting each one changes (in its
     * automatic scope, which is the session for these).
     */
    static final Map<String, String> SETTING_PRAGMAS = Map.of(
            "enable_progress_bar", "enable_progress_bar", "disable_progress_bar", "enable_progress_bar",
            "enable_print_progress_bar", "enable_progress_bar_print",
            "disable_print_progress_bar", "enable_progress_bar_print");

    // A name that may appear in a message: what a setting name looks like. Anything else is user text
    // (perhaps a pasted secret) and is not echoed.
    private static final Pattern NAMEABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SessionSettings() {
    }

    /** True when a connection may change {@code name} (any case) with {@code scope}. */
    public static boolean allowed(String name, Scope scope) {
        return whyRefused(name, scope) == null;
    }

    /**
     * Null when a connection may change {@code name} with {@code scope}; otherwise why not, naming the
     * setting only when it looks like a setting name.
     *
     * @param name the setting's name, any case, or null when the statement names none that can be read
     */
    static String whyRefused(String name, Scope scope) {
        String n = name == null ? null : name.toLowerCase(Locale.ROOT);
        if (n != null && MANAGED.contains(n)) {
            return n + " is managed by FedDuck (it guards secrets, extensions, external access, the query log"
                    + " or MySQL's UTC session)";
        }
        if (n != null && SESSION.contains(n) && scope != Scope.GLOBAL) {
            return null;
        }
        if (n != null && SESSION_SCOPE_ONLY.contains(n) && scope == Scope.SESSION) {
            return null;
        }
        if (scope == Scope.GLOBAL) {
            return "GLOBAL changes the DuckDB instance every connection of this federation shares";
        }
        if (n != null && SESSION_SCOPE_ONLY.contains(n)) {
            return "without SESSION, " + n + " changes the default of every connection of this federation;"
                    + " write SET SESSION " + n + " = ...";
        }
        return "a connection may change only its own session settings (" + allowList()
                + ") and SET VARIABLE; " + (n == null ? "this is not one of them" : forMessage(n)
                + " is not one of them");
    }

    /** {@code name} for a message: itself when it looks like a setting name, else a neutral word. */
    static String forMessage(String name) {
        if (name == null) {
            return "a setting";
        }
        String n = name.toLowerCase(Locale.ROOT);
        return NAMEABLE.matcher(n).matches() ? n : "a setting";
    }

    private static String allowList() {
        return "TimeZone, Calendar, search_path, schema, enable_progress_bar, enable_progress_bar_print,"
                + " progress_bar_time, errors_as_json, explain_output, sqlite_all_varchar; default_null_order"
                + " and default_order with SET SESSION";
    }
}
