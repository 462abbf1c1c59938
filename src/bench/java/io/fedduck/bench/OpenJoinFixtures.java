package io.fedduck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The tables the cross-source join of {@link OpenAndJoinBenchmark} reads, written through each source's own
 * JDBC driver (pgjdbc, MariaDB Connector/J, sqlite-jdbc), never through FedDuck, so the driver under test
 * only reads. Every value is derived from the row number; a table is created again only when it is
 * missing or its contents differ from what the formulas give (checked by row count and sums), so a second
 * run starts at once. Every order finds its customer, every customer its segment and its region.
 */
final class OpenJoinFixtures {
    static final String ORDERS = "bench_orders";
    static final String CUSTOMERS = "bench_customers";
    static final String SEGMENTS = "bench_segments";
    static final String REGIONS = "bench_regions";

    static final int ORDER_ROWS = 200_000;
    static final int CUSTOMER_ROWS = 50_000;
    static final int SEGMENT_ROWS = 1_000;
    static final int COUNTRIES = 40;

    private OpenJoinFixtures() {
    }

    /** bench_orders in PostgreSQL: id, customer_id, amount, ordered_on, status. */
    static void ensureOrders(Source postgres) throws SQLException {
        long[] want = {ORDER_ROWS, 0, 0};
        for (long i = 1; i <= ORDER_ROWS; i++) {
            want[1] += i * 7919 % CUSTOMER_ROWS + 1;
            want[2] += i * 37 % 100_000;
        }
        String check = "SELECT count(*), sum(customer_id), sum((amount * 100)::bigint) FROM " + ORDERS;
        try (Connection c = postgres.open(); Statement s = c.createStatement()) {
            if (matches(s, check, want, ORDERS + " in PostgreSQL")) {
                return;
            }
            s.execute("DROP TABLE IF EXISTS " + ORDERS);
            s.execute("CREATE TABLE " + ORDERS + " (id bigint PRIMARY KEY, customer_id integer NOT NULL,"
                    + " amount numeric(12,2) NOT NULL, ordered_on date NOT NULL, status varchar(12) NOT NULL)");
            s.execute("INSERT INTO " + ORDERS + " SELECT i, (i * 7919) % " + CUSTOMER_ROWS + " + 1,"
                    + " ((i * 37) % 100000) / 100.0, date '2024-01-01' + (i % 730)::int,"
                    + " (ARRAY['new','paid','shipped','returned'])[(1 + i % 4)::int]"
                    + " FROM generate_series(1::bigint, " + ORDER_ROWS + "::bigint) AS g(i)");
            // Sets the hint bits and the visibility map now: otherwise the first scans after the load
            // write them (and run slower) until autovacuum comes by, and early runs differ from later ones.
            s.execute("VACUUM (FREEZE, ANALYZE) " + ORDERS);
            requireMatch(s, check, want, ORDERS + " in PostgreSQL");
        }
    }

    /** bench_customers in MariaDB: id, name, country (C00..C39), segment_id (1..1000). */
    static void ensureCustomers(Source mariadb) throws SQLException {
        long[] want = {CUSTOMER_ROWS, 0, 0};
        for (long i = 1; i <= CUSTOMER_ROWS; i++) {
            want[1] += i % SEGMENT_ROWS + 1;
            want[2] += i % COUNTRIES;
        }
        String check = "SELECT count(*), sum(segment_id), sum(CAST(SUBSTRING(country, 2) AS UNSIGNED)) FROM "
                + CUSTOMERS;
        try (Connection c = mariadb.open(); Statement s = c.createStatement()) {
            if (matches(s, check, want, CUSTOMERS + " in MariaDB")) {
                return;
            }
            s.execute("DROP TABLE IF EXISTS " + CUSTOMERS);
            s.execute("CREATE TABLE " + CUSTOMERS + " (id int NOT NULL PRIMARY KEY, name varchar(40) NOT NULL,"
                    + " country char(3) NOT NULL, segment_id int NOT NULL) ENGINE=InnoDB");
            // seq_1_to_N is a table of MariaDB's Sequence engine (not in MySQL).
            s.execute("INSERT INTO " + CUSTOMERS + " SELECT seq, CONCAT('customer ', seq),"
                    + " CONCAT('C', LPAD(seq % " + COUNTRIES + ", 2, '0')), seq % " + SEGMENT_ROWS + " + 1"
                    + " FROM seq_1_to_" + CUSTOMER_ROWS);
            s.execute("ANALYZE TABLE " + CUSTOMERS);
            requireMatch(s, check, want, CUSTOMERS + " in MariaDB");
        }
    }

    /** bench_segments in a SQLite file: id (1..1000), name, tier (four values). */
    static void ensureSegments(Path file) throws Exception {
        long[] want = {SEGMENT_ROWS, (long) SEGMENT_ROWS * (SEGMENT_ROWS + 1) / 2, 0};
        String[] tiers = {"bronze", "silver", "gold", "platinum"};
        for (int i = 1; i <= SEGMENT_ROWS; i++) {
            want[2] += tiers[i % 4].length();
        }
        String check = "SELECT count(*), sum(id), sum(length(tier)) FROM " + SEGMENTS;
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            if (matches(s, check, want, SEGMENTS + " in " + file)) {
                return;
            }
            s.execute("DROP TABLE IF EXISTS " + SEGMENTS);
            s.execute("CREATE TABLE " + SEGMENTS + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tier TEXT NOT NULL)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + SEGMENT_ROWS + ")"
                    + " INSERT INTO " + SEGMENTS + " SELECT i, 'segment ' || i,"
                    + " CASE i % 4 WHEN 0 THEN 'bronze' WHEN 1 THEN 'silver' WHEN 2 THEN 'gold' ELSE 'platinum' END"
                    + " FROM n");
            requireMatch(s, check, want, SEGMENTS + " in " + file);
        }
    }

    /** bench_regions, the local DuckDB table (country C00..C39, five regions), made through FedDuck. */
    static void createRegions(Connection fedduck) throws SQLException {
        try (Statement s = fedduck.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE " + REGIONS + " AS SELECT 'C' || lpad(i::VARCHAR, 2, '0') AS country,"
                    + " 'region ' || (i % 5) AS region FROM range(" + COUNTRIES + ") t(i)");
        }
    }

    private static boolean matches(Statement s, String check, long[] want, String what) throws SQLException {
        long[] found;
        try {
            found = sums(s, check);
        } catch (SQLException missingOrOtherColumns) {
            log("creating " + what + " (missing or with other columns)");
            return false;
        }
        if (Arrays.equals(found, want)) {
            log("reusing " + what + " (" + want[0] + " rows)");
            return true;
        }
        log("creating " + what + " (found count and sums " + Arrays.toString(found) + ", want "
                + Arrays.toString(want) + ")");
        return false;
    }

    private static void requireMatch(Statement s, String check, long[] want, String what) throws SQLException {
        long[] found = sums(s, check);
        if (!Arrays.equals(found, want)) {
            throw new IllegalStateException(what + " was just created but has count and sums "
                    + Arrays.toString(found) + ", want " + Arrays.toString(want));
        }
        log("created " + what + " (" + want[0] + " rows)");
    }

    private static long[] sums(Statement s, String check) throws SQLException {
        try (ResultSet rs = s.executeQuery(check)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    private static void log(String message) {
        OpenAndJoinBenchmark.log(message);
    }
}
