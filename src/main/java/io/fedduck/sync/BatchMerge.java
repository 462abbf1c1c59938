package io.fedduck.sync;

import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Merges one batch of fetched rows (a temp table) into the local table, inside the caller's transaction:
 * by key (an update replaces the local row; with {@code conflict := 'error'} a key the table holds fails
 * the batch), or appended. A row comes again when the local table holds it with the same key and the same
 * incremental value at or above the watermark: it is replaced, never counted and never a conflict.
 */
final class BatchMerge {
    /** What one batch did to the local table. */
    record Merged(long inserted, long updated) {
    }

    private final Connection work;
    private final LocalTable local;
    private final SourceTable remote;
    private final SyncRequest.Conflict conflict;
    private final List<String> key;
    private final String inc;

    /**
     * @param key the key columns, exactly spelled; empty only with {@code conflict := 'append'}
     * @param incremental the incremental column, exactly spelled
     */
    BatchMerge(Connection work, LocalTable local, SourceTable remote, SyncRequest.Conflict conflict, List<String> key,
               String incremental) {
        this.work = work;
        this.local = local;
        this.remote = remote;
        this.conflict = conflict;
        this.key = List.copyOf(key);
        this.inc = SqlText.identifier(incremental);
    }

    /** Merges the {@code rows} rows of temp table {@code batch}, fetched at or above {@code watermark}. */
    Merged merge(String batch, long rows, String watermark) throws SQLException {
        String target = local.sql();
        if (key.isEmpty() || conflict == SyncRequest.Conflict.APPEND) {
            long again;
            try (PreparedStatement delete = work.prepareStatement("DELETE FROM " + target + " WHERE " + inc
                    + " >= ?")) {
                delete.setString(1, watermark);
                again = delete.executeUpdate();
            }
            insert(target, batch);
            return new Merged(rows - again, 0);
        }
        // NULL keys match each other (a SQLite primary key or a named key column may hold NULL).
        String join = key.stream().map(k -> "l." + SqlText.identifier(k) + " IS NOT DISTINCT FROM b."
                + SqlText.identifier(k)).collect(Collectors.joining(" AND "));
        String keyList = key.stream().map(SqlText::identifier).collect(Collectors.joining(", "));
        if (TableSync.count(work, "SELECT count(*) FROM (SELECT 1 FROM " + batch + " GROUP BY " + keyList
                + " HAVING count(*) > 1)") > 0) {
            throw new SQLException(SyncRequest.PROCEDURE + ": primary_key (" + String.join(", ", key) + ") is not"
                    + " unique in the rows fetched from " + remote.describe() + "; name a unique key with"
                    + " primary_key := '...', or pass conflict := 'append'", "21000");
        }
        // The filter on the incremental column lets DuckDB skip the row groups below the watermark.
        long again;
        try (PreparedStatement ps = work.prepareStatement("SELECT count(*) FROM " + target + " l SEMI JOIN "
                + batch + " b ON " + join + " AND l." + inc + " = b." + inc + " WHERE l." + inc + " >= ?")) {
            ps.setString(1, watermark);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                again = rs.getLong(1);
            }
        }
        long matched;
        try (Statement delete = work.createStatement()) {
            matched = delete.executeUpdate("DELETE FROM " + target + " l USING " + batch + " b WHERE " + join);
        }
        if (conflict == SyncRequest.Conflict.ERROR && matched > again) {
            // The caller rolls the batch's transaction back: the delete above is undone.
            throw new SQLException(SyncRequest.PROCEDURE + ": conflict := 'error': " + (matched - again)
                    + " fetched row(s) of " + remote.describe() + " have a key (" + String.join(", ", key)
                    + ") that local table '" + local.name() + "' already holds; nothing of this batch was"
                    + " written", "23505");
        }
        insert(target, batch);
        return new Merged(rows - matched, matched - again);
    }

    private void insert(String target, String batch) throws SQLException {
        try (Statement s = work.createStatement()) {
            s.execute("INSERT INTO " + target + " BY NAME SELECT * FROM " + batch);
        }
    }
}
