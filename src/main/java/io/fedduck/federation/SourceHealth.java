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
 */
public record SourceHealth(boolean reachable, String error, Instant checkedAt, Instant lastContact,
                           Duration latency) {

    static SourceHealth answered(Instant at, Duration latency) {
        return new SourceHealth(true, null, at, at, latency);
    }

    /** Unreachable now; the last good contact and its latency are kept. */
    SourceHealth failed(String why, Instant at) {
        return new SourceHealth(false, why, at, lastContact, latency);
    }

    static SourceHealth neverReached(String why, Instant at) {
        return new SourceHealth(false, why, at, null, null);
    }
}
