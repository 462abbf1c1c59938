package io.fedduck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Collects the result of every step and prints them as a Markdown table, followed by the ratios issue 4
 * sets targets for.
 */
final class Report {
    static final String RAW = "raw";
    static final String NAIVE = "naive";
    static final String SYNC_FULL = "sync_full";
    static final String SYNC_INCREMENTAL = "sync_incremental";
    static final String SYNC_INCREMENTAL_ONE_TIMESTAMP = "sync_incremental_one_timestamp";

    /**
     * One step on one source. rows is what a run moves: the whole table, or for sync_incremental the rows
     * changed before each run. timing is null when the step was skipped (note says why).
     */
    record Result(String step, String source, long rows, StepTimer.Timing timing, String note) {
        double rowsPerSecond() {
            return rows / timing.median();
        }
    }

    private final BenchSettings settings;
    private final List<Result> results = new ArrayList<>();

    Report(BenchSettings settings) {
        this.settings = settings;
    }

    void add(Result result) {
        results.add(result);
        if (result.timing() == null) {
            log(result.source() + " " + result.step() + ": skipped, " + result.note());
        } else {
            StepTimer.Timing t = result.timing();
            log(String.format(Locale.ROOT, "%s %s: median %.3f s (min %.3f, max %.3f), %s rows/s, peak heap %.1f MB",
                    result.source(), result.step(), t.median(), t.min(), t.max(),
                    count(result.rowsPerSecond()), mb(t.peakHeapBytes())));
        }
    }

    void print(String environment) {
        StringBuilder out = new StringBuilder("\n## sync_table benchmark\n\n").append(environment).append("\n\n");
        out.append("| step | source | rows per run | median s | min s | max s | rows/s | vs raw | peak heap MB |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            if (r.timing() == null) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | skipped: %s | | | | | |%n",
                        r.step(), r.source(), r.rows(), r.note()));
                continue;
            }
            StepTimer.Timing t = r.timing();
            String vsRaw = find(RAW, r.source()).map(raw -> String.format(Locale.ROOT, "%.2fx",
                    raw.timing().median() / t.median())).orElse("");
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %s | %s | %.1f |%n",
                    r.step(), r.source(), r.rows(), t.median(), t.min(), t.max(), count(r.rowsPerSecond()), vsRaw,
                    mb(t.peakHeapBytes())));
        }
        out.append("\nvs raw: raw's median time divided by the step's (above 1: faster than raw).\n");
        out.append("\n### Targets of issue 4\n\n| source | ratio | measured | target | |\n|---|---|---:|---:|---|\n");
        for (Source.Kind kind : settings.sources()) {
            String source = kind.type;
            out.append(ratio(source, "sync_full / raw throughput", SYNC_FULL, RAW, true, 0.9, true));
            out.append(ratio(source, "sync_full speed-up over naive", SYNC_FULL, NAIVE, true, 5.0, true));
            out.append(ratio(source, "incremental time / full time", SYNC_INCREMENTAL, SYNC_FULL, false, 0.1, false));
            out.append(ratio(source, "incremental (one timestamp) time / full time", SYNC_INCREMENTAL_ONE_TIMESTAMP,
                    SYNC_FULL, false, 0.1, false));
        }
        System.out.println(out);
    }

    /**
     * One line of the targets table. With {@code inverse} the ratio is other's time over step's time (a
     * throughput or speed-up ratio), else step's time over other's.
     */
    private String ratio(String source, String label, String step, String other, boolean inverse, double target,
            boolean atLeast) {
        Optional<Result> a = find(step, source).filter(r -> r.timing() != null);
        Optional<Result> b = find(other, source).filter(r -> r.timing() != null);
        String goal = (atLeast ? ">= " : "<= ") + target;
        if (a.isEmpty() || b.isEmpty()) {
            return "| " + source + " | " + label + " | not measured | " + goal + " | |\n";
        }
        double ta = a.get().timing().median();
        double tb = b.get().timing().median();
        double value = inverse ? tb / ta : ta / tb;
        boolean met = atLeast ? value >= target : value <= target;
        return String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %s |%n", source, label, value, goal,
                met ? "met" : "MISSED");
    }

    private Optional<Result> find(String step, String source) {
        return results.stream().filter(r -> r.step().equals(step) && r.source().equals(source)).findFirst();
    }

    private static String count(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
