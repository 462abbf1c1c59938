package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DatabaseMetaData over a PostgreSQL, a MariaDB and a SQLite source and local DuckDB tables: keys from
 * each source's own catalog, complete index rows, type info, spec-shaped empty answers and the flags
 * checked against what DuckDB does.
 */
class DatabaseMetaDataIT {
    @TempDir
    static Path dir;
    private static Path sqlite;
    private static String url;
    private static Connection holder;

    @BeforeAll
    static void create() throws Exception {
        sqlite = dir.resolve("md_meta.sqlite");
        MetadataFixture.create(sqlite);
        url = MetadataFixture.federation(dir, sqlite).url(dir.resolve("md_local.duckdb"), "");
        holder = DriverManager.getConnection(url);
        MetadataFixture.createLocal(holder);
    }

    @AfterAll
    static void drop() throws Exception {
        holder.close();
        MetadataFixture.drop();
    }

    /** Rows as "v1|v2|..." of the named columns. */
    private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (String c : columns) {
                    row.append(row.length() == 0 ? "" : "|").append(rs.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static List<String> columnNames(ResultSet rs) throws SQLException {
        List<String> names = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
        }
        return names;
    }

    @Test
    void postgresForeignKeyInImportedExportedAndCrossReference() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            String expected = "md_pg|md_meta|md_parent|id|md_pg|md_meta|md_child|parent_id|1|md_child_parent_fk|md_parent_pkey";
            String[] cols = {"PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
                    "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "FK_NAME", "PK_NAME"};
            assertEquals(List.of(expected), rows(md.getImportedKeys("md_pg", "md_meta", "md_child"), cols));
            assertEquals(List.of(expected), rows(md.getExportedKeys("md_pg", "md_meta", "md_parent"), cols));
            assertEquals(List.of(expected), rows(md.getCrossReference("md_pg", "md_meta", "md_parent",
                    "md_pg", "md_meta", "md_child"), cols));
            assertEquals(List.of(), rows(md.getCrossReference("md_pg", "md_meta", "md_child",
                    "md_pg", "md_meta", "md_parent"), cols));
            ResultSet keys = md.getImportedKeys("md_pg", "md_meta", "md_child");
            assertEquals(List.of("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
                    "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE",
                    "FK_NAME", "PK_NAME", "DEFERRABILITY"), columnNames(keys));
            assertEquals(Types.SMALLINT, keys.getMetaData().getColumnType(9), "KEY_SEQ is SMALLINT");
            keys.close();
        }
    }

