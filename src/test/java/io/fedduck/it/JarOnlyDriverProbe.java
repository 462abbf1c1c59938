package io.fedduck.it;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Runs inside a class loader that holds only the built jar (PlainJarIT defines this class there from its
 * bytes), so what it reports is what a tool that loads the jar on its own sees. It uses nothing but the JDK.
 *
 * <p>{@code apply(url)} answers one line per driver of the jar's services file ({@code service <class>
 * accepts=<bool>}), then the driver DriverManager hands this loader for the URL ({@code manager <class>
 * jar=<bool>}, or {@code manager none <SQLState>}).
 */
public final class JarOnlyDriverProbe implements Function<String, String> {
    @Override
    public String apply(String url) {
        ClassLoader jar = JarOnlyDriverProbe.class.getClassLoader();
        StringBuilder out = new StringBuilder();
        // Loading a driver runs its static initialiser, which registers it with DriverManager.
        for (Driver d : ServiceLoader.load(Driver.class, jar)) {
            out.append("service ").append(d.getClass().getName()).append(" accepts=").append(accepts(d, url))
                    .append('\n');
        }
        try {
            Driver d = DriverManager.getDriver(url);
            out.append("manager ").append(d.getClass().getName()).append(" jar=")
                    .append(d.getClass().getClassLoader() == jar).append('\n');
        } catch (SQLException e) {
            out.append("manager none ").append(e.getSQLState()).append('\n');
        }
        deregisterAll(jar);
        return out.toString();
    }

    private static boolean accepts(Driver d, String url) {
        try {
            return d.acceptsURL(url);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Leaves the test JVM's DriverManager as it was: no driver of this loader stays registered. */
    private static void deregisterAll(ClassLoader jar) {
        for (Driver registered : Collections.list(DriverManager.getDrivers())) {
            if (registered.getClass().getClassLoader() == jar) {
                try {
                    DriverManager.deregisterDriver(registered);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
