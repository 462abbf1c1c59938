package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sql.Refusal.Reason;
import io.fedduck.sql.SessionSettings.Scope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every spelling of a setting change: only the session allow-list passes, on any connection. */
class SessionSettingsTest {
    private static final String LABEL = "FedDuck connection 5";

    private static Optional<Refusal> refusal(String sql, boolean readOnly) {
        return StatementClassifier.refusal(sql, readOnly, CallNames.NONE, LABEL);
    }

    /** Every allowed spelling. */
    static List<String> allowedSpellings() {
        return List.of(
                "SET TimeZone='UTC'",
                "SET timezone TO 'America/New_York'",
                "SET TIME ZONE 'UTC'",
                "set time zone 'UTC'",
                "SET \"TimeZone\" = 'UTC'",
                "SET \"TIMEZONE\" = 'UTC'",
                "SET SESSION TimeZone = 'UTC'",
                "PRAGMA TimeZone='UTC'",
                "PRAGMA timezone = 'UTC'",
                "RESET TimeZone",
                "RESET SESSION TimeZone",
                "SET Calendar = 'gregorian'",
                "SET search_path = 'pg.public'",
                "SET schema = 'main'",
                "SET enable_progress_bar = true",
                "SET enable_progress_bar_print = false",
                "SET progress_bar_time = 100",
                "PRAGMA enable_progress_bar",
                "PRAGMA disable_progress_bar",
                "PRAGMA enable_print_progress_bar",
                "PRAGMA disable_print_progress_bar",
                "SET errors_as_json = true",
                "SET explain_output = 'all'",
                "SET sqlite_all_varchar = true",
                "SET SESSION default_null_order = 'nulls_first'",
                "SET SESSION default_order TO 'desc'",
                "SET LOCAL default_order = 'desc'",
                "RESET SESSION default_null_order",
                "SET VARIABLE v = 42",
                "RESET VARIABLE v",
                "USE memory.main",
                "PRAGMA table_info('t')",
                "PRAGMA show_tables",
                "PRAGMA database_list",
                "PRAGMA version",
                "CALL pragma_table_info('t')",
                "SELECT * FROM pragma_version()",
                "SET TimeZone = 'UTC'; SET search_path = 'pg.public'; SELECT 1");
    }

