package io.fedduck.federation;

/** Where a configured source stands in its federation. */
public enum SourceStatus {
    /** Attached: its catalog is queryable. */
    CONNECTED,
    /** Not attached yet, or detached. */
    DISCONNECTED,
    /** The last attach attempt failed; it is retried on the next connect. */
    ERROR
}
