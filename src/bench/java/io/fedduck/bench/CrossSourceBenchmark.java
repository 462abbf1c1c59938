package io.fedduck.bench;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A cross-source aggregate join (a 2M-row MariaDB table joined to a 200k-row PostgreSQL table, grouped)
 * through FedDuck against raw DuckDB attached by hand with the same extensions and settings, in one JVM,
 * the variants interleaved round by round so that the load of a shared machine falls on all of them alike.
 *
 * <p>Raw DuckDB is duckdb_jdbc's own driver (inside the FedDuck jar), given the same extension directory,
 * memory limit and MySQL settings as FedDuck's federation, with both sources attached the way FedDuck
 * attaches them (read-only, a temporary secret, PostgreSQL's connection options, MySQL without
 * compression) and external access switched off afterwards. A raw variant can add, one at a time, what
 * FedDuck does per statement or per session, to find where a difference goes:
 *
 * <ul>
 *   <li>{@code stream}: {@code SET SESSION jdbc_stream_results = true} (FedDuck streams every result);</li>
 *   <li>{@code tz}: {@code SET TimeZone = 'UTC'} (FedDuck's default time_zone);</li>
 *   <li>{@code txn}: {@code BEGIN TRANSACTION} before the statement, {@code SELECT 1} after its last row
 *   and {@code COMMIT} (FedDuck runs every query in a transaction of its own and checks it did not
 *   abort);</li>
 *   <li>{@code remote}: in that transaction, before the statement, the remote-session queries FedDuck
 *   runs for every PostgreSQL and MySQL source a statement names ({@code postgres_query} of
 *   {@code pg_backend_pid()}, {@code mysql_query} of {@code CONNECTION_ID()}); implies {@code txn};</li>
 *   <li>{@code deep}: the execution and the first fetch on a thread with a 256 MB stack, handed over as
 *   FedDuck does;</li>
 *   <li>{@code all}: all of the above.</li>
 * </ul>
 *
 * and can drop an instance setting FedDuck makes: {@code -ro} (attach read-write), {@code -mem} (DuckDB's
 * own memory_limit), {@code -lock} (external access left on). A variant name is {@code raw} followed by
 * such tokens, e.g. {@code raw+txn+remote} or {@code raw-ro}; {@code fedduck} and {@code fedduck-nopush}
 * (pushdown=off) go through FedDuck's driver.
 *
 * <p>Only java.sql: duckdb_jdbc is reached through DriverManager. Fixtures, created once
 * through the sources' own drivers and reused: {@code xbench_orders} in MariaDB (2,000,000 rows) and
 * {@code xbench_customers} in PostgreSQL (200,000 rows). Settings (system properties): bench.extensions,
 * bench.work, bench.warmup (2), bench.runs (9), bench.variants (fedduck,raw,raw+all), bench.query (join;
 * filtered: with a condition on each table; or limit0: the same statement with LIMIT 0, for the per-statement
 * cost alone). See
 * docs/benchmarks.md.
 */
public final class CrossSourceBenchmark {
    static final String ORDERS = "xbench_orders";
    static final String CUSTOMERS = "xbench_customers";
    static final long ORDER_ROWS = 2_000_000;
    static final long CUSTOMER_ROWS = 200_000;
    static final String[] REGIONS = {"north", "south", "east", "west", "central", "islands", "coast", "mountains"};

    private static final ExecutorService DEEP = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(null, r, "bench-deep-stack", 256L << 20);
                t.setDaemon(true);
                return t;
            });

    private CrossSourceBenchmark() {
    }

    /** One way of running the join, timed in every round. */
    interface Variant extends AutoCloseable {
        String name();

        /** Runs the join and reads every row; the rows read. */
        List<Object[]> run() throws Exception;

        /** The connection it runs on. */
        Connection connection();

        @Override
        default void close() throws SQLException {
            connection().close();
        }

        /** The rows of one run. */
        interface Run {
            List<Object[]> rows() throws Exception;
        }

        /** A variant named {@code name} that runs {@code run} on {@code c}. */
        static Variant of(String name, Connection c, Run run) {
            return new Variant() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public List<Object[]> run() throws Exception {
                    return run.rows();
                }

                @Override
                public Connection connection() {
                    return c;
                }
            };
        }
    }

    public static void main(String[] args) throws Exception {
        Path extensions = Path.of(System.getProperty("bench.extensions", "target/duckdb-extensions")).toAbsolutePath();
        Path work = Path.of(System.getProperty("bench.work", "target/bench-cross-source")).toAbsolutePath();
        int warmup = Integer.getInteger("bench.warmup", 2);
        int runs = Integer.getInteger("bench.runs", 9);
        List<String> names = List.of(System.getProperty("bench.variants", "fedduck,raw,raw+all").split(","));
        Source postgres = Source.fromEnvironment(Source.Kind.POSTGRES);
        Source mariadb = Source.fromEnvironment(Source.Kind.MYSQL);
        requireLoopback(postgres);
        requireLoopback(mariadb);
        Files.createDirectories(work);
        ensureOrders(mariadb);
        ensureCustomers(postgres);
        String url = StreamingBenchmark.fedduckUrl(work, extensions, postgres, mariadb);
        Class.forName("org.duckdb.DuckDBDriver"); // inside the FedDuck jar, not registered by it
        // bench.query=limit0: the same statement with LIMIT 0, which DuckDB answers without scanning: what is
        // left is the per-statement cost (FedDuck's checks and round trips, DuckDB's parse, bind and plan)
        String query = System.getProperty("bench.query", "join");
        boolean limit0 = query.equals("limit0");
        // bench.query=filtered: the join of the first 200,000 orders with the first 100,000 customers (the
        // orders' customer ids are a permutation of all ids, so 100,000 orders match): FedDuck reads each table
        // through its source's query with its condition, raw DuckDB scans all of MariaDB's orders
        boolean filtered = query.equals("filtered");
        expectedGroups = limit0 ? 0 : REGIONS.length;
        expectedOrders = limit0 ? 0 : filtered ? CUSTOMER_ROWS / 2 : ORDER_ROWS;
        String sql = "SELECT c.region, count(*), sum(o.amount) FROM " + mariadb.qualified(ORDERS) + " o JOIN "
                + postgres.qualified(CUSTOMERS) + " c ON o.customer_id = c.id"
                + (filtered ? " WHERE o.id <= " + CUSTOMER_ROWS + " AND c.id <= " + CUSTOMER_ROWS / 2 : "")
                + " GROUP BY c.region ORDER BY c.region" + (limit0 ? " LIMIT 0" : "");
        log("driver " + DriverManager.getDriver(url).getClass().getProtectionDomain().getCodeSource().getLocation()
                + "; Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
        log(sql);
        List<Variant> variants = new ArrayList<>();
        try {
            for (String name : names) {
                variants.add(open(name.strip(), url, sql, extensions, postgres, mariadb));
            }
            List<Object[]> expected = null;
            if (limit0) {
                log("bench.query=limit0: the join with LIMIT 0 (the per-statement cost only)");
            }
            for (Variant v : variants) {
                List<Object[]> rows = v.run();
                check(v.name(), rows);
                if (expected == null) {
                    expected = rows;
                } else if (!same(expected, rows)) {
                    throw new IllegalStateException(v.name() + " gives another result than " + variants.get(0).name());
                }
                log(v.name() + ": settings " + settingsOf(v));
            }
            Map<String, List<Double>> millis = new LinkedHashMap<>();
            Map<String, List<Double>> jvmCpu = new LinkedHashMap<>();
            Map<String, List<Double>> serverCpu = new LinkedHashMap<>();
            for (Variant v : variants) {
                millis.put(v.name(), new ArrayList<>());
                jvmCpu.put(v.name(), new ArrayList<>());
                serverCpu.put(v.name(), new ArrayList<>());
            }
            for (int round = 0; round < warmup + runs; round++) {
                // rotate the order, so no variant always runs right after the same one
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((i + round) % variants.size());
                    long servers = serverCpuMillis();
                    long cpu = OS.getProcessCpuTime();
                    long start = System.nanoTime();
                    List<Object[]> rows = v.run();
                    double ms = (System.nanoTime() - start) / 1e6;
                    double cpuMs = (OS.getProcessCpuTime() - cpu) / 1e6;
                    double serverMs = serverCpuMillis() - servers;
                    check(v.name(), rows);
                    if (round >= warmup) {
                        millis.get(v.name()).add(ms);
                        jvmCpu.get(v.name()).add(cpuMs);
                        serverCpu.get(v.name()).add(serverMs);
                    }
                }
                if (round >= warmup) {
                    StringBuilder line = new StringBuilder("round " + (round - warmup + 1) + ":");
                    millis.forEach((k, l) -> line.append(String.format(Locale.ROOT, " %s=%.0f", k, l.get(l.size() - 1))));
                    log(line.toString());
                }
            }
            report(millis, jvmCpu, serverCpu);
        } finally {
            for (Variant v : variants) {
                try {
                    v.close();
                } catch (SQLException e) {
                    log("closing " + v.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /**
     * CPU time (user + system, ms) used so far by the database servers' processes on this machine (mariadbd,
     * mysqld, postgres), from /proc; 0 where /proc cannot be read. Other clients of the same servers count too.
     */
    static long serverCpuMillis() {
        long ticks = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return 0;
        }
        for (java.io.File p : procs) {
            try {
                String stat = Files.readString(p.toPath().resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                if (!comm.equals("mariadbd") && !comm.equals("mysqld") && !comm.equals("postgres")) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (java.io.IOException | RuntimeException gone) {
                // the process ended meanwhile
            }
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static void report(Map<String, List<Double>> millis, Map<String, List<Double>> jvmCpu,
                               Map<String, List<Double>> serverCpu) {
        String base = millis.containsKey("raw") ? "raw" : millis.keySet().iterator().next();
        Samples baseSamples = new Samples(millis.get(base), 0);
        System.out.println();
        System.out.println("| variant | median ms | min | p90 | max | median / " + base + " median | median of per-round ratios"
                + " | JVM CPU ms per run (mean) | server CPU ms per run (mean) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        StringBuilder result = new StringBuilder("RESULT base=" + base);
        for (Map.Entry<String, List<Double>> e : millis.entrySet()) {
            Samples s = new Samples(e.getValue(), 0);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                ratios.add(e.getValue().get(i) / millis.get(base).get(i));
            }
            double perRound = new Samples(ratios, 0).median();
            double cpu = jvmCpu.get(e.getKey()).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double server = serverCpu.get(e.getKey()).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f | %.1f | %.1f |",
                    e.getKey(), s.median(), s.min(), s.p90(), s.max(), s.median() / baseSamples.median(), perRound, cpu,
                    server));
            String key = e.getKey().replace('+', '_').replace('-', '_');
            result.append(String.format(Locale.ROOT, " %s_median_ms=%.1f %s_min_ms=%.1f %s_ratio=%.3f %s_round_ratio=%.3f"
                    + " %s_jvm_cpu_ms=%.0f %s_server_cpu_ms=%.0f", key, s.median(), key, s.min(), key,
                    s.median() / baseSamples.median(), key, perRound, key, cpu, key, server));
        }
        result.append(" runs=").append(baseSamples.millis().size());
        System.out.println();
        System.out.println(result);
    }

    private static Variant open(String name, String url, String sql, Path extensions, Source postgres,
                                Source mariadb) throws Exception {
        if (name.equals("fedduck") || name.equals("fedduck-nopush")) {
            Connection c = DriverManager.getConnection(name.equals("fedduck") ? url : url + "&pushdown=off");
            return Variant.of(name, c, () -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    return readAll(rs);
                }
            });
        }
        if (!name.startsWith("raw")) {
            throw new IllegalArgumentException("unknown variant " + name);
        }
        Set<String> flags = new LinkedHashSet<>();
        Set<String> dropped = new LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([+-])([a-z]+)").matcher(name.substring(3));
        while (m.find()) {
            (m.group(1).equals("+") ? flags : dropped).add(m.group(2));
        }
        if (flags.remove("all")) {
            flags.addAll(List.of("stream", "tz", "txn", "remote", "deep"));
        }
        if (flags.contains("remote")) {
            flags.add("txn");
        }
        for (String f : flags) {
            if (!Set.of("stream", "tz", "txn", "remote", "deep").contains(f)) {
                throw new IllegalArgumentException("unknown ingredient +" + f + " in " + name);
            }
        }
        for (String f : dropped) {
            if (!Set.of("ro", "mem", "lock").contains(f)) {
                throw new IllegalArgumentException("unknown setting -" + f + " in " + name);
            }
        }
        Connection c = openRaw(extensions, postgres, mariadb, !dropped.contains("ro"), !dropped.contains("mem"),
                !dropped.contains("lock"));
        try (Statement s = c.createStatement()) {
            if (flags.contains("tz")) {
                s.execute("SET TimeZone = 'UTC'");
            }
            if (flags.contains("stream")) {
                s.execute("SET SESSION jdbc_stream_results = true");
            }
        }
        List<String> remote = List.of(
                "SELECT * FROM postgres_query('" + postgres.catalog() + "', 'SELECT pg_backend_pid()::BIGINT AS backend')",
                "SELECT * FROM mysql_query('" + mariadb.catalog() + "', 'SELECT CAST(CONNECTION_ID() AS SIGNED) AS connection_id')");
        boolean txn = flags.contains("txn");
        boolean deep = flags.contains("deep");
        return Variant.of(name, c, () -> {
            if (txn) {
                execute(c, "BEGIN TRANSACTION");
            }
            boolean ok = false;
            try {
                if (flags.contains("remote")) {
                    for (String q : remote) {
                        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                            rs.next();
                            rs.getLong(1);
                        }
                    }
                }
                List<Object[]> rows;
                try (Statement s = c.createStatement()) {
                    ResultSet rs = deep ? onDeepStack(() -> s.executeQuery(sql)) : s.executeQuery(sql);
                    try (rs) {
                        if (deep) {
                            // the first next() fetches a chunk: FedDuck hands that over too
                            boolean first = onDeepStack(rs::next);
                            rows = new ArrayList<>();
                            if (first) {
                                rows.add(row(rs));
                                rows.addAll(readAll(rs));
                            }
                        } else {
                            rows = readAll(rs);
                        }
                    }
                }
                if (txn) {
                    execute(c, "SELECT 1");
                }
                ok = true;
                return rows;
            } finally {
                if (txn) {
                    execute(c, ok ? "COMMIT" : "ROLLBACK");
                }
            }
        });
    }

    /**
     * Raw DuckDB as FedDuck's federation sets it up (Federation.openInstance, loadExtension,
     * SourceAttacher, the dialects' attach paths and options, lockDown), for the default source options.
     */
    static Connection openRaw(Path extensions, Source postgres, Source mariadb, boolean readOnly, boolean memoryLimit,
                              boolean lockdown) throws SQLException {
        Properties props = new Properties();
        props.setProperty("custom_user_agent", "fedduck");
        if (memoryLimit) {
            props.setProperty("memory_limit", fedduckMemoryLimit());
        }
        props.setProperty("extension_directory", extensions.toString());
        props.setProperty("autoinstall_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
        try (Statement s = c.createStatement()) {
            s.execute("LOAD postgres");
            s.execute("LOAD mysql");
            s.execute("SET GLOBAL mysql_session_time_zone = '+00:00'");
            s.execute("SET GLOBAL mysql_experimental_filter_pushdown = false");
            String ro = readOnly ? ", READ_ONLY" : "";
            secret(c, "bench_pg_secret", "postgres", postgres, true);
            s.execute("ATTACH IF NOT EXISTS 'connect_timeout=30 application_name=fedduck keepalives=1 keepalives_idle=15"
                    + " keepalives_interval=5 keepalives_count=3 tcp_user_timeout=30000 options=''-c statement_timeout=300000"
                    + (readOnly ? " -c default_transaction_read_only=on" : "") + "''' AS " + postgres.catalog()
                    + " (TYPE postgres, SECRET bench_pg_secret" + ro + ")");
            s.execute("DROP TEMPORARY SECRET IF EXISTS bench_pg_secret");
            secret(c, "bench_mysql_secret", "mysql", mariadb, false);
            s.execute("ATTACH IF NOT EXISTS 'compress=false' AS " + mariadb.catalog()
                    + " (TYPE mysql, SECRET bench_mysql_secret" + ro + ")");
            s.execute("DROP TEMPORARY SECRET IF EXISTS bench_mysql_secret");
            if (lockdown) {
                s.execute("SET enable_external_access = false");
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void secret(Connection c, String name, String type, Source source, boolean portAsText)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("CREATE OR REPLACE TEMPORARY SECRET " + name + " (TYPE " + type
                + ", HOST ?, PORT ?, DATABASE ?, USER ?, PASSWORD ?)")) {
            ps.setString(1, source.host());
            if (portAsText) {
                ps.setString(2, String.valueOf(source.port()));
            } else {
                ps.setInt(2, source.port());
            }
            ps.setString(3, source.database());
            ps.setString(4, source.user());
            ps.setString(5, source.password());
            ps.execute();
        }
    }

    /** FedDuck's default memory_limit (MemoryBudget): half of what the JVM's heap leaves, at least 256 MB. */
    static String fedduckMemoryLimit() {
        long physical = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        return (Math.max(256L << 20, (physical - heap) / 2) >> 20) + "MB";
    }

    /** The instance settings that could change the join's plan or speed, as the variant's connection sees them. */
    private static String settingsOf(Variant v) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement s = v.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT name, value"
                + " FROM duckdb_settings() WHERE name IN ('threads', 'memory_limit', 'preserve_insertion_order',"
                + " 'TimeZone', 'mysql_experimental_filter_pushdown', 'pg_use_ctid_scan', 'pg_pages_per_task',"
                + " 'pg_connection_limit', 'enable_external_access', 'jdbc_stream_results') ORDER BY name")) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ", ").append(rs.getString(1)).append('=').append(rs.getString(2));
            }
        }
        return out.toString();
    }

    private static <T> T onDeepStack(Callable<T> work) throws Exception {
        try {
            return DEEP.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<Object[]> readAll(ResultSet rs) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(row(rs));
        }
        return rows;
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        return new Object[] {rs.getString(1), rs.getLong(2), rs.getBigDecimal(3)};
    }

    private static int expectedGroups;
    private static long expectedOrders;

    /** Every region once, and every order found its customer: a join cannot look fast by finding nothing. */
    private static void check(String variant, List<Object[]> rows) {
        long orders = rows.stream().mapToLong(r -> (Long) r[1]).sum();
        if (rows.size() != expectedGroups || orders != expectedOrders) {
            throw new IllegalStateException(variant + ": " + rows.size() + " groups and " + orders + " orders, not "
                    + expectedGroups + " and " + expectedOrders);
        }
    }

    private static boolean same(List<Object[]> a, List<Object[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i)[0].equals(b.get(i)[0]) || !a.get(i)[1].equals(b.get(i)[1])
                    || ((BigDecimal) a.get(i)[2]).compareTo((BigDecimal) b.get(i)[2]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** 2M orders in MariaDB (Sequence engine), customer_id 1..200,000; created unless count and sum match. */
    static void ensureOrders(Source mariadb) throws SQLException {
        long customerSum = 0;
        for (long seq = 1; seq <= ORDER_ROWS; seq++) {
            customerSum += customerOf(seq);
        }
        try (Connection c = mariadb.open(); Statement s = c.createStatement()) {
            if (matches(s, "SELECT count(*), sum(customer_id) FROM " + ORDERS, ORDER_ROWS, customerSum)) {
                return;
            }
            log("creating " + ORDERS + " in MariaDB (" + ORDER_ROWS + " rows)");
            s.execute("DROP TABLE IF EXISTS " + ORDERS);
            s.execute("CREATE TABLE " + ORDERS + " (id bigint PRIMARY KEY, customer_id int NOT NULL,"
                    + " amount decimal(12,2) NOT NULL, created_at datetime NOT NULL)");
            s.execute("INSERT INTO " + ORDERS + " SELECT seq, (seq * 7919) % " + CUSTOMER_ROWS + " + 1,"
                    + " ((seq * 104729) % 1000000) / 100.0, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq % 31536000)"
                    + " SECOND FROM seq_1_to_" + ORDER_ROWS);
            s.execute("ANALYZE TABLE " + ORDERS);
            if (!matches(s, "SELECT count(*), sum(customer_id) FROM " + ORDERS, ORDER_ROWS, customerSum)) {
                throw new IllegalStateException(ORDERS + " does not hold what was inserted");
            }
        }
    }

    static long customerOf(long seq) {
        return (seq * 7919) % CUSTOMER_ROWS + 1;
    }

    /** 200k customers in PostgreSQL, eight regions; created unless count and sum match, then frozen and analyzed. */
    static void ensureCustomers(Source postgres) throws SQLException {
        long idSum = CUSTOMER_ROWS * (CUSTOMER_ROWS + 1) / 2;
        try (Connection c = postgres.open(); Statement s = c.createStatement()) {
            if (matches(s, "SELECT count(*), sum(id) FROM " + CUSTOMERS, CUSTOMER_ROWS, idSum)) {
                return;
            }
            log("creating " + CUSTOMERS + " in PostgreSQL (" + CUSTOMER_ROWS + " rows)");
            s.execute("DROP TABLE IF EXISTS " + CUSTOMERS);
            s.execute("CREATE TABLE " + CUSTOMERS + " (id int PRIMARY KEY, region varchar(20) NOT NULL,"
                    + " name varchar(40) NOT NULL, created_on date NOT NULL)");
            StringBuilder regions = new StringBuilder();
            for (String r : REGIONS) {
                regions.append(regions.length() == 0 ? "" : ", ").append('\'').append(r).append('\'');
            }
            s.execute("INSERT INTO " + CUSTOMERS + " SELECT g, (ARRAY[" + regions + "])[g % " + REGIONS.length + " + 1],"
                    + " 'customer ' || g, DATE '2020-01-01' + (g % 1500) FROM generate_series(1, " + CUSTOMER_ROWS + ") g");
            s.execute("VACUUM (FREEZE, ANALYZE) " + CUSTOMERS);
            if (!matches(s, "SELECT count(*), sum(id) FROM " + CUSTOMERS, CUSTOMER_ROWS, idSum)) {
                throw new IllegalStateException(CUSTOMERS + " does not hold what was inserted");
            }
        }
    }

    private static boolean matches(Statement s, String sql, long count, long sum) {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getLong(1) == count && rs.getLong(2) == sum;
        } catch (SQLException missing) {
            return false;
        }
    }

    /** The bench talks to loopback only: every address of each source host must be a loopback address. */
    private static void requireLoopback(Source source) throws java.io.IOException {
        for (InetAddress address : InetAddress.getAllByName(source.host())) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalStateException(source.name() + " host " + source.host() + " resolves to "
                        + address.getHostAddress() + ", which is not loopback; this bench only talks to loopback");
            }
        }
    }

    private static void log(String message) {
        System.out.println("[cross-source] " + message);
    }
}
