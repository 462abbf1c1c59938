package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.internal.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A cancelled statement whose work does not return is let go after the grace; its cleanup runs later. */
class DeepStackAbandonTest {

    @Test
    void workThatIgnoresItsCancelIsAbandonedAfterTheGraceAndCleanedUpWhenItReturns() throws Exception {
        Cancellation cancellation = new Cancellation();
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        cancellation.mark("timeout");
        long start = System.nanoTime();
        assertThrows(DeepStack.Abandoned.class, () -> DeepStack.call(() -> {
            awaitQuietly(stalled); // a client library waiting on a dead link
            return "late";
        }, cancellation, cleanedUp::countDown));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 2000 && waited < 4000, "let go after " + waited + " ms");
        assertEquals(1, cleanedUp.getCount(), "no cleanup while the work still runs");
        stalled.countDown();
        assertTrue(cleanedUp.await(5, TimeUnit.SECONDS), "cleanup once the work returned");
    }

    @Test
    void workThatEndsIsNeverAbandonedEvenWhenCancelledLongAgo() throws Exception {
        Cancellation cancellation = new Cancellation();
        cancellation.mark("timeout");
        Thread.sleep(2100);
        AtomicBoolean cleanup = new AtomicBoolean();
        assertEquals("done", DeepStack.call(() -> "done", cancellation, () -> cleanup.set(true)));
        assertFalse(cleanup.get());
    }

    @Test
    void workThatIsNotCancelledIsWaitedFor() throws Exception {
        Cancellation cancellation = new Cancellation();
        CountDownLatch never = new CountDownLatch(1);
        assertEquals("slow", DeepStack.call(() -> {
            try {
                never.await(2500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow";
        }, cancellation, () -> { }));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