    @ParameterizedTest
    @MethodSource("allowedSpellings")
    void theSessionAllowListPassesOnEveryConnection(String sql) {
        for (boolean readOnly : new boolean[] {true, false}) {
            assertEquals(Optional.empty(), refusal(sql, readOnly), sql);
        }
        assertTrue(StatementClassifier.classify(sql).statements().stream()
                .allMatch(s -> s.kind() != StatementKind.MANAGED), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the findings: DuckDB's PRAGMA spelling of SET, a JVM crash, a file DuckDB overwrites
        "PRAGMA enable_logging=true",
        "PRAGMA pg_debug_show_queries=true",
        "PRAGMA mysql_session_time_zone='+05:00'",
        "SET max_expression_depth TO 100000000",
        "SET profiling_output='/some/file'",
        // every other spelling
        "SET max_expression_depth = 100000000",
        "SET \"max_expression_depth\" = 100000000",
        "SET \"Max_Expression_Depth\" = 100000000",
        "set MAX_EXPRESSION_DEPTH=100000000",
        "SET SESSION max_expression_depth = 100000000",
        "SET LOCAL max_expression_depth = 100000000",
        "SET GLOBAL max_expression_depth = 100000000",
        "PRAGMA max_expression_depth=100000000",
        "PRAGMA max_expression_depth = 100000000",
        "pragma \"MAX_EXPRESSION_DEPTH\" = 100000000",
        "RESET max_expression_depth",
        "RESET SESSION max_expression_depth",
        "RESET ALL",
        "SET memory_limit = '100GB'",
        "SET threads TO 64",
        "PRAGMA threads=64",
        "PRAGMA threads = 64",
        "PRAGMA threads(64)",
        "SET temp_directory = '/tmp/x'",
        "SET enable_profiling = 'json'",
        "PRAGMA enable_profiling",
        "PRAGMA enable_profiling = 'json'",
        "PRAGMA enable_profile",
        "PRAGMA disable_profiling",
        "PRAGMA profiling_output = '/some/file'",
        "SET profiling_mode = 'detailed'",
        "SET enable_http_logging = true",
        "SET http_logging_output = '/some/file'",
        "SET enable_logging = true",
        "SET GLOBAL enable_logging = true",
        "SET mysql_debug_show_queries = true",
        "SET sqlite_debug_show_queries = true",
        "SET pg_debug_show_queries = true",
        "SET mysql_session_time_zone = '+05:00'",
        "SET streaming_buffer_size = '100GB'",
        "SET mysql_tinyint1_as_boolean = false",
        "SET SESSION mysql_time_as_time = true",
        "SET default_null_order = 'nulls_first'",
        "SET default_order TO 'desc'",
        "PRAGMA default_order = 'desc'",
        "RESET default_null_order",
        "SET GLOBAL default_order = 'desc'",
        "SET GLOBAL TimeZone = 'UTC'",
        "RESET GLOBAL TimeZone",
        "SET GLOBAL VARIABLE v = 1",
        "SET enable_external_access = true",
        "SET allowed_directories = ['/']",
        "SET a.b = 1",
        "PRAGMA disable_optimizer",
        "PRAGMA enable_verification",
        "PRAGMA enable_checkpoint_on_shutdown",
        "PRAGMA force_checkpoint",
        "PRAGMA import_database('dir')",
        "PRAGMA copy_database(a, b)",
        "PRAGMA json_execute_serialized_sql('{}')",
        "PRAGMA",
        "PRAGMA 'x'",
        "PRAGMA table_info = 3",
        "CALL pragma_enable_profiling()",
        "SELECT * FROM pragma_threads()",
        // inside multi-statement text
        "SELECT 1; SET max_expression_depth TO 100000000",
        "SET TimeZone = 'UTC'; PRAGMA enable_profiling; SELECT 1",
        "BEGIN; PRAGMA threads = 1; COMMIT",
    })
    void everyOtherSettingChangeIsRefusedOnEveryConnection(String sql) {
        for (boolean readOnly : new boolean[] {true, false}) {
            Refusal refused = refusal(sql, readOnly).orElseThrow(() -> new AssertionError("not refused: " + sql));
            assertEquals(Reason.FORBIDDEN, refused.reason(), sql);
            assertTrue(refused.message().startsWith(LABEL + " refuses "), refused.message());
        }
    }

    /**
     * Against DuckDB itself: each allowed spelling, run on one of two connections of one instance, leaves
     * every setting the other connection sees as it was (checked for default_null_order, which a plain SET
     * changes for every connection).
     */
    @Test
    void allowedSpellingsChangeNothingAnotherConnectionSees() throws Exception {
        List<String> allowed = new ArrayList<>(allowedSpellings());
        allowed.addAll(List.of("SET SESSION default_null_order = 'nulls_first'; RESET SESSION default_null_order",
                "SET sqlite_all_varchar = true; RESET sqlite_all_varchar"));
        try (DuckDBConnection root = DuckDbWithExtensions.open()) {
            for (String sql : allowed) {
                try (Connection changer = root.duplicate(); Connection other = root.duplicate()) {
                    String before = settings(other);
                    try (Statement s = changer.createStatement()) {
                        s.execute(sql);
                    } catch (SQLException e) {
                        // SET LOCAL is not implemented, pragma_table_info('t') has no table: nothing changed
                    }
                    assertEquals(before, settings(other), sql);
                }
            }
            try (Connection changer = root.duplicate(); Connection other = root.duplicate();
                 Statement s = changer.createStatement()) {
                String before = settings(other);
                s.execute("SET default_null_order = 'nulls_first'");
                assertFalse(before.equals(settings(other)), "a plain SET of default_null_order is instance-wide");
                s.execute("RESET GLOBAL default_null_order");
            }
        }
    }

