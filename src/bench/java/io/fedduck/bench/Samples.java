package io.fedduck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Timed runs of one measurement, in milliseconds, in the order they ran. The median of an even count is
 * the mean of the two middle values; p90 is the nearest-rank 90th percentile (the smallest value that at
 * least 90% of the runs do not exceed).
 */
record Samples(List<Double> millis) {

    Samples {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        millis = List.copyOf(millis);
    }

    /** Times {@code runs} calls of {@code action} with System.nanoTime, after {@code warmup} untimed ones. */
    static Samples time(int warmup, int runs, Action action) throws Exception {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        List<Double> millis = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return new Samples(millis);
    }

    /** One timed call. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    double median() {
        List<Double> s = sorted();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double p90() {
        List<Double> s = sorted();
        return s.get((int) Math.ceil(0.9 * s.size()) - 1);
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        List<Double> s = sorted();
        return s.get(s.size() - 1);
    }

    /** key_median_ms=... key_p90_ms=... key_min_ms=... key_max_ms=... for the RESULT line. */
    String resultFields(String key) {
        return String.format(Locale.ROOT, "%1$s_median_ms=%2$.3f %1$s_p90_ms=%3$.3f %1$s_min_ms=%4$.3f"
                + " %1$s_max_ms=%5$.3f", key, median(), p90(), min(), max());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %.3f ms, p90 %.3f, min %.3f, max %.3f (%d runs)", median(), p90(),
                min(), max(), millis.size());
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(millis);
        s.sort(null);
        return s;
    }
}
