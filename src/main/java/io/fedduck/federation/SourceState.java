package io.fedduck.federation;

import io.fedduck.config.SourceConfig;
import java.time.Instant;

/**
 * The live state of one source in a federation. Immutable; the federation replaces it on every change.
 *
 * @param config the source's configuration
 * @param status connected, disconnected or error
 * @param lastError the last attach error, already free of secrets, or null
 * @param lastAttempt when FedDuck last tried to attach it, or null
 */
public record SourceState(SourceConfig config, SourceStatus status, String lastError, Instant lastAttempt) {

    static SourceState initial(SourceConfig config) {
        return new SourceState(config, SourceStatus.DISCONNECTED, null, null);
    }

    SourceState connected(Instant at) {
        return new SourceState(config, SourceStatus.CONNECTED, null, at);
    }

    SourceState failed(String error, Instant at) {
        return new SourceState(config, SourceStatus.ERROR, error, at);
    }

    public String name() {
        return config.name();
    }
}
