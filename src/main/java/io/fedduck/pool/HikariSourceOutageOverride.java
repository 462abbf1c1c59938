package io.fedduck.pool;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.fedduck.internal.SqlStates;
import java.sql.SQLException;

/**
 * Tells HikariCP not to evict a FedDuck connection for a source outage. FedDuck reports a source that
 * cannot be reached with SQLState class 08, as pools and tools expect of an outage, but the FedDuck
 * connection itself is fine (local tables and other sources work), and HikariCP evicts on every 08 state:
 * evicting the whole pool at once would close the federation, and an in-memory local database with it.
 * A broken FedDuck connection (08006 after a stalled link, a closed connection) is still evicted.
 *
 * <p>Set it with {@code HikariConfig.setExceptionOverrideClassName("io.fedduck.pool.HikariSourceOutageOverride")}
 * or {@code exceptionOverrideClassName=io.fedduck.pool.HikariSourceOutageOverride}. HikariCP is not bundled:
 * only HikariCP loads this class.
 */
public final class HikariSourceOutageOverride implements SQLExceptionOverride {
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return isSourceOutage(e) ? SQLExceptionOverride.Override.DO_NOT_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    /** FedDuck's "source is unreachable": class 08 on a connection that still works. */
    public static boolean isSourceOutage(SQLException e) {
        return e.getErrorCode() == SqlStates.SOURCE_UNREACHABLE_CODE && e.getSQLState() != null
                && e.getSQLState().startsWith("08");
    }
}
