package io.fedduck.federation;

import io.fedduck.internal.SqlStates;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process-wide table of open federations: one per {@link FederationSpec}, reference-counted by the
 * JDBC connections that use it, so the 2nd..Nth connection reuses the attachments of the first.
 */
public final class FederationRegistry {
    private static final Map<Object, Federation> OPEN = new HashMap<>();

    private FederationRegistry() {
    }

    /** A federation with its attach warnings, as handed to a new JDBC connection. */
    public record Lease(Federation federation, List<SQLWarning> warnings) {
    }

    /**
     * Finds or starts the federation for {@code spec}, takes a reference, and attaches any source not
     * attached yet. On failure the reference is given back.
     */
    public static Lease acquire(FederationSpec spec, boolean failFast) throws SQLException {
        Federation federation = reference(spec);
        try {
            return new Lease(federation, federation.attachPending(failFast));
        } catch (SQLException | RuntimeException e) {
            release(federation);
            throw e;
        }
    }

    private static synchronized Federation reference(FederationSpec spec) throws SQLException {
        Federation federation = OPEN.get(spec.key());
        if (federation == null) {
            refuseSecondSpecForSameFile(spec);
            federation = Federation.start(spec);
            OPEN.put(spec.key(), federation);
        }
        federation.addReference();
        return federation;
    }

    /** DuckDB shares one instance per file, so two different federations on one file would collide. */
    private static void refuseSecondSpecForSameFile(FederationSpec spec) throws SQLException {
        if (spec.localDatabase() == null) {
            return;
        }
        for (Federation other : OPEN.values()) {
            if (spec.localDatabase().equals(other.spec().localDatabase())) {
                throw SqlStates.invalidValue("the local database " + spec.localDatabase()
                        + " is already open in this process with a different connections file or different"
                        + " settings (" + describe(other.spec()) + "); close those connections first or use"
                        + " the same settings");
            }
        }
    }

    private static String describe(FederationSpec spec) {
        return "config=" + (spec.config().file() == null ? "none" : spec.config().file())
                + ", extension_directory=" + spec.extensionDirectory();
    }

    static synchronized void release(Federation federation) {
        if (federation.dropReference() == 0) {
            OPEN.values().remove(federation);
            federation.shutdown();
        }
    }

    /** Number of federations open in this process (for tests and diagnostics). */
    public static synchronized int openCount() {
        return OPEN.size();
    }
}
