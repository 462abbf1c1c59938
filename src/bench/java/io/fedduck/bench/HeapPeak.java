package io.fedduck.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Peak JVM heap use since the last reset: the sum of the peak usage of every heap memory pool (eden,
 * survivor, old). The pools may peak at different moments, so the sum is an upper bound. DuckDB's own
 * memory is native and not counted.
 */
final class HeapPeak {
    private HeapPeak() {
    }

    /** Collects garbage left by earlier work, then starts a new peak. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    static long bytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                MemoryUsage peak = pool.getPeakUsage();
                sum += peak == null ? 0 : peak.getUsed();
            }
        }
        return sum;
    }
}
