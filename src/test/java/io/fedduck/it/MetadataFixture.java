package io.fedduck.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables the DatabaseMetaData tests read, written through each source's own JDBC driver: in
 * PostgreSQL a schema md_meta with a foreign key, a view, a materialised view and comments; in MariaDB
 * md_-prefixed tables with a primary key, indexes, a foreign key, a view and comments; in SQLite a file
 * with keys, an index and a view; locally a DuckDB table pair with keys and an index.
 */
final class MetadataFixture {
    static final String PG_SCHEMA = "md_meta";

    private MetadataFixture() {
    }

    static void create(Path sqliteFile) throws SQLException {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + PG_SCHEMA);
            s.execute("CREATE TABLE md_meta.md_parent (id integer PRIMARY KEY, code varchar(20) NOT NULL UNIQUE,"
                    + " amount numeric(12,2) DEFAULT 0, tags varchar(10)[])");
            s.execute("COMMENT ON COLUMN md_meta.md_parent.amount IS 'total in EUR'");
            s.execute("CREATE TABLE md_meta.md_child (id integer PRIMARY KEY, parent_id integer NOT NULL,"
                    + " note text, CONSTRAINT md_child_parent_fk FOREIGN KEY (parent_id)"
                    + " REFERENCES md_meta.md_parent (id) ON DELETE CASCADE)");
            s.execute("CREATE INDEX md_child_note_idx ON md_meta.md_child (note, parent_id)");
            s.execute("CREATE VIEW md_meta.md_view AS SELECT id, code FROM md_meta.md_parent");
            s.execute("CREATE MATERIALIZED VIEW md_meta.md_mview AS SELECT id FROM md_meta.md_parent");
            s.execute("INSERT INTO md_meta.md_parent VALUES (1, 'a', 1.50, '{x,y}'), (2, 'b', 2, NULL)");
            s.execute("INSERT INTO md_meta.md_child VALUES (1, 1, 'n1'), (2, 2, 'n2')");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
            s.execute("CREATE TABLE md_parent (id int NOT NULL, code varchar(20) NOT NULL,"
                    + " amount decimal(12,2) DEFAULT 0 COMMENT 'total in EUR', PRIMARY KEY (id),"
                    + " UNIQUE KEY md_parent_code (code)) ENGINE=InnoDB");
            s.execute("CREATE TABLE md_child (id int NOT NULL, parent_id int NOT NULL, note varchar(40),"
                    + " PRIMARY KEY (id), KEY md_child_note_idx (note, parent_id),"
                    + " CONSTRAINT md_child_parent_fk FOREIGN KEY (parent_id) REFERENCES md_parent (id)) ENGINE=InnoDB");
            s.execute("CREATE VIEW md_view AS SELECT id, code FROM md_parent");
            s.execute("INSERT INTO md_parent VALUES (1, 'a', 1.50), (2, 'b', 2)");
            s.execute("INSERT INTO md_child VALUES (1, 1, 'n1'), (2, 2, 'n2')");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE md_parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, amount NUMERIC(12,2) DEFAULT 0)");
            s.execute("CREATE TABLE md_child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL, note TEXT,"
                    + " FOREIGN KEY (parent_id) REFERENCES md_parent (id))");
            s.execute("CREATE INDEX md_child_note_idx ON md_child (note, parent_id)");
            s.execute("CREATE VIEW md_view AS SELECT id, code FROM md_parent");
            s.execute("INSERT INTO md_parent VALUES (1, 'a', 1.5), (2, 'b', 2)");
            s.execute("INSERT INTO md_child VALUES (1, 1, 'n1'), (2, 2, 'n2')");
            // More tables with keys: DuckDB's catalog functions race over a SQLite catalog's tables
            // (duckdb/duckdb-sqlite#176), and a bigger catalog makes the race likely.
            for (int i = 0; i < SQLITE_EXTRA_TABLES; i++) {
                s.execute("CREATE TABLE md_extra_" + i + " (id INTEGER PRIMARY KEY, parent_id INTEGER"
                        + " REFERENCES md_parent (id), label TEXT UNIQUE)");
            }
        }
    }

    static final int SQLITE_EXTRA_TABLES = 40;

    /** The local DuckDB tables, created through FedDuck on connection {@code c}. */
    static void createLocal(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS md_local_parent (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE,"
                    + " amount DECIMAL(12,2) DEFAULT 0, tags VARCHAR[])");
            s.execute("CREATE TABLE IF NOT EXISTS md_local_child (id INTEGER PRIMARY KEY,"
                    + " parent_id INTEGER NOT NULL REFERENCES md_local_parent (id), note VARCHAR)");
            s.execute("CREATE INDEX IF NOT EXISTS md_local_child_note_idx ON md_local_child (note, parent_id)");
            s.execute("CREATE OR REPLACE VIEW md_local_view AS SELECT id, code FROM md_local_parent");
            s.execute("COMMENT ON COLUMN md_local_parent.amount IS 'local total'");
            s.execute("INSERT INTO md_local_parent SELECT * FROM (VALUES (1, 'a', 1.5, ['x']), (2, 'b', 2, NULL))"
                    + " WHERE NOT EXISTS (SELECT 1 FROM md_local_parent)");
            s.execute("INSERT INTO md_local_child SELECT * FROM (VALUES (1, 1, 'n1'), (2, 2, 'n2'))"
                    + " WHERE NOT EXISTS (SELECT 1 FROM md_local_child)");
        }
    }

    static void drop() throws SQLException {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
        }
    }

    private static void dropMysql(Statement s) throws SQLException {
        s.execute("DROP VIEW IF EXISTS md_view");
        s.execute("DROP TABLE IF EXISTS md_child, md_parent");
    }

    /** A federation with the three sources: md_pg, md_my, md_lite. */
    static TestFederation federation(Path dir, Path sqliteFile) {
        return new TestFederation(dir)
                .postgres("md_pg", RemoteDatabases.postgres(), "")
                .mysql("md_my", RemoteDatabases.mysql(), "")
                .sqlite("md_lite", sqliteFile, "");
    }
}
