package io.fedduck.sync;

/**
 * Where a running sync stands, as a {@link SyncListener} sees it.
 *
 * @param estimatedTotal rows the run expects to copy, or -1 when unknown
 * @param percent 0 to 100, or -1 when unknown
 * @param watermark the committed watermark (incremental runs), or null
 * @param state {@code running}, {@code succeeded} or {@code failed}
 */
public record SyncProgress(long syncId, String connectionName, String sourceTable, String localTable,
                           long rowsCopied, long estimatedTotal, double percent, String watermark, String state) {
}
