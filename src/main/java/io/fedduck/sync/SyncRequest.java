package io.fedduck.sync;

import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments of one {@code CALL sync_table(...)}, checked: every value is known and in range before
 * anything runs.
 *
 * @param primaryKey the key columns the caller named; empty means the source's primary key
 */
public record SyncRequest(String connectionName, String sourceTable, String localTable, Mode mode,
                          String incrementalColumn, String whereClause, List<String> primaryKey,
                          Conflict conflict, long batchSize, SchemaChange onSchemaChange, boolean replace) {

    static final String PROCEDURE = "sync_table";

    /** full copies everything; incremental fetches rows at or above the watermark. */
    public enum Mode { FULL, INCREMENTAL }

    /** What an incremental run does with a fetched row whose key is already in the local table. */
    public enum Conflict { UPSERT, APPEND, ERROR }

    /** What a run does when the source's columns differ from those of the last run. */
    public enum SchemaChange { FAIL, EVOLVE }

    public SyncRequest {
        primaryKey = List.copyOf(primaryKey);
    }

    /** The procedure's arguments by lower-case name, as DuckDB bound them. */
    public static SyncRequest of(Map<String, Object> args) throws SQLException {
        String connection = required(args, "connection_name");
        String source = required(args, "source_table");
        String local = required(args, "local_table");
        Mode mode = choice(Mode.class, args, "sync_mode");
        String incremental = optional(args, "incremental_column");
        if (mode == Mode.INCREMENTAL && incremental == null) {
            throw SqlStates.invalidValue(PROCEDURE + ": sync_mode 'incremental' needs incremental_column (a"
                    + " timestamp, date or integer column that grows on every insert and update)");
        }
        long batchSize = number(args, "batch_size");
        if (batchSize < 1) {
            throw SqlStates.invalidValue(PROCEDURE + ": batch_size must be at least 1, got " + batchSize);
        }
        return new SyncRequest(connection, source, local, mode, incremental, optional(args, "where_clause"),
                columnList(optional(args, "primary_key")), choice(Conflict.class, args, "conflict"), batchSize,
                choice(SchemaChange.class, args, "on_schema_change"), Boolean.TRUE.equals(args.get("replace")));
    }

    private static String required(Map<String, Object> args, String name) throws SQLException {
        String value = optional(args, name);
        if (value == null) {
            throw SqlStates.invalidValue(PROCEDURE + ": " + name + " must be given (not NULL or empty)");
        }
        return value;
    }

    private static String optional(Map<String, Object> args, String name) {
        Object value = args.get(name);
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }

    private static long number(Map<String, Object> args, String name) throws SQLException {
        Object value = args.get(name);
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw SqlStates.invalidValue(PROCEDURE + ": " + name + " must be a whole number, got '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, Map<String, Object> args, String name)
            throws SQLException {
        String value = optional(args, name);
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String spelled = constant.name().toLowerCase(Locale.ROOT);
            if (spelled.equalsIgnoreCase(value)) {
                return constant;
            }
            allowed.add("'" + spelled + "'");
        }
        throw SqlStates.invalidValue(PROCEDURE + ": " + name + " must be one of " + String.join(", ", allowed)
                + ", got " + (value == null ? "NULL" : "'" + value + "'"));
    }

    /** {@code a, b} or {@code "Odd, Name", c}: column names separated by commas, each plain or quoted. */
    static List<String> columnList(String text) throws SQLException {
        List<String> names = new ArrayList<>();
        if (text == null) {
            return names;
        }
        for (String part : NameParts.split(text, ',')) {
            names.add(NameParts.unquote(part.strip(), "primary_key"));
        }
        return names;
    }

    /** The mode's name as SQL spells it. */
    public String modeName() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
