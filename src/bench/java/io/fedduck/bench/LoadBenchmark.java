package io.fedduck.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fedduck.testkit.FaultProxy;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load and soak through HikariCP: {@code bench.threads} threads (16) run {@code bench.statements} (10,000)
 * mixed statements each on a pool of FedDuck connections: point reads on PostgreSQL and MariaDB, a
 * cross-source join, local reads and writes, and FedDuck's table functions. Both servers sit behind a
 * {@link FaultProxy} on loopback; when half the statements are done both "restart": the proxies refuse
 * and reset every connection for {@code bench.downSeconds} (2) and then pass again.
 *
 * <p>Reported: statements and errors per kind, split into before, during and after the outage; throughput;
 * p50 and p99 latency; peak remote connections per source (sampled from pg_stat_activity and MariaDB's
 * PROCESSLIST every 200 ms); RSS and heap over time; and how long after the pool closes the remote
 * connections take to return to the idle baseline. Needs FEDDUCK_PG_* and FEDDUCK_MYSQL_* (the test
 * databases) and bench.extensions. See docs/benchmarks.md.
 */
public final class LoadBenchmark {
    private static final int ROWS = 10_000;

    /** One kind of statement in the mix, and how often it comes (weights sum to 100). */
    private enum Kind {
        PG_POINT(30), MY_POINT(25), JOIN(5), LOCAL_READ(20), LOCAL_WRITE(15), TABLE_FUNCTION(5);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind pick(int roll) {
            int sum = 0;
            for (Kind k : values()) {
                sum += k.weight;
                if (roll < sum) {
                    return k;
                }
            }
            return LOCAL_READ;
        }
    }

    /** Before, during or after the outage. */
    private enum Phase { BEFORE, DURING, AFTER }

    private static volatile Phase phase = Phase.BEFORE;
    /** The MariaDB table as FedDuck names it: catalog, the database as schema, table. */
    private static String myTable;

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", 16);
        int statements = Integer.getInteger("bench.statements", 10_000);
        int downSeconds = Integer.getInteger("bench.downSeconds", 2);
        Path work = Path.of(System.getProperty("bench.work", "target/bench-load"));
        String extensions = System.getProperty("bench.extensions", "target/duckdb-extensions");
        Files.createDirectories(work);
        Source pg = Source.fromEnvironment(Source.Kind.POSTGRES);
        Source my = Source.fromEnvironment(Source.Kind.MYSQL);
        seed(pg, my);
        myTable = "load_my." + my.database() + ".bench_load";

