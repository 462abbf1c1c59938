package io.fedduck.federation;

/** The DuckDB engine FedDuck is built for; extension binaries must match it exactly. */
public final class DuckDbVersion {
    /** Engine version as DuckDB names its extension folders. */
    public static final String ENGINE = "v1.4.4";

    private DuckDbVersion() {
    }
}
