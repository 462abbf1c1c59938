package io.fedduck.sync;

/**
 * Hears the progress of the syncs a JDBC connection runs: a few times a second during a full copy, after
 * every committed batch of an incremental one, and once at the end. Register it with
 * {@code connection.unwrap(SyncListeners.class).addSyncListener(...)}. A listener that throws stops the
 * sync: what was committed stays, and the next run resumes from there.
 */
@FunctionalInterface
public interface SyncListener {
    void onProgress(SyncProgress progress);
}
