package io.fedduck.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a step a number of times and records each run's wall-clock time and the peak JVM heap over all
 * runs. Work that must happen before a run but is not part of it (changing the source) runs untimed.
 */
final class StepTimer {

    /** One run of a step; {@code run} counts from 1. */
    @FunctionalInterface
    interface Action {
        void run(int run) throws Exception;
    }

    /** The seconds of every run, in order, and the highest heap peak of any run. */
    record Timing(List<Double> seconds, long peakHeapBytes) {
        double median() {
            List<Double> sorted = new ArrayList<>(seconds);
            sorted.sort(null);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        double max() {
            return seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }

    private StepTimer() {
    }

    static Timing time(int runs, Action timed) throws Exception {
        return time(runs, run -> { }, timed);
    }

    static Timing time(int runs, Action untimedBefore, Action timed) throws Exception {
        List<Double> seconds = new ArrayList<>();
        long peak = 0;
        for (int run = 1; run <= runs; run++) {
            untimedBefore.run(run);
            HeapPeak.reset();
            long start = System.nanoTime();
            timed.run(run);
            seconds.add((System.nanoTime() - start) / 1e9);
            peak = Math.max(peak, HeapPeak.bytes());
        }
        return new Timing(List.copyOf(seconds), peak);
    }
}
