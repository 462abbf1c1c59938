package io.fedduck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the queries DBeaver, Metabase and applications send cost through FedDuck, against the source's own
 * JDBC driver in the same run: 24 queries on a 2M-row orders table (two joined with a customers table) in
 * PostgreSQL and in MariaDB, each read to its last row (the data viewer's "open table" reads 200 rows with
 * max rows 200, as DBeaver does).
 * FedDuck runs with pushdown on (the default) and, with bench.off=true, also with pushdown=off.
 *
 * Only java.sql. Settings (system properties): bench.extensions, bench.work, bench.rows (2,000,000),
 * bench.warmup (2), bench.runs (7), bench.off (false). See docs/benchmarks.md.
 */
public final class PushdownBenchmark {
    static final String TABLE = "bench_orders";
    /** 10,000 customers, one per customer_id of the orders: what the join queries look up. */
    static final String CUSTOMERS = "bench_customers";

    /** One query: {t} and {c} stand for the tables (catalog-qualified for FedDuck, bare for the own driver). */
    record Query(String client, String name, String sql, int maxRows) {
    }

    static final List<Query> QUERIES = List.of(
            new Query("DBeaver", "open table (max rows 200)", "SELECT * FROM {t}", 200),
            new Query("DBeaver", "sort by key desc", "SELECT * FROM {t} ORDER BY id DESC LIMIT 200", 0),
            new Query("DBeaver", "sort by a column", "SELECT * FROM {t} ORDER BY amount DESC, id LIMIT 200", 0),
            new Query("DBeaver", "filter a number", "SELECT * FROM {t} WHERE customer_id = 4242 ORDER BY id LIMIT 200", 0),
            new Query("DBeaver", "count rows", "SELECT count(*) FROM {t}", 0),
            new Query("DBeaver", "page 500", "SELECT * FROM {t} ORDER BY id LIMIT 200 OFFSET 100000", 0),
            new Query("Metabase", "table preview", "SELECT id, customer_id, status, amount, created_at FROM {t} LIMIT 2000", 0),
            new Query("Metabase", "count by category", "SELECT status, count(*) FROM {t} GROUP BY status ORDER BY status", 0),
            new Query("Metabase", "sum over a date range", "SELECT sum(amount) FROM {t}"
                    + " WHERE created_at >= '2024-01-10' AND created_at < '2024-01-11'", 0),
            new Query("Metabase", "distinct values", "SELECT DISTINCT status FROM {t} ORDER BY status LIMIT 10000", 0),
            new Query("Metabase", "count distinct", "SELECT count(DISTINCT customer_id) FROM {t}", 0),
            new Query("Metabase", "min and max", "SELECT min(created_at), max(created_at), min(amount), max(amount) FROM {t}", 0),
            new Query("Metabase", "sum by customer, top 10", "SELECT customer_id, sum(amount) FROM {t}"
                    + " WHERE customer_id < 500 GROUP BY customer_id ORDER BY 2 DESC, customer_id LIMIT 10", 0),
            new Query("Metabase", "count in a range", "SELECT count(*) FROM {t} WHERE customer_id BETWEEN 100 AND 200", 0),
            new Query("app", "point lookup", "SELECT * FROM {t} WHERE id = 1234567", 0),
            new Query("app", "lookup of three keys", "SELECT * FROM {t} WHERE id IN (17, 170000, 1700000)", 0),
            new Query("app", "key range", "SELECT * FROM {t} WHERE id BETWEEN 500000 AND 500200 ORDER BY id", 0),
            new Query("app", "latest orders of a customer", "SELECT id, amount, created_at FROM {t}"
                    + " WHERE customer_id = 777 ORDER BY created_at DESC, id DESC LIMIT 10", 0),
            new Query("app", "largest amounts", "SELECT id, amount FROM {t} WHERE amount > 9990 ORDER BY amount DESC, id LIMIT 50", 0),
            new Query("app", "orders of a status", "SELECT id, status FROM {t} WHERE status = 'refunded' ORDER BY id DESC LIMIT 100", 0),
            new Query("app", "max per status", "SELECT status, max(amount), count(*) FROM {t} GROUP BY status", 0),
            new Query("app", "count since a date", "SELECT count(*) FROM {t} WHERE created_at >= '2024-01-22'", 0),
            new Query("app", "latest orders of a customer, with its name", "SELECT o.id, o.amount, c.name FROM {t} o"
                    + " JOIN {c} c ON c.id = o.customer_id WHERE o.customer_id = 777 ORDER BY o.id DESC LIMIT 10", 0),
            new Query("Metabase", "top customers of a segment on a day (join)", "SELECT o.customer_id, count(*), sum(o.amount)"
                    + " FROM {t} o JOIN {c} c ON c.id = o.customer_id WHERE c.segment = 'gold'"
                    + " AND o.created_at >= '2024-06-01' AND o.created_at < '2024-06-02'"
                    + " GROUP BY o.customer_id ORDER BY 3 DESC, 1 LIMIT 10", 0));

