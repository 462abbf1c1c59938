package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** SQLite files through DuckDB's sqlite extension. */
final class SqliteDialect implements SourceDialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    private static final String USER_TABLES = "m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

    /** The first 16 bytes of every SQLite 3 database file. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteDialect() {
    }

    /**
     * A file that is not an SQLite database attaches without complaint and fails on first use, so the
     * file is checked before: it must be empty (SQLite makes it a database) or begin with SQLite's header.
     * The message names the file, never its content.
     */
    @Override
    public void checkReachable(SourceConfig source) throws SQLException {
        Path file = source.filePath();
        if (!Files.isRegularFile(file) || sizeOf(file) == 0) {
            return; // a missing file is created (or refused) by the attach itself, with its own message
        }
        byte[] head = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw SqlStates.connectionFailed("source '" + source.name() + "' (sqlite file " + file
                    + "): the file cannot be read (" + e.getClass().getSimpleName() + ")", null);
        }
        if (read < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
            throw SqlStates.connectionFailed("source '" + source.name() + "' (sqlite file " + file
                    + "): the file is not an SQLite database (it lacks SQLite's file header)", null);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String healthQuery() {
        return "SELECT * FROM sqlite_query(?, 'SELECT 1')";
    }

    @Override
    public SourceType type() {
        return SourceType.SQLITE;
    }

    @Override
    public String extensionName() {
        return "sqlite";
    }

    @Override
    public Map<String, Object> secretParameters(SourceConfig source) {
        return Map.of();
    }

    @Override
    public String attachPath(SourceConfig source) {
        return source.filePath().toString();
    }

    /**
     * sqlite_master's tables and views (not SQLite's own sqlite_* tables). SQLite keeps no row count,
     * size or modification time per table, so those are NULL.
     */
    @Override
    public String remoteTablesQuery() {
        return "SELECT 'main', table_name, table_type, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),"
                + " CAST(NULL AS TIMESTAMP WITH TIME ZONE) FROM sqlite_query(?, " + SqlText.literal(
                "SELECT name AS table_name, type AS table_type FROM sqlite_master"
                + " WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
                + ")";
    }

    @Override
    public String defaultSchema(SourceConfig source) {
        return "main";
    }

    /**
     * pragma_table_info per table: the declared type as written, no comments (SQLite keeps none). The
     * extension returns these pragma columns as text, hence the casts.
     */
    @Override
    public String remoteColumnsQuery() {
        return "SELECT 'main', table_name, CAST(ordinal AS INTEGER), column_name, native_type,"
                + " CAST(not_null AS BIGINT) = 0, column_default, CAST(pk AS BIGINT) > 0, CAST(NULL AS VARCHAR)"
                + " FROM sqlite_query(?, " + SqlText.literal(
                "SELECT m.name AS table_name, p.cid + 1 AS ordinal, p.name AS column_name, p.type AS native_type,"
                + " p.\"notnull\" AS not_null, p.dflt_value AS column_default, p.pk AS pk"
                + " FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE " + USER_TABLES)
                + ")";
    }

    /** pragma_table_info's pk is the column's place in the key (0 when not in it): key order. */
    @Override
    public String primaryKeyQuery() {
        return "SELECT column_name FROM sqlite_query(?, " + SqlText.literal(
                "SELECT m.name AS table_name, p.name AS column_name, p.pk AS pk"
                + " FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE p.pk > 0 AND " + USER_TABLES)
                + ") WHERE ? = 'main' AND table_name = ? ORDER BY CAST(pk AS BIGINT)";
    }

    /**
     * The primary key from pragma_table_info, foreign keys from pragma_foreign_key_list and unique
     * constraints from pragma_index_list (origin {@code u}). CHECK constraints are not listed: SQLite
     * keeps them only inside the CREATE TABLE text. Unnamed constraints have a NULL name.
     */
    @Override
    public String remoteConstraintsQuery() {
        return "SELECT 'main', table_name, constraint_key, constraint_name, constraint_type,"
                + " CAST(position AS INTEGER), column_name, CASE WHEN referenced_table IS NOT NULL THEN 'main' END,"
                + " referenced_table, referenced_column, CAST(NULL AS VARCHAR) FROM sqlite_query(?, " + SqlText.literal(
                "SELECT m.name AS table_name, 'pk' AS constraint_key, NULL AS constraint_name,"
                + " 'primary key' AS constraint_type, p.pk AS position, p.name AS column_name,"
                + " NULL AS referenced_table, NULL AS referenced_column"
                + " FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE p.pk > 0 AND " + USER_TABLES
                + " UNION ALL SELECT m.name, 'fk' || f.id, NULL, 'foreign key', f.seq + 1, f.\"from\", f.\"table\","
                + " f.\"to\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE " + USER_TABLES
                + " UNION ALL SELECT m.name, 'u' || il.name, il.name, 'unique', ii.seqno + 1, ii.name, NULL, NULL"
                + " FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii"
                + " WHERE il.origin = 'u' AND " + USER_TABLES)
                + ")";
    }

    /** pragma_index_list and pragma_index_info; SQLite's indexes are all B-trees. */
    @Override
    public String remoteIndexesQuery() {
        return "SELECT 'main', table_name, index_name, CAST(is_unique AS BIGINT) <> 0, 'btree',"
                + " CAST(position AS INTEGER), column_name FROM sqlite_query(?, " + SqlText.literal(
                "SELECT m.name AS table_name, il.name AS index_name, il.\"unique\" AS is_unique,"
                + " ii.seqno + 1 AS position, ii.name AS column_name"
                + " FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii"
                + " WHERE " + USER_TABLES)
                + ")";
    }

    @Override
    public List<String> attachOptions(SourceConfig source) {
        List<String> options = new ArrayList<>();
        if (source.readOnly()) {
            options.add("READ_ONLY");
        }
        // How long a statement waits for another process's lock on the file.
        options.add("BUSY_TIMEOUT " + source.connectionTimeoutSeconds() * 1000L);
        return options;
    }
}
