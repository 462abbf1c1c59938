package io.fedduck.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncRequestTest {

    /** The arguments as DuckDB binds them with the procedure's defaults. */
    private static Map<String, Object> defaults() {
        Map<String, Object> args = new HashMap<>();
        args.put("connection_name", "pg");
        args.put("source_table", "public.orders");
        args.put("local_table", "orders");
        args.put("sync_mode", "full");
        args.put("incremental_column", null);
        args.put("where_clause", null);
        args.put("primary_key", null);
        args.put("conflict", "upsert");
        args.put("batch_size", 1_000_000);
        args.put("on_schema_change", "fail");
        args.put("replace", false);
        return args;
    }

    @Test
    void defaultsGiveAFullSyncWithoutReplace() throws SQLException {
        SyncRequest r = SyncRequest.of(defaults());
        assertEquals(SyncRequest.Mode.FULL, r.mode());
        assertEquals(SyncRequest.Conflict.UPSERT, r.conflict());
        assertEquals(SyncRequest.SchemaChange.FAIL, r.onSchemaChange());
        assertEquals(1_000_000, r.batchSize());
        assertEquals(List.of(), r.primaryKey());
        assertFalse(r.replace());
        assertEquals("full", r.modeName());
    }

    @Test
    void choicesAreCaseInsensitiveAndKeysMayBeQuoted() throws SQLException {
        Map<String, Object> args = defaults();
        args.put("sync_mode", "INCREMENTAL");
        args.put("incremental_column", "updated_at");
        args.put("conflict", "Append");
        args.put("on_schema_change", "evolve");
        args.put("primary_key", "region, \"Odd, Name\", \"a\"\"b\"");
        args.put("replace", true);
        SyncRequest r = SyncRequest.of(args);
        assertEquals(SyncRequest.Mode.INCREMENTAL, r.mode());
        assertEquals(SyncRequest.Conflict.APPEND, r.conflict());
        assertEquals(SyncRequest.SchemaChange.EVOLVE, r.onSchemaChange());
        assertEquals(List.of("region", "Odd, Name", "a\"b"), r.primaryKey());
        assertTrue(r.replace());
    }

    @Test
    void badValuesNameTheArgumentAndTheChoices() {
        Map<String, Object> mode = defaults();
        mode.put("sync_mode", "fast");
        SQLException e = assertThrows(SQLException.class, () -> SyncRequest.of(mode));
        assertEquals("22023", e.getSQLState());
        assertEquals("sync_table: sync_mode must be one of 'full', 'incremental', got 'fast'", e.getMessage());

        Map<String, Object> incremental = defaults();
        incremental.put("sync_mode", "incremental");
        e = assertThrows(SQLException.class, () -> SyncRequest.of(incremental));
        assertTrue(e.getMessage().contains("needs incremental_column"), e.getMessage());

        Map<String, Object> batch = defaults();
        batch.put("batch_size", 0);
        e = assertThrows(SQLException.class, () -> SyncRequest.of(batch));
        assertTrue(e.getMessage().contains("batch_size must be at least 1, got 0"), e.getMessage());

        Map<String, Object> blank = defaults();
        blank.put("local_table", " ");
        e = assertThrows(SQLException.class, () -> SyncRequest.of(blank));
        assertEquals("sync_table: local_table must be given (not NULL or empty)", e.getMessage());

        Map<String, Object> key = defaults();
        key.put("primary_key", "id, \"unterminated");
        e = assertThrows(SQLException.class, () -> SyncRequest.of(key));
        assertTrue(e.getMessage().contains("primary_key"), e.getMessage());
    }

    @Test
    void localTableNamesStayInTheLocalDatabase() throws SQLException {
        assertEquals(new LocalTable("analytics", "main", "orders"), LocalTable.parse("orders", "analytics"));
        assertEquals(new LocalTable("analytics", "mart", "My Orders"), LocalTable.parse("mart.\"My Orders\"",
                "analytics"));
        assertEquals(new LocalTable("analytics", "s", "t"), LocalTable.parse("ANALYTICS.s.t", "analytics"));
        SQLException remote = assertThrows(SQLException.class, () -> LocalTable.parse("pg.public.t", "analytics"));
        assertEquals("42501", remote.getSQLState());
        SQLException state = assertThrows(SQLException.class, () -> LocalTable.parse("fedduck.runs", "analytics"));
        assertEquals("42501", state.getSQLState());
        assertThrows(SQLException.class, () -> LocalTable.parse("a.b.c.d", "analytics"));
    }

    @Test
    void schemaDiffListsAddedRemovedAndChangedColumns() {
        List<Column> before = List.of(new Column("id", "INTEGER"), new Column("qty", "INTEGER"),
                new Column("legacy", "VARCHAR"));
        List<Column> after = List.of(new Column("id", "INTEGER"), new Column("qty", "BIGINT"),
                new Column("note", "VARCHAR"));
        SchemaDiff diff = SchemaDiff.between(before, after);
        assertFalse(diff.isEmpty());
        assertEquals("added: note VARCHAR; removed: legacy VARCHAR; changed: qty INTEGER -> BIGINT", diff.describe());
        assertTrue(SchemaDiff.between(after, after).isEmpty());
    }

    @Test
    void onlyGrowingTypesCanBeWatermarks() {
        for (String type : List.of("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE", "BIGINT", "INTEGER", "UBIGINT")) {
            assertTrue(new Column("c", type).canBeWatermark(), type);
        }
        for (String type : List.of("VARCHAR", "DOUBLE", "DECIMAL(12,2)", "BOOLEAN", "TIME", "UUID")) {
            assertFalse(new Column("c", type).canBeWatermark(), type);
        }
    }
}
