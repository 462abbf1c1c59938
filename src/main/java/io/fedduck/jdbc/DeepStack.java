package io.fedduck.jdbc;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs DuckDB's parsing, binding and planning on threads with a large stack. DuckDB recurses on the
 * calling thread's native stack, and past about 700 nested expressions or 200 chained CTEs a default 1 MB
 * Java thread stack overflows: the JVM dies with SIGSEGV, taking the user's IDE or server with it. On a
 * 256 MB stack (reserved address space, committed only as used) DuckDB's own limits (max_expression_depth)
 * answer first, with an error. The caller waits; cancel and timeouts reach the statement as before.
 */
final class DeepStack {
    /** One piece of work on a DuckDB object. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private static final long STACK_BYTES = 256L << 20;
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(null, r, "fedduck-statement-" + THREAD_NUMBERS.incrementAndGet(), STACK_BYTES);
                t.setDaemon(true);
                return t;
            });

    private DeepStack() {
    }

    static <T> T call(Work<T> work) throws SQLException {
        Future<T> future = THREADS.submit(work::run);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // The work cannot be abandoned half-way on a shared DuckDB connection; Statement.cancel()
                    // and the query timeout are how it is stopped. Keep waiting, and keep the interrupt.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException sql) {
                        throw sql;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new SQLException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