    private PushdownBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path extensions = Path.of(System.getProperty("bench.extensions", "target/duckdb-extensions"));
        Path work = Path.of(System.getProperty("bench.work", "target/bench-pushdown"));
        long rows = Long.getLong("bench.rows", 2_000_000);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int runs = Integer.getInteger("bench.runs", 7);
        boolean off = Boolean.getBoolean("bench.off");
        Source postgres = Source.fromEnvironment(Source.Kind.POSTGRES);
        Source mariadb = Source.fromEnvironment(Source.Kind.MYSQL);
        Files.createDirectories(work);
        String url = StreamingBenchmark.fedduckUrl(work, extensions, postgres, mariadb);
        List<Double> ratios = new ArrayList<>();
        System.out.println("| source | client | query | FedDuck ms | " + (off ? "pushdown off ms | " : "")
                + "own driver ms | ratio |");
        System.out.println("|---|---|---|---:|" + (off ? "---:|" : "") + "---:|---:|");
        for (Source source : new Source[] {postgres, mariadb}) {
            ensureTable(source, rows);
            ensureCustomers(source);
            try (Connection fedduck = DriverManager.getConnection(url);
                 Connection unpushed = DriverManager.getConnection(url + "&pushdown=off");
                 Connection own = source.open()) {
                for (Query q : QUERIES) {
                    String through = q.sql().replace("{t}", source.qualified(TABLE)).replace("{c}", source.qualified(CUSTOMERS));
                    String direct = q.sql().replace("{t}", TABLE).replace("{c}", CUSTOMERS);
                    long expected = read(own, direct, q.maxRows());
                    if (read(fedduck, through, q.maxRows()) != expected) {
                        throw new IllegalStateException(source.name() + ": another row count through FedDuck: " + through);
                    }
                    Samples f = Samples.time(warmup, runs, () -> read(fedduck, through, q.maxRows()));
                    Samples u = off ? Samples.time(warmup, Math.max(1, runs / 2), () -> read(unpushed, through, q.maxRows())) : null;
                    Samples o = Samples.time(warmup, runs, () -> read(own, direct, q.maxRows()));
                    double ratio = f.median() / Math.max(o.median(), 0.01);
                    ratios.add(ratio);
                    System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s%.1f | %.2f |", source.name(),
                            q.client(), q.name(), f.median(), off ? String.format(Locale.ROOT, "%.1f | ", u.median()) : "",
                            o.median(), ratio));
                }
            }
        }
        List<Double> sorted = new ArrayList<>(ratios);
        sorted.sort(null);
        System.out.println(String.format(Locale.ROOT, "RESULT queries=%d median_ratio=%.2f max_ratio=%.2f", ratios.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1)));
    }

    /** Runs {@code sql} and reads every row (at most maxRows when positive); the rows read. */
    private static long read(Connection c, String sql, int maxRows) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (maxRows > 0) {
                s.setMaxRows(maxRows);
                s.setFetchSize(maxRows);
            }
            long n = 0;
            try (ResultSet rs = s.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        rs.getObject(i);
                    }
                    n++;
                }
            }
            return n;
        }
    }

    /** Creates the customers table (id primary key, name, segment) unless it is there with its 10,000 rows. */
    private static void ensureCustomers(Source source) throws SQLException {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + CUSTOMERS)) {
                if (rs.next() && rs.getLong(1) == 10_000) {
                    return;
                }
            } catch (SQLException missing) {
                // created below
            }
            s.execute("DROP TABLE IF EXISTS " + CUSTOMERS);
            String segments = "'bronze', 'silver', 'gold', 'platinum'";
            if (source.kind() == Source.Kind.POSTGRES) {
                s.execute("CREATE TABLE " + CUSTOMERS + " (id integer PRIMARY KEY, name varchar(40) NOT NULL,"
                        + " segment varchar(12) NOT NULL)");
                s.execute("INSERT INTO " + CUSTOMERS + " SELECT g, 'customer ' || g, (ARRAY[" + segments + "])[g % 4 + 1]"
                        + " FROM generate_series(0, 9999) g");
                s.execute("ANALYZE " + CUSTOMERS);
            } else {
                s.execute("CREATE TABLE " + CUSTOMERS + " (id int PRIMARY KEY, name varchar(40) NOT NULL,"
                        + " segment varchar(12) NOT NULL) CHARACTER SET utf8mb4");
                s.execute("INSERT INTO " + CUSTOMERS + " SELECT seq, concat('customer ', seq), ELT(seq % 4 + 1, " + segments + ")"
                        + " FROM seq_0_to_9999");
                s.execute("ANALYZE TABLE " + CUSTOMERS);
            }
        }
    }

    /** Creates the orders table, its indexes and statistics unless it holds {@code rows} rows already. */
    private static void ensureTable(Source source, long rows) throws SQLException {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                if (rs.next() && rs.getLong(1) == rows) {
                    return;
                }
            } catch (SQLException missing) {
                // created below
            }
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            String statuses = "'new', 'paid', 'shipped', 'delivered', 'refunded', 'cancelled'";
            if (source.kind() == Source.Kind.POSTGRES) {
                s.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, customer_id integer NOT NULL,"
                        + " status varchar(12) NOT NULL, amount numeric(12,2) NOT NULL, created_at timestamp NOT NULL,"
                        + " note text)");
                s.execute("INSERT INTO " + TABLE + " SELECT g, (g * 7919) % 10000, (ARRAY[" + statuses + "])[g % 6 + 1],"
                        + " ((g * 104729) % 1000000) / 100.0, TIMESTAMP '2024-01-01' + (g % 31536000) * INTERVAL '1 second',"
                        + " md5(g::text) FROM generate_series(1::bigint, " + rows + ") g");
            } else {
                s.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, customer_id int NOT NULL,"
                        + " status varchar(12) NOT NULL, amount decimal(12,2) NOT NULL, created_at datetime NOT NULL,"
                        + " note text) CHARACTER SET utf8mb4");
                s.execute("INSERT INTO " + TABLE + " SELECT seq, (seq * 7919) % 10000, ELT(seq % 6 + 1, " + statuses + "),"
                        + " ((seq * 104729) % 1000000) / 100.0, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq % 31536000) SECOND,"
                        + " md5(seq) FROM seq_1_to_" + rows);
            }
            s.execute("CREATE INDEX " + TABLE + "_customer ON " + TABLE + " (customer_id)");
            s.execute("CREATE INDEX " + TABLE + "_created ON " + TABLE + " (created_at)");
            s.execute("CREATE INDEX " + TABLE + "_status ON " + TABLE + " (status)");
            s.execute("CREATE INDEX " + TABLE + "_amount ON " + TABLE + " (amount)");
            s.execute(source.kind() == Source.Kind.POSTGRES ? "ANALYZE " + TABLE : "ANALYZE TABLE " + TABLE);
        }
    }
}
