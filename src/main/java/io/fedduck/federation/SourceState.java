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
 * @param session true for a source added with connect_database, false for one of the connections file
 */
public record SourceState(SourceConfig config, SourceStatus status, String lastError, Instant lastAttempt,
                          Duration lastAttemptTook, boolean session) {

    static SourceState initial(SourceConfig config) {
        return new SourceState(config, SourceStatus.DISCONNECTED, null, null, Duration.ZERO, false);
    }

    static SourceState added(SourceConfig config, Instant at, Duration took) {
        return new SourceState(config, SourceStatus.CONNECTED, null, at, took, true);
    }

    SourceState connected(Instant at, Duration took) {
        return new SourceState(config, SourceStatus.CONNECTED, null, at, took, session);
    }

    SourceState failed(String error, Instant at, Duration took) {
        return new SourceState(config, SourceStatus.ERROR, error, at, took, session);
    }

    /** Detached on request: the next connect (or refresh_database) attaches it again. */
    SourceState disconnected() {
        return new SourceState(config, SourceStatus.DISCONNECTED, null, null, Duration.ZERO, session);
    }

    public String name() {
        return config.name();
    }

    /** {@code config} or {@code session}, as list_database_connections shows it. */
    public String origin() {
        return session ? "session" : "config";
    }
}
