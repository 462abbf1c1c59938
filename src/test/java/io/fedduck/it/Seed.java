package io.fedduck.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The cross-database data set, written through each source's own JDBC driver (pgjdbc, MariaDB
 * Connector/J, sqlite-jdbc), never through DuckDB: customers and orders in PostgreSQL, events in MySQL,
 * items in SQLite; regions stay local in DuckDB.
 */
final class Seed {
    static final int CUSTOMERS = 40;

    private Seed() {
    }

    static void postgres(RemoteDatabases.Server pg) throws SQLException {
        try (Connection c = pg.admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders, customers");
            s.execute("CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text NOT NULL)");
            s.execute("CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers,"
                    + " amount numeric(12,2) NOT NULL, created_at timestamptz NOT NULL)");
            s.execute("INSERT INTO customers SELECT i, 'customer ' || i,"
                    + " (ARRAY['DE','FR','US','JP','BR'])[1 + i % 5] FROM generate_series(1, " + CUSTOMERS + ") i");
            s.execute("INSERT INTO orders SELECT i, 1 + i % " + CUSTOMERS + ", round((i * 7.31) % 250, 2),"
                    + " timestamptz '2024-01-01 00:00:00+00' + i * interval '37 minutes' FROM generate_series(1, 2000) i");
        }
    }

    static void mysql(RemoteDatabases.Server my) throws SQLException {
        try (Connection c = my.admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS events");
            s.execute("CREATE TABLE events (id int PRIMARY KEY, customer_id int NOT NULL,"
                    + " kind enum('view','click','buy') NOT NULL, at timestamp NOT NULL)");
            StringBuilder insert = new StringBuilder("INSERT INTO events VALUES ");
            for (int i = 1; i <= 1500; i++) {
                insert.append(i == 1 ? "" : ",").append('(').append(i).append(',').append(1 + (i * 3) % Seed.CUSTOMERS)
                        .append(",'").append(new String[] {"view", "click", "buy"}[i % 3]).append("',")
                        .append("FROM_UNIXTIME(").append(1704067200L + i * 600L).append("))");
            }
            s.execute("SET time_zone = '+00:00'");
            s.execute(insert.toString());
        }
    }

    static void sqlite(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS items");
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, sku TEXT, qty INTEGER)");
            c.setAutoCommit(false);
            for (int i = 1; i <= 900; i++) {
                s.execute("INSERT INTO items VALUES (" + i + "," + (1 + (i * 7) % CUSTOMERS) + ",'sku-" + (i % 13) + "',"
                        + (1 + i % 9) + ")");
            }
            c.commit();
        }
    }

    /** The local DuckDB table of the join. */
    static final String LOCAL_REGIONS = "CREATE OR REPLACE TABLE regions AS SELECT * FROM (VALUES"
            + " ('DE','Europe'), ('FR','Europe'), ('US','Americas'), ('BR','Americas'), ('JP','Asia')) r(country, region)";

    static String region(String country) {
        return switch (country) {
            case "DE", "FR" -> "Europe";
            case "US", "BR" -> "Americas";
            default -> "Asia";
        };
    }
}
