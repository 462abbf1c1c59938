package io.fedduck.bench;

import java.nio.file.Path;

/**
 * What {@link OpenAndJoinBenchmark} runs, read from system properties (scripts/bench-open-join.sh and the
 * {@code open-join} execution of the {@code bench} profile pass them on).
 *
 * @param openWarmup untimed second connections opened and closed before the timed ones
 *     ({@code bench.open.warmup})
 * @param openRuns timed second connections ({@code bench.open.runs})
 * @param joinWarmup untimed runs of the cross-source join before the timed ones ({@code bench.join.warmup})
 * @param joinRuns timed runs of the cross-source join ({@code bench.join.runs})
 * @param statementWarmup untimed runs of the small local statement ({@code bench.statement.warmup})
 * @param statementRuns timed runs of the small local statement ({@code bench.statement.runs})
 * @param extensions DuckDB extension directory ({@code bench.extensions})
 * @param workRoot folder for the SQLite fixture (kept) and each run's local DuckDB file and connections
 *     file (a fresh folder per run, deleted at the end) ({@code bench.work})
 */
record OpenJoinSettings(int openWarmup, int openRuns, int joinWarmup, int joinRuns, int statementWarmup,
        int statementRuns, Path extensions, Path workRoot) {

    static OpenJoinSettings fromSystemProperties() {
        return new OpenJoinSettings(
                count("bench.open.warmup", 20, 0),
                count("bench.open.runs", 200, 1),
                count("bench.join.warmup", 3, 0),
                count("bench.join.runs", 21, 1),
                count("bench.statement.warmup", 200, 0),
                count("bench.statement.runs", 2000, 1),
                Path.of(System.getProperty("bench.extensions", "target/duckdb-extensions")).toAbsolutePath(),
                Path.of(System.getProperty("bench.work", "target/bench-open-join")).toAbsolutePath());
    }

    private static int count(String property, int fallback, int min) {
        String value = System.getProperty(property);
        int n = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        if (n < min || n > 100_000) {
            throw new IllegalArgumentException(property + " must be from " + min + " to 100000, not " + n);
        }
        return n;
    }
}