        try (FaultProxy pgLink = new FaultProxy(pg.host(), pg.port());
             FaultProxy myLink = new FaultProxy(my.host(), my.port());
             Connection pgAdmin = pg.open(); Connection myAdmin = my.open()) {
            Path config = work.resolve("connections.yaml");
            Files.writeString(config, "connections:\n"
                    + source("load_pg", "postgres", pgLink.port(), pg)
                    + source("load_my", "mysql", myLink.port(), my));
            String url = "jdbc:fedduck:?config=" + config + "&extension_directory=" + extensions;
            RemoteConnections remote = new RemoteConnections(pgAdmin, myAdmin, my.user());
            long pgBaseline = remote.postgres();
            long myBaseline = remote.mysql();
            long myConnectionsBefore = remote.mysqlConnectionsOpened();

            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(url);
            hc.setMaximumPoolSize(threads);
            hc.setMinimumIdle(threads);
            hc.setPoolName("fedduck-load");
            // a source outage is no reason to evict a FedDuck connection (docs/reliability.md)
            hc.setExceptionOverrideClassName("io.fedduck.pool.HikariSourceOutageOverride");
            Results results = new Results();
            Memory memory = new Memory();
            long start;
            long elapsed;
            try (HikariDataSource pool = new HikariDataSource(hc)) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS load_local (k INTEGER, v VARCHAR)");
                }
                ExecutorService workers = Executors.newFixedThreadPool(threads);
                AtomicLong done = new AtomicLong();
                long total = (long) threads * statements;
                CountDownLatch finished = new CountDownLatch(threads);
                start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    workers.execute(() -> {
                        try {
                            for (int i = 0; i < statements; i++) {
                                run(pool, Kind.pick(ThreadLocalRandom.current().nextInt(100)), results);
                                done.incrementAndGet();
                                remote.sample();
                            }
                        } finally {
                            finished.countDown();
                        }
                    });
                }
                boolean restarted = false;
                while (!finished.await(200, TimeUnit.MILLISECONDS)) {
                    remote.sample();
                    memory.sample(System.nanoTime() - start);
                    if (!restarted && done.get() >= total / 2) {
                        restarted = true;
                        Report.log("restarting both servers (the proxies refuse and reset) for " + downSeconds + " s");
                        phase = Phase.DURING;
                        pgLink.refuse();
                        myLink.refuse();
                        Thread.sleep(downSeconds * 1000L);
                        pgLink.pass();
                        myLink.pass();
                        phase = Phase.AFTER;
                    }
                }
                elapsed = System.nanoTime() - start;
                workers.shutdown();
            }
            long closedAt = System.nanoTime();
            double backToBaseline = -1;
            while (System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(30)) {
                if (remote.postgres() <= pgBaseline && remote.mysql() <= myBaseline) {
                    backToBaseline = (System.nanoTime() - closedAt) / 1e9;
                    break;
                }
                Thread.sleep(100);
            }
            results.print(threads, statements, elapsed);
            long myConnections = remote.mysqlConnectionsOpened() - myConnectionsBefore;
            System.out.printf("RESULT mysql_connections_opened=%d for %d statements that read MariaDB%n",
                    myConnections, results.reading("MY_POINT") + results.reading("JOIN"));
            System.out.printf("RESULT remote_peak pg=%d mysql=%d (baseline pg=%d mysql=%d)%n",
                    remote.pgPeak.get(), remote.myPeak.get(), pgBaseline, myBaseline);
            System.out.printf("RESULT back_to_baseline_s=%s%n", backToBaseline < 0 ? "not within 30 s"
                    : String.format("%.1f", backToBaseline));
            memory.print();
        }
    }

    private static String source(String name, String type, int port, Source s) {
        return "  " + name + ":\n    type: " + type + "\n    host: 127.0.0.1\n    port: " + port + "\n    database: "
                + s.database() + "\n    username: " + s.user() + "\n    password: '" + s.password() + "'\n"
                + "    options:\n      connection_timeout: 3\n";
    }

    private static void seed(Source pg, Source my) throws SQLException {
        try (Connection c = pg.open(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_load");
            s.execute("CREATE TABLE bench_load (id integer PRIMARY KEY, name text)");
            s.execute("INSERT INTO bench_load SELECT i, 'row ' || i FROM generate_series(1, " + ROWS + ") i");
        }
        try (Connection c = my.open(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_load");
            s.execute("CREATE TABLE bench_load (id int PRIMARY KEY, name varchar(40))");
            s.execute("INSERT INTO bench_load WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < 1000) SELECT i, CONCAT('row ', i) FROM n");
        }
    }

    private static void run(HikariDataSource pool, Kind kind, Results results) {
        long start = System.nanoTime();
        Phase at = phase;
        try (Connection c = pool.getConnection()) {
            int id = 1 + ThreadLocalRandom.current().nextInt(1000);
            String sql = switch (kind) {
                case PG_POINT -> "SELECT name FROM load_pg.public.bench_load WHERE id = ?";
                case MY_POINT -> "SELECT name FROM " + myTable + " WHERE id = ?";
                case JOIN -> "SELECT count(*) FROM load_pg.public.bench_load p JOIN " + myTable + " m"
                        + " ON p.id = m.id WHERE p.id BETWEEN ? AND ? + 20";
                case LOCAL_READ -> "SELECT count(*) FROM load_local WHERE k = ?";
                case LOCAL_WRITE -> "INSERT INTO load_local VALUES (?, 'v')";
                case TABLE_FUNCTION -> "SELECT count(*) FROM list_database_connections() WHERE name <> CAST(? AS VARCHAR)";
            };
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, id);
                if (kind == Kind.JOIN) {
                    ps.setInt(2, id);
                }
                if (kind == Kind.LOCAL_WRITE) {
                    ps.executeUpdate();
                } else {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                        }
                    }
                }
            }
            results.ok(kind, at, System.nanoTime() - start);
        } catch (SQLException e) {
            results.failed(kind, at == phase ? at : Phase.DURING, e);
            try {
                Thread.sleep(50); // as an application backs off after an error
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts and latencies per kind and phase. */
    private static final class Results {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        private final Map<String, String> firstErrors = new ConcurrentHashMap<>();
        private final long[] latencies = new long[4_000_000];
        private final AtomicInteger recorded = new AtomicInteger();

        void ok(Kind kind, Phase phase, long nanos) {
            counts.computeIfAbsent(kind + " " + phase + " ok", k -> new LongAdder()).increment();
            int i = recorded.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = nanos;
            }
        }

        void failed(Kind kind, Phase phase, SQLException e) {
            String key = kind + " " + phase + " error";
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
            firstErrors.putIfAbsent(key, e.getSQLState() + " " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse(""));
        }

        /** Statements of {@code kind} that ran, with or without an error. */
        long reading(String kind) {
            return counts.entrySet().stream().filter(e -> e.getKey().startsWith(kind + " "))
                    .mapToLong(e -> e.getValue().sum()).sum();
        }

        void print(int threads, int statements, long elapsedNanos) {
            long total = (long) threads * statements;
            counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    System.out.printf("RESULT count %-32s %d%n", e.getKey(), e.getValue().sum()));
            firstErrors.forEach((k, v) -> System.out.printf("RESULT first_error %s: %s%n", k, v));
            int n = Math.min(recorded.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            System.out.printf("RESULT throughput=%.0f statements/s over %.1f s; p50=%.2f ms p99=%.2f ms (%d ok)%n",
                    total / (elapsedNanos / 1e9), elapsedNanos / 1e9, sorted[n / 2] / 1e6,
                    sorted[(int) (n * 0.99)] / 1e6, n);
        }
    }

    /** FedDuck's connections as each server counts them. */
    private static final class RemoteConnections {
        private final Connection pgAdmin;
        private final Connection myAdmin;
        private final String myUser;
        final AtomicLong pgPeak = new AtomicLong();
        final AtomicLong myPeak = new AtomicLong();
        private final AtomicLong lastSample = new AtomicLong();

        RemoteConnections(Connection pgAdmin, Connection myAdmin, String myUser) {
            this.pgAdmin = pgAdmin;
            this.myAdmin = myAdmin;
            this.myUser = myUser;
        }

        /** At most every 200 ms, from any thread. */
        void sample() {
            long now = System.nanoTime();
            long last = lastSample.get();
            if (now - last < TimeUnit.MILLISECONDS.toNanos(200) || !lastSample.compareAndSet(last, now)) {
                return;
            }
            synchronized (this) {
                try {
                    pgPeak.accumulateAndGet(postgres(), Math::max);
                    myPeak.accumulateAndGet(mysql(), Math::max);
                } catch (SQLException e) {
                    Report.log("sampling remote connections failed: " + e.getMessage());
                }
            }
        }

        synchronized long postgres() throws SQLException {
            return single(pgAdmin, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fedduck'");
        }

        /** MariaDB's count of connections ever opened (its Connections status counter). */
        synchronized long mysqlConnectionsOpened() throws SQLException {
            try (Statement s = myAdmin.createStatement();
                 ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Connections'")) {
                rs.next();
                return rs.getLong(2);
            }
        }

        synchronized long mysql() throws SQLException {
            // the sampler's own connection is not FedDuck's
            return single(myAdmin, "SELECT count(*) - 1 FROM information_schema.PROCESSLIST WHERE USER = '"
                    + myUser.replace("'", "''") + "'");
        }

        private static long single(Connection c, String sql) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** RSS and heap, sampled every 200 ms and printed once a second of the run. */
    private static final class Memory {
        private final List<String> lines = new ArrayList<>();
        private long nextSecond;
        private long peakRss;

        void sample(long sinceStartNanos) {
            long rss = rss();
            peakRss = Math.max(peakRss, rss);
            if (sinceStartNanos >= nextSecond) {
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                lines.add(String.format("%.0f s: rss=%d MB heap=%d MB", sinceStartNanos / 1e9, rss >> 20, heap >> 20));
                nextSecond += TimeUnit.SECONDS.toNanos(10);
            }
        }

        void print() {
            lines.forEach(l -> System.out.println("RESULT memory " + l));
            System.out.printf("RESULT peak_rss=%d MB%n", peakRss >> 20);
        }

        private static long rss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (java.io.IOException e) {
                return 0;
            }
            return 0;
        }
    }
}
