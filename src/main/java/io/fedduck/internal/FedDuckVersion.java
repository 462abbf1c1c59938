package io.fedduck.internal;

/** FedDuck's own version, reported by the Driver and DatabaseMetaData. */
public final class FedDuckVersion {
    public static final int MAJOR = 0;
    public static final int MINOR = 1;
    public static final String TEXT = MAJOR + "." + MINOR + ".0";
    public static final String DRIVER_NAME = "FedDuck JDBC";

    private FedDuckVersion() {
    }
}