    private static String settings(Connection c) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, value FROM duckdb_settings() ORDER BY name")) {
            while (rs.next()) {
                all.append(rs.getString(1)).append('=').append(rs.getString(2)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void theRefusalNamesTheSettingButNoValue() {
        String message = refusal("SET max_expression_depth TO 100000000", false).orElseThrow().message();
        assertEquals(LABEL + " refuses SET max_expression_depth (statement 1 of 1): a connection may change only"
                + " its own session settings (TimeZone, Calendar, search_path, schema, enable_progress_bar,"
                + " enable_progress_bar_print, progress_bar_time, errors_as_json, explain_output,"
                + " sqlite_all_varchar; default_null_order and default_order with SET SESSION) and SET VARIABLE;"
                + " max_expression_depth is not one of them.", message);
        assertTrue(refusal("PRAGMA \"Max_Expression_Depth\" = 7", true).orElseThrow().message()
                .contains("refuses PRAGMA max_expression_depth (statement 1 of 1)"));
        assertTrue(refusal("SELECT 1; PRAGMA enable_logging=true", true).orElseThrow().message()
                .contains("refuses PRAGMA enable_logging (statement 2 of 2): enable_logging is managed by FedDuck"));
        assertTrue(refusal("SET default_order = 'desc'", true).orElseThrow().message()
                .contains("write SET SESSION default_order = ..."));
        assertTrue(refusal("PRAGMA enable_profiling", true).orElseThrow().message()
                .contains("refuses PRAGMA enable_profiling (statement 1 of 1): only informational PRAGMAs"));
        String secret = refusal("SET threads = 'pw-123'; SET \"hunter2 is my password\" = 'pw-456'", false)
                .orElseThrow().message();
        assertFalse(secret.contains("pw-123"), secret);
        secret = refusal("SET \"hunter2 is my password\" = 'pw-456'", false).orElseThrow().message();
        assertFalse(secret.contains("hunter2") || secret.contains("password") || secret.contains("pw-456"), secret);
        assertTrue(secret.contains("refuses SET a setting"), secret);
    }

    @Test
    void theAllowListIsWhatTheMessageSaysAndKeepsManagedSettingsOut() {
        String message = SessionSettings.whyRefused("threads", Scope.AUTOMATIC).toLowerCase();
        Set<String> allowed = new HashSet<>(SessionSettings.SESSION);
        allowed.addAll(SessionSettings.SESSION_SCOPE_ONLY);
        for (String name : allowed) {
            assertTrue(message.contains(name), name);
            assertFalse(SessionSettings.MANAGED.contains(name), name);
        }
        for (String protecting : List.of("max_expression_depth", "memory_limit", "max_memory", "threads",
                "worker_threads", "temp_directory", "max_temp_directory_size", "profiling_output",
                "enable_profiling", "profiling_mode", "enable_http_logging", "http_logging_output",
                "streaming_buffer_size", "home_directory", "file_search_path")) {
            for (Scope scope : Scope.values()) {
                assertFalse(SessionSettings.allowed(protecting, scope), protecting + " " + scope);
            }
        }
        for (String name : SessionSettings.MANAGED) {
            for (Scope scope : Scope.values()) {
                assertTrue(SessionSettings.whyRefused(name, scope).contains("managed by FedDuck"), name);
            }
        }
        for (String setting : SessionSettings.SETTING_PRAGMAS.values()) {
            assertTrue(SessionSettings.allowed(setting, Scope.AUTOMATIC), setting);
        }
    }

    @Test
    void aRefusedSettingIsManagedAndAnAllowedOneIsSession() {
        ClassifiedStatement refused = StatementClassifier.classify("SET \"Max_Expression_Depth\" = 5").statements().get(0);
        assertEquals(StatementKind.MANAGED, refused.kind());
        assertEquals("max_expression_depth", refused.settingName());
        ClassifiedStatement allowed = StatementClassifier.classify("SET TIME ZONE 'UTC'").statements().get(0);
        assertEquals(StatementKind.SESSION, allowed.kind());
        assertEquals("timezone", allowed.settingName());
        assertEquals("enable_progress_bar",
                StatementClassifier.classify("PRAGMA disable_progress_bar").statements().get(0).settingName());
    }
}
