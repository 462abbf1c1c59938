package io.fedduck.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a role may do. {@link #SELECT}, {@link #WRITE_REMOTE} and {@link #SYNC} are held on connections
 * (sources); {@link #SELECT} and {@link #WRITE_LOCAL} on the local DuckDB tables; {@link #CONNECT} and
 * {@link #ADMIN} by the role as a whole.
 */
public enum Privilege {
    /** Read: query the tables, list and describe them, see the connection anywhere. */
    SELECT,
    /** Create, change and drop local DuckDB tables, views and macros (temporary ones too). */
    WRITE_LOCAL,
    /** Write to a source configured {@code read_only: false}. */
    WRITE_REMOTE,
    /** Copy a connection's tables into local tables with {@code sync_table}; the role needs write_local too. */
    SYNC,
    /** Add and remove run-time sources ({@code connect_database}, {@code disconnect_database}). */
    CONNECT,
    /** Everything, everywhere: no rule is checked. */
    ADMIN;

    /** The name the connections file uses: {@code select}, {@code write_local}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The privilege a connections file spells {@code name}, case-insensitively. */
    public static Optional<Privilege> named(String name) {
        for (Privilege p : values()) {
            if (p.configName().equalsIgnoreCase(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