    @Test
    void primaryKeysOfEverySourceAndLocalTables() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            String[] cols = {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ"};
            assertEquals(List.of("md_pg|md_meta|md_parent|id|1"), rows(md.getPrimaryKeys("md_pg", "md_meta", "md_parent"), cols));
            assertEquals(List.of("md_my|fedduck_test|md_parent|id|1"), rows(md.getPrimaryKeys("md_my", "fedduck_test", "md_parent"), cols));
            assertEquals(List.of("md_lite|main|md_parent|id|1"), rows(md.getPrimaryKeys("md_lite", "main", "md_parent"), cols));
            assertEquals(List.of("md_local|main|md_local_parent|id|1"), rows(md.getPrimaryKeys(null, "main", "md_local_parent"), cols));
            ResultSet pk = md.getPrimaryKeys("md_pg", "md_meta", "md_parent");
            assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), columnNames(pk));
            pk.close();
        }
    }

    @Test
    void foreignKeysOfMariaDbSqliteAndLocalTables() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            String[] cols = {"PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ"};
            assertEquals(List.of("md_my|fedduck_test|md_parent|id|md_child|parent_id|1"),
                    rows(md.getImportedKeys("md_my", "fedduck_test", "md_child"), cols));
            assertEquals(List.of("md_lite|main|md_parent|id|md_child|parent_id|1"),
                    rows(md.getImportedKeys("md_lite", "main", "md_child"), cols));
            assertEquals(MetadataFixture.SQLITE_EXTRA_TABLES + 1, rows(md.getExportedKeys("md_lite", "main", "md_parent"), cols).size());
            assertEquals(List.of("md_local|main|md_local_parent|id|md_local_child|parent_id|1"),
                    rows(md.getImportedKeys("md_local", "main", "md_local_child"), cols));
        }
    }

    @Test
    void indexRowsAreCompleteForEverySource() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            String[] cols = {"TABLE_CAT", "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME"};
            List<String> pg = rows(md.getIndexInfo("md_pg", "md_meta", "md_child", false, true), cols);
            assertEquals(List.of("md_pg|md_child|false|md_child_pkey|3|1|id",
                    "md_pg|md_child|true|md_child_note_idx|3|1|note", "md_pg|md_child|true|md_child_note_idx|3|2|parent_id"), pg);
            List<String> my = rows(md.getIndexInfo("md_my", "fedduck_test", "md_parent", false, true), cols);
            assertEquals(List.of("md_my|md_parent|false|PRIMARY|3|1|id", "md_my|md_parent|false|md_parent_code|3|1|code"), my);
            List<String> myChild = rows(md.getIndexInfo("md_my", "fedduck_test", "md_child", false, true), cols);
            assertTrue(myChild.contains("md_my|md_child|true|md_child_note_idx|3|2|parent_id"), myChild.toString());
            List<String> lite = rows(md.getIndexInfo("md_lite", "main", "md_child", false, true), cols);
            assertEquals(List.of("md_lite|md_child|true|md_child_note_idx|3|1|note", "md_lite|md_child|true|md_child_note_idx|3|2|parent_id"), lite);
            List<String> local = rows(md.getIndexInfo("md_local", "main", "md_local_child", false, true), cols);
            assertTrue(local.contains("md_local|md_local_child|true|md_local_child_note_idx|3|2|parent_id"), local.toString());
            assertTrue(local.stream().anyMatch(r -> r.startsWith("md_local|md_local_child|false|") && r.endsWith("|1|id")), local.toString());
            List<String> uniqueOnly = rows(md.getIndexInfo("md_pg", "md_meta", "md_child", true, true), cols);
            assertEquals(List.of("md_pg|md_child|false|md_child_pkey|3|1|id"), uniqueOnly);
            ResultSet rs = md.getIndexInfo("md_pg", "md_meta", "md_child", false, true);
            assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME",
                    "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION"), columnNames(rs));
            assertEquals(Types.SMALLINT, rs.getMetaData().getColumnType(7));
            assertEquals(Types.BOOLEAN, rs.getMetaData().getColumnType(4));
            rs.close();
        }
    }

    @Test
    void typeInfoHasSpecShapedRowsThatAgreeWithQueries() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            ResultSet rs = md.getTypeInfo();
            assertEquals(List.of("TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS",
                    "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE", "AUTO_INCREMENT",
                    "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX"),
                    columnNames(rs));
            List<String> types = rows(rs, "TYPE_NAME", "DATA_TYPE");
            assertTrue(types.contains("DECIMAL|" + Types.DECIMAL), types.toString());
            assertTrue(types.contains("VARCHAR|" + Types.VARCHAR), types.toString());
            int previous = Integer.MIN_VALUE;
            for (String t : types) {
                int code = Integer.parseInt(t.substring(t.indexOf('|') + 1));
                assertTrue(code >= previous, "sorted by DATA_TYPE: " + types);
                previous = code;
            }
            try (ResultSet q = s.executeQuery("SELECT CAST(1 AS BIGINT), CAST(1 AS DECIMAL(10,2)), DATE '2024-01-01'")) {
                assertTrue(types.contains("BIGINT|" + q.getMetaData().getColumnType(1)));
                assertTrue(types.contains("DECIMAL|" + q.getMetaData().getColumnType(2)));
                assertTrue(types.contains("DATE|" + q.getMetaData().getColumnType(3)));
            }
        }
    }

    @Test
    void unsupportedFamiliesAnswerEmptySpecShapedResults() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            assertShape(md.getTablePrivileges(null, null, "%"), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
            assertShape(md.getColumnPrivileges(null, null, "md_parent", "%"), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
            assertShape(md.getUDTs(null, null, "%", null), "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS", "BASE_TYPE");
            assertShape(md.getSuperTypes(null, null, "%"), "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
            assertShape(md.getSuperTables(null, null, "%"), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
            assertShape(md.getAttributes(null, null, "%", "%"), "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE",
                    "ATTR_TYPE_NAME", "ATTR_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "ATTR_DEF",
                    "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE",
                    "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE");
            assertShape(md.getPseudoColumns(null, null, "%", "%"), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME",
                    "DATA_TYPE", "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS",
                    "CHAR_OCTET_LENGTH", "IS_NULLABLE");
            assertShape(md.getClientInfoProperties(), "NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
            assertShape(md.getVersionColumns(null, null, "md_parent"), "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
                    "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN");
        }
    }

    @Test
    void routinesListFedDuckProceduresAndTableFunctionsWithTheirParameters() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            java.util.List<String> procedures = new java.util.ArrayList<>();
            try (ResultSet rs = md.getProcedures(null, null, "%")) {
                assertEquals(List.of("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2",
                        "RESERVED3", "REMARKS", "PROCEDURE_TYPE", "SPECIFIC_NAME"), columnNames(rs));
                while (rs.next()) {
                    procedures.add(rs.getString("PROCEDURE_NAME"));
                    assertEquals(DatabaseMetaData.procedureReturnsResult, rs.getShort("PROCEDURE_TYPE"));
                }
            }
            assertEquals(java.util.List.of("connect_database", "disconnect_database", "refresh_database",
                    "sync_table"), procedures);
            java.util.List<String> parameters = new java.util.ArrayList<>();
            try (ResultSet rs = md.getProcedureColumns(null, null, "sync\\_table", null)) {
                assertEquals(20, rs.getMetaData().getColumnCount());
                while (rs.next()) {
                    parameters.add(rs.getInt("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME") + ":"
                            + rs.getString("TYPE_NAME"));
                    assertEquals(DatabaseMetaData.procedureColumnIn, rs.getShort("COLUMN_TYPE"));
                }
            }
            assertEquals("1:connection_name:VARCHAR", parameters.get(0));
            assertTrue(parameters.contains("9:batch_size:BIGINT"), parameters.toString());
            assertEquals(11, parameters.size());
            java.util.List<String> functions = new java.util.ArrayList<>();
            try (ResultSet rs = md.getFunctions(null, null, "%remote%")) {
                assertEquals(List.of("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE",
                        "SPECIFIC_NAME"), columnNames(rs));
                while (rs.next()) {
                    functions.add(rs.getString("FUNCTION_NAME"));
                    assertEquals(DatabaseMetaData.functionReturnsTable, rs.getShort("FUNCTION_TYPE"));
                }
            }
            assertEquals(java.util.List.of("describe_remote_table", "list_remote_tables", "remote_table_constraints",
                    "remote_table_indexes", "remote_table_sample"), functions);
            java.util.List<String> columns = new java.util.ArrayList<>();
            try (ResultSet rs = md.getFunctionColumns(null, null, "list_remote_tables", null)) {
                assertEquals(17, rs.getMetaData().getColumnCount());
                while (rs.next()) {
                    columns.add(rs.getShort("COLUMN_TYPE") + ":" + rs.getString("COLUMN_NAME"));
                }
            }
            assertTrue(columns.contains(DatabaseMetaData.functionColumnIn + ":connection_name"), columns.toString());
            assertTrue(columns.contains(DatabaseMetaData.functionColumnResult + ":table_name"), columns.toString());
            try (ResultSet rs = md.getProcedures("pg", null, "%")) {
                assertFalse(rs.next(), "FedDuck's procedures belong to no source catalog");
            }
        }
    }

    private static void assertShape(ResultSet rs, String... columns) throws SQLException {
        try (rs) {
            assertEquals(List.of(columns), columnNames(rs));
            assertFalse(rs.next());
        }
    }

    @Test
    void nullSortingAndIdentifierFlagsAgreeWithDuckDb() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            String asc = first(s, "SELECT coalesce(CAST(x AS VARCHAR), 'null') FROM (VALUES (1), (NULL)) t(x) ORDER BY x");
            String desc = first(s, "SELECT coalesce(CAST(x AS VARCHAR), 'null') FROM (VALUES (1), (NULL)) t(x) ORDER BY x DESC");
            assertEquals("1", asc, "NULLS LAST for ASC");
            assertEquals("1", desc, "NULLS LAST for DESC too");
            assertTrue(md.nullsAreSortedAtEnd());
            assertFalse(md.nullsAreSortedAtStart() || md.nullsAreSortedHigh() || md.nullsAreSortedLow());
            s.execute("CREATE OR REPLACE TEMP TABLE MdMixed (\"QuotedCol\" INTEGER, PlainCol INTEGER)");
            assertEquals("MdMixed", first(s, "SELECT table_name FROM duckdb_tables() WHERE lower(table_name) = 'mdmixed'"));
            assertEquals("0", first(s, "SELECT count(*) FROM mdmixed WHERE quotedcol IS NULL AND \"plaincol\" IS NULL"));
            assertTrue(md.storesMixedCaseIdentifiers() && md.storesMixedCaseQuotedIdentifiers());
            assertFalse(md.supportsMixedCaseIdentifiers() || md.supportsMixedCaseQuotedIdentifiers());
            assertFalse(md.storesLowerCaseIdentifiers() || md.storesUpperCaseIdentifiers());
        }
    }

    @Test
    void tablesHaveStandardTypesAndNoSystemOrInternalRelations() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            String[] cols = {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"};
            assertEquals(List.of("md_pg|md_meta|md_mview|MATERIALIZED VIEW", "md_pg|md_meta|md_child|TABLE",
                    "md_pg|md_meta|md_parent|TABLE", "md_pg|md_meta|md_view|VIEW"),
                    rows(md.getTables("md_pg", "md_meta", "md%", null), cols));
            assertEquals(List.of("md_my|fedduck_test|md_view|VIEW"),
                    rows(md.getTables("md_my", "fedduck_test", "md_view", new String[] {"VIEW"}), cols));
            assertEquals(List.of("md_lite|main|md_view|VIEW"), rows(md.getTables("md_lite", null, "md_vi_w", new String[] {"VIEW"}), cols));
            assertEquals(List.of("md_local|main|md_local_parent|TABLE"),
                    rows(md.getTables(null, null, "md\\_local\\_parent", new String[] {"TABLE"}), cols));
            assertEquals(List.of(), rows(md.getTables(null, null, "md_local%parentX", null), cols));
            List<String> all = rows(md.getTables(null, null, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME");
            assertFalse(all.isEmpty());
            for (String r : all) {
                String schema = r.split("\\|")[1];
                String table = r.split("\\|")[2];
                assertFalse(List.of("pg_catalog", "information_schema", "mysql", "performance_schema", "sys").contains(schema), r);
                assertFalse(table.startsWith("fedduck_"), "no FedDuck internal table: " + r);
            }
            ResultSet rs = md.getTables("md_pg", "md_meta", "md_parent", null);
            assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
                    "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), columnNames(rs));
            rs.close();
            assertEquals(List.of("FOREIGN TABLE", "MATERIALIZED VIEW", "TABLE", "VIEW"), rows(md.getTableTypes(), "TABLE_TYPE"));
        }
    }

    @Test
    void catalogsListLocalAndEverySourceAndAgreeWithSchemas() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            List<String> catalogs = rows(md.getCatalogs(), "TABLE_CAT");
            assertEquals(List.of("md_lite", "md_local", "md_my", "md_pg"), catalogs);
            List<String> schemaCatalogs = rows(md.getSchemas(), "TABLE_CATALOG").stream().distinct().sorted().toList();
            assertEquals(catalogs, schemaCatalogs);
            assertEquals(List.of("md_meta|md_pg"), rows(md.getSchemas("md_pg", "md\\_meta"), "TABLE_SCHEM", "TABLE_CATALOG"));
        }
    }

    @Test
    void columnsHaveBareTypesSizesNullabilityDefaultsAndRemarks() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            String[] cols = {"COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE",
                    "IS_NULLABLE", "REMARKS", "ORDINAL_POSITION"};
            List<String> pg = rows(md.getColumns("md_pg", "md_meta", "md_parent", null), cols);
            assertEquals("id|4|INTEGER|32|0|0|NO|null|1", pg.get(0));
            assertEquals("amount|3|DECIMAL|12|2|1|YES|total in EUR|3", pg.get(2));
            assertEquals("tags|2003|VARCHAR[]|null|null|1|YES|null|4", pg.get(3));
            List<String> my = rows(md.getColumns("md_my", "fedduck_test", "md_parent", "amount"), cols);
            assertEquals(List.of("amount|3|DECIMAL|12|2|1|YES|total in EUR|3"), my);
            List<String> lite = rows(md.getColumns("md_lite", "main", "md_parent", "c%"), cols);
            assertEquals(List.of("code|12|VARCHAR|null|null|0|NO|null|2"), lite);
            List<String> local = rows(md.getColumns(null, "main", "md_local_parent", null), cols);
            assertEquals("amount|3|DECIMAL|12|2|1|YES|local total|3", local.get(2));
            ResultSet defaults = md.getColumns("md_pg", "md_meta", "md_parent", "amount");
            assertTrue(defaults.next());
            assertEquals("0", defaults.getString("COLUMN_DEF"));
            assertEquals(24, defaults.getMetaData().getColumnCount());
            defaults.close();
            // The same type name and code as a query's ResultSetMetaData.
            try (ResultSet q = s.executeQuery("SELECT tags, amount, code FROM md_local_parent")) {
                List<String> meta = rows(md.getColumns(null, "main", "md_local_parent", null), "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME");
                assertTrue(meta.contains("tags|" + q.getMetaData().getColumnType(1) + "|" + q.getMetaData().getColumnTypeName(1)), meta.toString());
                assertTrue(meta.contains("amount|" + q.getMetaData().getColumnType(2) + "|DECIMAL"), meta.toString());
                assertTrue(meta.contains("code|" + q.getMetaData().getColumnType(3) + "|" + q.getMetaData().getColumnTypeName(3)), meta.toString());
            }
        }
    }

    @Test
    void sqliteViewHasTheColumnsOfAQueryOverIt() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            String[] cols = {"TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS",
                    "NUM_PREC_RADIX", "NULLABLE", "ORDINAL_POSITION"};
            assertEquals(List.of("md_view|id|-5|BIGINT|64|0|2|1|1", "md_view|code|12|VARCHAR|null|null|null|1|2"),
                    rows(md.getColumns("md_lite", "main", "md_view", null), cols));
            assertEquals(List.of("md_view|code|12|VARCHAR|null|null|null|1|2"),
                    rows(md.getColumns("md_lite", null, "md_v_ew", "c%"), cols));
            assertTrue(rows(md.getColumns("md_lite", null, null, null), cols).contains("md_view|id|-5|BIGINT|64|0|2|1|1"));
            try (ResultSet q = s.executeQuery("SELECT id, code FROM md_lite.main.md_view")) {
                assertEquals(-5, q.getMetaData().getColumnType(1));
                assertEquals("VARCHAR", q.getMetaData().getColumnTypeName(2));
            }
        }
    }

    private static String first(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
