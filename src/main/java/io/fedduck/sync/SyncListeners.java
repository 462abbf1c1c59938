package io.fedduck.sync;

/** The listeners of one FedDuck JDBC connection's syncs; {@code Connection.unwrap(SyncListeners.class)}. */
public interface SyncListeners {
    void addSyncListener(SyncListener listener);

    void removeSyncListener(SyncListener listener);
}
