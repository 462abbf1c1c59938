package io.fedduck.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark runs, read from system properties (the {@code bench} profile of pom.xml passes the
 * Maven properties of the same names on to the forked JVM).
 *
 * @param rows rows of the generated table bench_rows in every source ({@code bench.rows})
 * @param runs timed repetitions of every step ({@code bench.runs})
 * @param sources the sources to measure, in order ({@code bench.sources}: postgres, mysql or both)
 * @param extensions DuckDB extension directory ({@code bench.extensions})
 * @param workRoot folder for the local DuckDB files of a run ({@code bench.work}); each run gets a fresh
 *     folder inside it, deleted at the end
 */
record BenchSettings(long rows, int runs, List<Source.Kind> sources, Path extensions, Path workRoot) {

    static final long DEFAULT_ROWS = 5_000_000;

    static BenchSettings fromSystemProperties() {
        long rows = Long.parseLong(System.getProperty("bench.rows", Long.toString(DEFAULT_ROWS)).trim());
        int runs = Integer.parseInt(System.getProperty("bench.runs", "3").trim());
        if (rows < 100) {
            throw new IllegalArgumentException("bench.rows must be at least 100 (the incremental step updates 1%)");
        }
        if (runs < 1 || runs > 99) {
            throw new IllegalArgumentException("bench.runs must be from 1 to 99 (run r updates the rows with id % 100 = r)");
        }
        List<Source.Kind> sources = new ArrayList<>();
        for (String name : System.getProperty("bench.sources", "postgres,mysql").split(",")) {
            if (!name.isBlank()) {
                sources.add(Source.Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
        }
        Path extensions = Path.of(System.getProperty("bench.extensions", "target/duckdb-extensions")).toAbsolutePath();
        Path work = Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath();
        return new BenchSettings(rows, runs, List.copyOf(sources), extensions, work);
    }
}
