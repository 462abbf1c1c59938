package io.fedduck.federation;

import java.lang.management.ManagementFactory;

/**
 * The default {@code memory_limit} of a federation's DuckDB instance. DuckDB's own default is 80% of the
 * machine's memory, which ignores that it shares the process with a JVM (an IDE, an application server):
 * a runaway query would take memory the JVM's heap was promised and the kernel would kill the host.
 * FedDuck's default is half of what the heap leaves, at least 256 MB; DuckDB spills larger sorts, joins and
 * aggregates to its temp directory and fails a query that still does not fit, instead of the process.
 */
final class MemoryBudget {
    private static final long MIN_BYTES = 256L << 20;

    private MemoryBudget() {
    }

    /** The default as a DuckDB size string, e.g. {@code 5120MB}. */
    static String defaultDuckDbLimit() {
        return (limitBytes(physicalMemoryBytes(), Runtime.getRuntime().maxMemory()) >> 20) + "MB";
    }

    static long limitBytes(long physical, long jvmMaxHeap) {
        if (physical <= 0) {
            return MIN_BYTES * 4; // unknown machine: a modest 1 GB
        }
        long heap = jvmMaxHeap == Long.MAX_VALUE ? physical / 4 : jvmMaxHeap;
        return Math.max(MIN_BYTES, (physical - heap) / 2);
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
