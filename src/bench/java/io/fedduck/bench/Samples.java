package io.fedduck.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Timed runs of one measurement: the wall-clock time of each run in milliseconds, in the order they ran,
 * and the CPU time of the whole JVM process (Java and DuckDB threads, GC and JIT included; not the
 * database servers') over all timed runs divided by their number. The JDK reads process CPU time in
 * clock ticks (10 ms on Linux), too coarse for one run, so CPU time is a mean over the batch. The median of
 * an even count is the mean of the two middle values; p90 is the nearest-rank 90th percentile (the
 * smallest value that at least 90% of the runs do not exceed).
 */
record Samples(List<Double> millis, double cpuMillisPerRun) {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    Samples {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        millis = List.copyOf(millis);
    }

    /** Times {@code runs} calls of {@code action}, after {@code warmup} untimed ones. */
    static Samples time(int warmup, int runs, Action action) throws Exception {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        List<Double> millis = new ArrayList<>(runs);
        long cpuStart = OS.getProcessCpuTime();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        double cpu = (OS.getProcessCpuTime() - cpuStart) / 1e6 / runs;
        return new Samples(millis, cpu);
    }

    /** One timed call. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    double median() {
        return median(millis);
    }

    double p90() {
        List<Double> s = sorted(millis);
        return s.get((int) Math.ceil(0.9 * s.size()) - 1);
    }

    double min() {
        return sorted(millis).get(0);
    }

    double max() {
        return sorted(millis).get(millis.size() - 1);
    }

    /** key_median_ms=... key_p90_ms=... key_min_ms=... key_max_ms=... key_cpu_mean_ms=... for the RESULT line. */
    String resultFields(String key) {
        return String.format(Locale.ROOT, "%1$s_median_ms=%2$.3f %1$s_p90_ms=%3$.3f %1$s_min_ms=%4$.3f"
                + " %1$s_max_ms=%5$.3f %1$s_cpu_mean_ms=%6$.3f", key, median(), p90(), min(), max(), cpuMillisPerRun);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %.3f ms, p90 %.3f, min %.3f, max %.3f; process CPU %.3f ms per run"
                + " (%d runs)", median(), p90(), min(), max(), cpuMillisPerRun, millis.size());
    }

    private static double median(List<Double> values) {
        List<Double> s = sorted(values);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        return s;
    }
}
