package io.fedduck.federation;

import io.fedduck.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The live state of one source in a federation. Immutable; the federation replaces it on every change.
 *
 * @param config the source's configuration
 * @param status connected, disconnected or error
 * @param lastError the last attach error, already free of secrets, or null
 * @param lastAttempt when FedDuck last finished trying to attach it, or null
 * @param lastAttemptTook how long that attempt took (zero before the first)
 */
public record SourceState(SourceConfig config, SourceStatus status, String lastError, Instant lastAttempt,
                          Duration lastAttemptTook) {

    static SourceState initial(SourceConfig config) {
        return new SourceState(config, SourceStatus.DISCONNECTED, null, null, Duration.ZERO);
    }

    SourceState connected(Instant at, Duration took) {
        return new SourceState(config, SourceStatus.CONNECTED, null, at, took);
    }

    SourceState failed(String error, Instant at, Duration took) {
        return new SourceState(config, SourceStatus.ERROR, error, at, took);
    }

    public String name() {
        return config.name();
    }
}
