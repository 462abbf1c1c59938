package io.fedduck.jdbc;

import io.fedduck.internal.Cancellation;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        try {
            return call(work, null, null);
        } catch (Abandoned e) {
            throw new AssertionError("work without a cancellation is never abandoned", e);
        }
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    /** How long a cancelled statement may go on waiting on a source before its caller is let go. */
    static final long STALL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * Thrown to the caller of a cancelled statement that went on waiting on a source for
     * {@link #STALL_GRACE_NANOS} more: a stalled link, which neither the source's cancel (sent over the same
     * link) nor DuckDB's interrupt (seen between chunks only) can end. The work goes on on its own thread.
     */
    static final class Abandoned extends Exception {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /**
     * Like {@link #call(Work)}, for a statement that {@code cancellation} can stop: once it has been
     * cancelled for {@link #STALL_GRACE_NANOS} and still runs, the caller gets {@link Abandoned} and
     * {@code whenAbandonedWorkEnds} runs on the work's thread when the work returns at last.
     */
    static <T> T call(Work<T> work, Cancellation cancellation, Runnable whenAbandonedWorkEnds)
            throws SQLException, Abandoned {
        CompletableFuture<T> future = new CompletableFuture<>();
        // Who owns the outcome: the caller until the work ends (DONE), or the work's own thread once the
        // caller gave up on it (ABANDONED); exactly one of the two wins.
        AtomicInteger owner = new AtomicInteger(RUNNING);
        THREADS.execute(() -> {
            T result = null;
            Throwable error = null;
            try {
                result = work.run();
            } catch (Throwable t) {
                error = t;
            }
            if (owner.compareAndSet(RUNNING, DONE)) {
                if (error == null) {
                    future.complete(result);
                } else {
                    future.completeExceptionally(error);
                }
                return;
            }
            if (result instanceof AutoCloseable closeable) {
                closeQuietly(closeable); // nobody reads the result of abandoned work
            }
            try {
                whenAbandonedWorkEnds.run();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(DeepStack.class.getName()).log(java.util.logging.Level.FINE,
                        "cleaning up after abandoned work failed", e);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return cancellation == null ? future.get() : future.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancellation.nanosSinceCancelled() > STALL_GRACE_NANOS
                            && owner.compareAndSet(RUNNING, ABANDONED)) {
                        throw new Abandoned();
                    }
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nobody reads the result of abandoned work
        }
    }
}
