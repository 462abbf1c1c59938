package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    private static List<List<String>> names(String sql) {
        return ObjectNames.names(ParsedSql.of(sql));
    }

    private static List<List<String>> targets(String sql) {
        return ObjectNames.writeTargets(ParsedSql.of(sql)).stream().map(ObjectNames.Target::parts).toList();
    }

    @Test
    void namesAreReadWhateverTheSpelling() {
        assertTrue(names("SELECT * FROM pg.public.t").contains(List.of("pg", "public", "t")));
        assertTrue(names("SELECT * FROM \"PG\" . \"Public\" /* c */ . T").contains(List.of("pg", "public", "t")));
        assertTrue(names("SELECT a FROM t -- pg.x\n").stream().noneMatch(n -> n.contains("pg")));
        assertTrue(names("SELECT 'pg.public.t'").stream().noneMatch(n -> n.contains("pg")), "strings are not names");
        assertTrue(names("SELECT 1; SELECT * FROM my.db.e").contains(List.of("my", "db", "e")));
    }

    @Test
    void writeTargetsAreWhatEachStatementChanges() {
        assertEquals(List.of(List.of("my", "db", "t")), targets("INSERT INTO my.db.t SELECT * FROM pg.public.u"));
        assertEquals(List.of(List.of("t")), targets("INSERT OR REPLACE INTO t VALUES (1)"));
        assertEquals(List.of(List.of("pg", "public", "t")), targets("UPDATE pg.public.t SET a = 1"));
        assertEquals(List.of(List.of("t")), targets("INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = 2"));
        assertEquals(List.of(List.of("lite", "items")), targets("DELETE FROM lite.items WHERE id = 1"));
        assertEquals(List.of(List.of("x")), targets("CREATE OR REPLACE TEMP VIEW x AS SELECT 1"));
        assertTrue(ObjectNames.writeTargets(ParsedSql.of("CREATE TEMP TABLE x (a int)")).get(0).temporary());
        assertEquals(List.of(List.of("a"), List.of("b", "c")), targets("DROP TABLE IF EXISTS a, b.c"));
        assertEquals(List.of(List.of("my", "t")), targets("CREATE UNIQUE INDEX i ON my.t (a)"));
        assertEquals(List.of(List.of("pg", "s")), targets("CREATE SCHEMA IF NOT EXISTS pg.s"));
        assertEquals(ObjectNames.TargetKind.SCHEMA, ObjectNames.writeTargets(ParsedSql.of("CREATE SCHEMA pg.s")).get(0).kind());
        ObjectNames.Target copy = ObjectNames.writeTargets(ParsedSql.of("COPY FROM DATABASE lite TO memory")).get(0);
        assertEquals(List.of("memory"), copy.parts());
        assertEquals(ObjectNames.TargetKind.CATALOG, copy.kind());
        assertEquals(List.of(List.of("t")), targets("ALTER TABLE t ADD COLUMN b int"));
        assertEquals(List.of(List.of("t")), targets("TRUNCATE TABLE t"));
        assertEquals(List.of(List.of("t")), targets("COMMENT ON TABLE t IS 'x'"));
        assertEquals(List.of(), targets("SELECT * FROM t"));
    }

    @Test
    void defaultEntriesAreTheUseTargetAndEverySearchPathEntry() {
        assertEquals(List.of(List.of("pg")), ObjectNames.defaultEntries(ParsedSql.of("USE pg")));
        assertEquals(List.of(List.of("pg", "public"), List.of("my"), List.of("main")), ObjectNames.defaultEntries(
                ParsedSql.of("SET search_path = 'pg.public,my,main'")));
        assertEquals(List.of(List.of("memory", "main"), List.of("my", "db")), ObjectNames.defaultEntries(
                ParsedSql.of("SET search_path = \"memory.main,my.db\"")));
        assertEquals(List.of(List.of("lite", "main")), ObjectNames.defaultEntries(
                ParsedSql.of("SET SESSION schema TO lite.main")));
        assertTrue(ObjectNames.changesDefaults(ParsedSql.of("RESET search_path")));
        assertTrue(ObjectNames.computesDefault(ParsedSql.of("SET search_path = getvariable('v')")));
        assertTrue(ObjectNames.computesDefault(ParsedSql.of("SET search_path = 'a' || 'b'")));
        assertFalse(ObjectNames.computesDefault(ParsedSql.of("SET search_path = 'pg.public'")));
    }

    @Test
    void catalogListingsAreFound() {
        assertEquals(Optional.of("duckdb_tables()"), ObjectNames.catalogListing(ParsedSql.of(
                "SELECT * FROM DuckDB_Tables()")));
        assertEquals(Optional.of("information_schema"), ObjectNames.catalogListing(ParsedSql.of(
                "SELECT * FROM information_schema.columns")));
        assertEquals(Optional.of("SHOW ALL"), ObjectNames.catalogListing(ParsedSql.of("SHOW ALL TABLES")));
        assertEquals(Optional.of("PRAGMA database_list"), ObjectNames.catalogListing(ParsedSql.of(
                "PRAGMA database_list")));
        assertEquals(Optional.empty(), ObjectNames.catalogListing(ParsedSql.of("SELECT * FROM t")));
        assertEquals(Optional.of("SHOW TABLES"), ObjectNames.catalogListing(ParsedSql.of("SHOW TABLES FROM main")));
        assertEquals(Optional.of("SHOW ALL"), ObjectNames.catalogListing(ParsedSql.of("SELECT * FROM (SHOW ALL TABLES)")));
        assertEquals(Optional.of("DESCRIBE"), ObjectNames.catalogListing(ParsedSql.of("SELECT * FROM (DESCRIBE)")));
        assertEquals(Optional.empty(), ObjectNames.catalogListing(ParsedSql.of("DESCRIBE pg.public.t")));
        assertEquals(Optional.empty(), ObjectNames.catalogListing(ParsedSql.of("SHOW pg.public.t")));
        assertEquals(Optional.of("duckdb_tables"), ObjectNames.catalogListing(ParsedSql.of("TABLE duckdb_tables")));
        assertEquals(Optional.of("pg_class"), ObjectNames.catalogListing(ParsedSql.of("SELECT * FROM pg_class")));
        assertEquals(Optional.of("information_schema"), ObjectNames.catalogListing(ParsedSql.of(
                "SET search_path = 'system.information_schema'")));
    }
}
