package io.fedduck.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark for sync_table (issue 4): for each source, times a plain CREATE TABLE AS through FedDuck
 * (raw), a hand-written JDBC-to-Appender copy (naive), sync_table in full mode and in incremental mode,
 * checks every copy against the source, and prints a Markdown report. See docs/benchmarks.md.
 *
 * <p>Run with {@code mvn -q -Pbench -DskipTests test-compile exec:exec -Dbench.rows=200000 -Dbench.runs=3}.
 */
public final class SyncBenchmark {
    private static final String RAW_TABLE = "raw_copy";

    private final BenchSettings settings;
    private final Source source;
    private final Path work;
    private final Report report;

    private SyncBenchmark(BenchSettings settings, Source source, Path work, Report report) {
        this.settings = settings;
        this.source = source;
        this.work = work;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        if (!Files.isDirectory(settings.extensions())) {
            throw new IllegalStateException("no DuckDB extensions at " + settings.extensions()
                    + ": run scripts/provision-extensions.sh target/duckdb-extensions");
        }
        Report report = new Report(settings);
        Files.createDirectories(settings.workRoot());
        Path work = Files.createTempDirectory(settings.workRoot(), "run-");
        String environment;
        try {
            for (Source.Kind kind : settings.sources()) {
                new SyncBenchmark(settings, Source.fromEnvironment(kind), work, report).run();
            }
            environment = describeEnvironment(settings);
        } finally {
            deleteRecursively(work);
        }
        report.print(environment);
    }

    /** All four steps on this benchmark's source. */
    private void run() throws Exception {
        Report.log(source.name() + ": " + settings.rows() + " rows, " + settings.runs() + " runs per step");
        BenchTable table = new BenchTable(source, settings.rows());
        table.ensure();
        BenchTable.Checksum expected = table.checksum();
        requireRows(expected);
        try (Connection fedduck = DriverManager.getConnection(fedduckUrl())) {
            raw(fedduck, expected);
            naive(expected);
            syncFull(fedduck, expected);
            syncIncremental(fedduck, table);
        }
    }

    private void raw(Connection fedduck, BenchTable.Checksum expected) throws Exception {
        String sql = "CREATE OR REPLACE TABLE " + RAW_TABLE + " AS SELECT * FROM " + source.qualified(BenchTable.NAME);
        StepTimer.Timing t = StepTimer.time(settings.runs(), run -> execute(fedduck, sql));
        verify(Report.RAW, BenchTable.Checksum.of(fedduck, RAW_TABLE), expected);
        report.add(new Report.Result(Report.RAW, source.name(), settings.rows(), t, ""));
    }

    private void naive(BenchTable.Checksum expected) throws Exception {
        Path file = work.resolve("naive-" + source.name() + ".duckdb");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            StepTimer.Timing t = StepTimer.time(settings.runs(), run -> {
                long copied = NaiveCopy.copy(source, duckdb);
                if (copied != settings.rows()) {
                    throw new IllegalStateException("naive copy read " + copied + " rows, want " + settings.rows());
                }
            });
            verify(Report.NAIVE, BenchTable.Checksum.of(duckdb, NaiveCopy.TABLE), expected);
            report.add(new Report.Result(Report.NAIVE, source.name(), settings.rows(), t, ""));
        }
    }

    private void syncFull(Connection fedduck, BenchTable.Checksum expected) throws Exception {
        StepTimer.Timing t = StepTimer.time(settings.runs(), run -> SyncTable.full(fedduck, source));
        verify(Report.SYNC_FULL, BenchTable.Checksum.of(fedduck, SyncTable.FULL_TARGET), expected);
        report.add(new Report.Result(Report.SYNC_FULL, source.name(), settings.rows(), t, ""));
    }

    private void syncIncremental(Connection fedduck, BenchTable table) throws Exception {
        SyncTable.firstIncremental(fedduck, source);
        incremental(fedduck, table, Report.SYNC_INCREMENTAL, false, 0);
        incremental(fedduck, table, Report.SYNC_INCREMENTAL_ONE_TIMESTAMP, true, settings.runs());
    }

    /** Times incremental syncs, each after 1% of the rows changed (untimed); slices start at firstSlice. */
    private void incremental(Connection fedduck, BenchTable table, String step, boolean oneTimestamp, int firstSlice)
            throws Exception {
        AtomicLong changed = new AtomicLong();
        StepTimer.Timing t = StepTimer.time(settings.runs(),
                run -> changed.set(table.touchOnePercent(firstSlice + run, oneTimestamp)),
                run -> SyncTable.incremental(fedduck, source));
        verify(step, BenchTable.Checksum.of(fedduck, SyncTable.INCREMENTAL_TARGET), table.checksum());
        report.add(new Report.Result(step, source.name(), changed.get(), t, ""));
    }

    /** The FedDuck URL: a fresh local DuckDB file, a connections file with only this source. */
    private String fedduckUrl() throws IOException {
        Path config = work.resolve("connections-" + source.name() + ".yaml");
        Files.writeString(config, "connections:\n" + source.connectionsYaml());
        Path local = work.resolve("fedduck-" + source.name() + ".duckdb");
        return "jdbc:fedduck:" + local + "?config=" + encode(config.toString()) + "&extension_directory="
                + encode(settings.extensions().toString()) + "&fail_fast=true";
    }

    private void requireRows(BenchTable.Checksum source) {
        if (source.rows() != settings.rows()) {
            throw new IllegalStateException(this.source.name() + "." + BenchTable.NAME + " has " + source + ", want "
                    + settings.rows() + " rows");
        }
    }

    private void verify(String step, BenchTable.Checksum copy, BenchTable.Checksum expected) {
        if (!copy.matches(expected)) {
            throw new IllegalStateException(source.name() + " " + step + ": the copy has " + copy
                    + " but the source has " + expected);
        }
        Report.log(source.name() + " " + step + ": copy verified (" + copy + ")");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String describeEnvironment(BenchSettings settings) throws SQLException {
        String duckdb;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            duckdb = rs.getString(1);
        }
        return String.format(Locale.ROOT, "%,d rows, median of %d runs; DuckDB %s; Java %s, max heap %d MB;"
                + " %d cores; %s %s", settings.rows(), settings.runs(), duckdb, System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }


    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
