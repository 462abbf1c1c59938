package io.fedduck.federation;

import java.time.Duration;
import java.time.Instant;

/**
 * What FedDuck last learned of an attached source's server: from a health check's round trip, or from a
 * statement that failed on the link.
 *
 * @param reachable the last contact worked
 * @param error why it did not, free of secrets; null when reachable
 * @param checkedAt when this was learned
 * @param lastContact the last time a round trip worked, or null
 * @param latency that round trip's time, or null
 * @param stalled unreachable because nothing answered in time (a stalled link), rather than an error answer
 *     such as a refused connection
 */
public record SourceHealth(boolean reachable, String error, Instant checkedAt, Instant lastContact,
                           Duration latency, boolean stalled) {

    static SourceHealth answered(Instant at, Duration latency) {
        return new SourceHealth(true, null, at, at, latency, false);
    }

    /** Unreachable now; the last good contact and its latency are kept. */
    SourceHealth failed(String why, Instant at, boolean stalled) {
        return new SourceHealth(false, why, at, lastContact, latency, stalled);
    }

    static SourceHealth neverReached(String why, Instant at, boolean stalled) {
        return new SourceHealth(false, why, at, null, null, stalled);
    }
}
