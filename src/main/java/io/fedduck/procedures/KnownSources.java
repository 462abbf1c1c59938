package io.fedduck.procedures;

import io.fedduck.federation.SourceState;
import io.fedduck.federation.SourceStatus;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The connection_name check the source-reading table functions share: a temp table of the federation's
 * sources that each macro checks its argument against, and the same check in Java for string constants,
 * worded alike (SQLState 42704 for a constant, 22023 from the macro's error()).
 */
final class KnownSources {
    private KnownSources() {
    }

    /** Which sources a statement's calls name: every attached one when some name is not a constant. */
    record Selection(boolean everySource, Set<String> named) {
        boolean includes(SourceState state) {
            return state.status() == SourceStatus.CONNECTED
                    && (everySource || named.contains(state.name().toLowerCase(Locale.ROOT)));
        }
    }

    static void create(Statement s, String table) throws SQLException {
        s.execute("CREATE TEMP TABLE " + table + " (name VARCHAR, status VARCHAR, reason VARCHAR,"
                + " default_schema VARCHAR)");
    }

    /**
     * Checks the constant connection names of {@code calls} (throwing 42704 for a bad one) and says which
     * sources to read.
     */
    static Selection select(String function, List<SourceState> sources, List<Optional<String>> calls)
            throws SQLException {
        boolean everySource = calls.isEmpty() || calls.stream().anyMatch(Optional::isEmpty);
        Set<String> named = new HashSet<>();
        for (Optional<String> call : calls) {
            call.ifPresent(name -> named.add(name.toLowerCase(Locale.ROOT)));
        }
        if (!everySource) {
            // Constant names are checked here, for a precise SQLState; the macro checks the rest.
            for (Optional<String> call : calls) {
                String problem = problem(function, sources, call.orElseThrow());
                if (problem != null) {
                    throw SqlStates.undefinedObject(problem);
                }
            }
        }
        return new Selection(everySource, named);
    }

    /** Replaces the rows of {@code table} with the federation's sources. */
    static void fill(Connection session, String table, List<SourceState> sources) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("DELETE FROM temp.main." + table);
        }
        try (PreparedStatement insert = session.prepareStatement("INSERT INTO temp.main." + table
                + " VALUES (?, ?, ?, ?)")) {
            for (SourceState state : sources) {
                insert.setString(1, state.name());
                insert.setString(2, status(state));
                insert.setString(3, state.status() == SourceStatus.ERROR ? state.lastError() : null);
                insert.setString(4, SourceDialect.of(state.config().type()).defaultSchema(state.config()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * One row: how many sources of {@code table} match the macro parameter {@code parameter}, the first
     * one's name, state and default schema, and every known name.
     */
    static String matchSql(String table, String parameter) {
        return "SELECT count(*) AS matches, first(k.name) AS name, first(k.status) AS status,"
                + " first(k.reason) AS reason, first(k.default_schema) AS default_schema,"
                + " (SELECT string_agg(a.name, ', ' ORDER BY lower(a.name))"
                + " FROM temp.main." + table + " a) AS known"
                + " FROM temp.main." + table + " k WHERE lower(k.name) = lower(" + parameter + ")";
    }

    /**
     * The WHEN branches of a CASE that fail, as {@link #problem} words it, when the row {@code p} of
     * {@link #matchSql} names no attached source.
     */
    static String failures(String function, String parameter) {
        return " WHEN p.matches = 0 THEN error('" + function + ": unknown connection '''"
                + " || coalesce(" + parameter + ", 'NULL') || '''; known connections: ' || coalesce(p.known, 'none'))"
                + " WHEN p.status <> 'connected' THEN error('" + function + ": connection ''' || p.name"
                + " || ''' is not attached (status ' || p.status || coalesce(': ' || p.reason, '') || ')')";
    }

    /** Why {@code name} cannot be answered, or null; the macro words it the same way. */
    static String problem(String function, List<SourceState> sources, String name) {
        for (SourceState state : sources) {
            if (state.name().equalsIgnoreCase(name)) {
                if (state.status() == SourceStatus.CONNECTED) {
                    return null;
                }
                return function + ": connection '" + state.name() + "' is not attached (status "
                        + status(state) + (state.status() == SourceStatus.ERROR && state.lastError() != null
                        ? ": " + state.lastError() : "") + ")";
            }
        }
        String known = sources.stream().map(SourceState::name)
                .sorted(Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", "));
        return function + ": unknown connection '" + name + "'; known connections: "
                + (known.isEmpty() ? "none" : known);
    }

    private static String status(SourceState state) {
        return state.status().name().toLowerCase(Locale.ROOT);
    }
}
