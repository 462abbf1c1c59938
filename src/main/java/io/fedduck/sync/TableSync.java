package io.fedduck.sync;

import io.fedduck.federation.Federation;
import io.fedduck.federation.SourceState;
import io.fedduck.federation.SourceStatus;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.Cancellation;
import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;

/**
 * Runs one {@code sync_table}: a full copy that replaces the local table in one transaction, or an
 * incremental one that merges the rows at or above the watermark in committed batches.
 *
 * <p>The data moves inside DuckDB ({@code CREATE TABLE AS} / {@code INSERT ... SELECT} from the attached
 * source), so the source extension's parallel scan does the work and no row passes through the JVM.
 * The run uses connections of its own: the caller's transaction and settings are untouched.
 */
public final class TableSync {
    private static final String BATCH = "fedduck_sync_batch";
    private static final String DELTA = "fedduck_sync_delta";

    private final Federation federation;
    private final List<SyncListener> listeners;
    private final Cancellation cancellation;

    public TableSync(Federation federation, List<SyncListener> listeners, Cancellation cancellation) {
        this.federation = federation;
        this.listeners = List.copyOf(listeners);
        this.cancellation = cancellation;
    }

    /** What the run did, as the procedure's result row. */
    public record Result(long syncId, String mode, long rowsInserted, long rowsUpdated, long localRows,
                         String watermark, long durationMillis) {
    }

    /** What a run of one mode counted. */
    private record Counts(long inserted, long updated, String watermark) {
    }

    public Result run(SyncRequest request) throws SQLException {
        long start = System.nanoTime();
        SourceState source = source(request.connectionName());
        try (DuckDBConnection work = federation.openSession(); DuckDBConnection stateSession = federation.openSession()) {
            prepare(work);
            prepare(stateSession);
            LocalTable local = LocalTable.parse(request.localTable(), federation.localCatalog());
            SourceTable remote = SourceTable.resolve(work, federation, source, request.sourceTable());
            Optional<WhereClause> where = request.whereClause() == null ? Optional.empty()
                    : Optional.of(WhereClause.parse(work, request.whereClause(), source.name()));
            ReentrantLock lock = federation.syncLock(local.lockKey());
            if (!lock.tryLock()) {
                throw new SQLException(SyncRequest.PROCEDURE + ": a sync into local table '" + local.name()
                        + "' is already running; try again when it has finished", "55006");
            }
            try {
                SyncStateStore store = new SyncStateStore(local.catalog());
                ReentrantLock stateLock = federation.syncLock("");
                stateLock.lock(); // two first syncs creating the state tables at once would conflict
                try {
                    store.ensure(stateSession);
                } finally {
                    stateLock.unlock();
                }
                store.failOrphans(stateSession, local);
                return new Run(request, local, remote, SourceDialect.of(source.config().type()), where, store, work,
                        stateSession, start).execute();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void prepare(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            // UTC makes watermarks of TIMESTAMPTZ columns read back the same on every connection.
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET enable_progress_bar = true");
            s.execute("SET enable_progress_bar_print = false");
        }
    }

    private SourceState source(String name) throws SQLException {
        List<SourceState> sources = federation.sources();
        for (SourceState s : sources) {
            if (s.name().equalsIgnoreCase(name)) {
                if (s.status() != SourceStatus.CONNECTED) {
                    throw SqlStates.undefinedObject(SyncRequest.PROCEDURE + ": connection '" + s.name()
                            + "' is not attached (status " + s.status().name().toLowerCase(Locale.ROOT)
                            + (s.lastError() == null ? "" : ": " + s.lastError()) + ")");
                }
                return s;
            }
        }
        throw SqlStates.undefinedObject(SyncRequest.PROCEDURE + ": unknown connection '" + name
                + "'; known connections: " + sources.stream().map(SourceState::name).collect(Collectors.joining(", ")));
    }

    /** One run: the checks, then the copy, with its row in sync_runs kept current. */
    private final class Run {
        private final SyncRequest request;
        private final LocalTable local;
        private final SourceTable remote;
        private final SourceDialect dialect;
        private final Optional<WhereClause> where;
        private final SyncStateStore store;
        private final Connection work;
        private final Connection stateSession;
        private final long start;
        private long syncId;
        private ProgressReporter reporter;

        Run(SyncRequest request, LocalTable local, SourceTable remote, SourceDialect dialect,
            Optional<WhereClause> where, SyncStateStore store, Connection work, Connection stateSession, long start) {
            this.request = request;
            this.local = local;
            this.remote = remote;
            this.dialect = dialect;
            this.where = where;
            this.store = store;
            this.work = work;
            this.stateSession = stateSession;
            this.start = start;
        }

        Result execute() throws SQLException {
            Optional<SyncStateStore.TableState> previous = store.tableState(stateSession, local);
            boolean exists = local.exists(work);
            if (exists && previous.isEmpty() && !request.replace()) {
                throw new SQLException(SyncRequest.PROCEDURE + ": local table '" + local.name() + "' exists and was"
                        + " not made by sync_table; pass replace := true to replace it", SqlStates.DUPLICATE_OBJECT);
            }
            List<Column> sourceColumns = Column.of(work, "SELECT * FROM " + remote.sql());
            SchemaDiff diff = previous.isPresent() && exists
                    ? SchemaDiff.between(previous.get().sourceColumns(), sourceColumns)
                    : SchemaDiff.between(sourceColumns, sourceColumns);
            if (!diff.isEmpty() && request.onSchemaChange() == SyncRequest.SchemaChange.FAIL) {
                throw new SQLException(SyncRequest.PROCEDURE + ": the columns of " + remote.describe() + " changed"
                        + " since the last sync into '" + local.name() + "' (" + diff.describe() + "); pass"
                        + " on_schema_change := 'evolve' to follow them", "55000");
            }
            Column incremental = incrementalColumn(sourceColumns);
            boolean asIncremental = request.mode() == SyncRequest.Mode.INCREMENTAL && exists && previous.isPresent()
                    && previous.get().watermark() != null
                    && incremental.name().equalsIgnoreCase(previous.get().incrementalColumn());
            List<String> key = request.mode() == SyncRequest.Mode.INCREMENTAL ? primaryKey(sourceColumns) : List.of();
            String mode = asIncremental ? "incremental" : "full";
            syncId = store.startRun(stateSession, request, local, mode);
            ProgressReporter progress = new ProgressReporter(stateSession, store, listeners, new SyncProgress(syncId,
                    remote.catalog(), remote.schema() + "." + remote.table(), local.name(), 0, -1, -1, null, "running"));
            reporter = progress;
            try (progress) {
                Counts counts = asIncremental
                        ? incremental(sourceColumns, diff, incremental, key, previous.get().watermark())
                        : full(sourceColumns, incremental);
                long localRows = count(work, "SELECT count(*) FROM " + local.sql());
                store.finish(stateSession, syncId, "succeeded", counts.inserted(), counts.updated(),
                        counts.watermark(), null);
                reporter.report(counts.inserted() + counts.updated(), -1, counts.watermark(), "succeeded");
                return new Result(syncId, mode, counts.inserted(), counts.updated(), localRows, counts.watermark(),
                        (System.nanoTime() - start) / 1_000_000L);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                String message = cancellation.isCancelled() ? cancellation.reason()
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                SQLException failure = e instanceof SQLException sql ? sql
                        : e instanceof ProgressReporter.ListenerStopped stopped
                        ? new SQLException(SyncRequest.PROCEDURE + ": a sync listener stopped the run after its last"
                                + " committed batch: " + stopped.getCause(), "57014", stopped.getCause())
                        : new SQLException(SyncRequest.PROCEDURE + ": internal error: " + message, SqlStates.INTERNAL_ERROR, e);
                try {
                    store.finish(stateSession, syncId, "failed", null, null, null, federation.redact(message));
                } catch (SQLException recording) {
                    failure.addSuppressed(recording);
                }
                throw failure;
            }
        }

        private Column incrementalColumn(List<Column> sourceColumns) throws SQLException {
            if (request.incrementalColumn() == null) {
                return null;
            }
            Column c = Column.named(sourceColumns, request.incrementalColumn());
            if (c == null) {
                throw new SQLException(SyncRequest.PROCEDURE + ": incremental_column '" + request.incrementalColumn()
                        + "' is not a column of " + remote.describe(), "42703");
            }
            if (!c.canBeWatermark()) {
                throw new SQLException(SyncRequest.PROCEDURE + ": incremental_column '" + c.name() + "' of "
                        + remote.describe() + " is " + c.type() + "; it must be a timestamp, date or integer"
                        + " column that grows on every insert and update", "42804");
            }
            return c;
        }

        /** The key an incremental merge matches on: the caller's, or the source's primary key. */
        private List<String> primaryKey(List<Column> sourceColumns) throws SQLException {
            List<String> names = request.primaryKey().isEmpty() ? sourcePrimaryKey() : request.primaryKey();
            List<String> key = new ArrayList<>();
            for (String name : names) {
                Column c = Column.named(sourceColumns, name);
                if (c == null) {
                    throw new SQLException(SyncRequest.PROCEDURE + ": primary_key column '" + name
                            + "' is not a column of " + remote.describe(), "42703");
                }
                key.add(c.name());
            }
            if (key.isEmpty() && request.conflict() != SyncRequest.Conflict.APPEND) {
                throw SqlStates.invalidValue(SyncRequest.PROCEDURE + ": " + remote.describe() + " has no primary"
                        + " key; name one with primary_key := 'col[, col]', or pass conflict := 'append'");
            }
            return key;
        }

        private List<String> sourcePrimaryKey() throws SQLException {
            List<String> key = new ArrayList<>();
            try (PreparedStatement ps = work.prepareStatement(dialect.primaryKeyQuery())) {
                int parameters = ps.getParameterMetaData().getParameterCount();
                for (int i = 1; i <= parameters - 2; i++) {
                    ps.setString(i, remote.catalog());
                }
                ps.setString(parameters - 1, remote.schema());
                ps.setString(parameters, remote.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        key.add(rs.getString(1));
                    }
                }
            }
            return key;
        }

        private String filter() {
            return where.map(w -> " AND " + w.sql()).orElse("");
        }

        /** Copies everything into a new table that replaces the old one when the transaction commits. */
        private Counts full(List<Column> sourceColumns, Column incremental) throws SQLException {
            List<String> select = new ArrayList<>();
            for (Column c : sourceColumns) {
                select.add(SqlText.identifier(c.name()));
            }
            if (request.onSchemaChange() == SyncRequest.SchemaChange.EVOLVE && local.exists(work)) {
                // Columns the source dropped stay in the local table, NULL in the new copy.
                for (Column kept : Column.of(work, "SELECT * FROM " + local.sql())) {
                    if (Column.named(sourceColumns, kept.name()) == null) {
                        select.add("CAST(NULL AS " + kept.type() + ") AS " + SqlText.identifier(kept.name()));
                    }
                }
            }
            // The source's estimate is of the whole table; with a where_clause DuckDB's own counts are nearer.
            long estimate = where.isPresent() ? -1 : remote.rowEstimate(work, dialect);
            // Outside the copy's transaction: another sync into the same new schema would otherwise hit a
            // write-write conflict on it for as long as this copy runs.
            try (Statement s = work.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.identifier(local.catalog()) + "."
                        + SqlText.identifier(local.schema()));
            }
            work.setAutoCommit(false);
            // A table has no row order, and keeping the scan's order costs the parallel copy about a tenth
            // of its time (docs/benchmarks.md). SESSION: a plain SET would change it for every connection.
            execute("SET SESSION preserve_insertion_order = false");
            try (DuckDBPreparedStatement copy = (DuckDBPreparedStatement) work.prepareStatement("CREATE OR REPLACE"
                    + " TABLE " + local.sql() + " AS SELECT " + String.join(", ", select) + " FROM " + remote.sql()
                    + where.map(w -> " WHERE " + w.sql()).orElse(""))) {
                reporter.report(0, estimate, null, "running");
                reporter.watchCopy(copy, estimate);
                try {
                    cancellation.running(copy);
                    copy.execute();
                } finally {
                    cancellation.done();
                    reporter.stopWatching();
                }
            }
            long rows = count(work, "SELECT count(*) FROM " + local.sql());
            String watermark = incremental == null ? null : text(work, "SELECT CAST(max("
                    + SqlText.identifier(incremental.name()) + ") AS VARCHAR) FROM " + local.sql());
            store.saveTableState(work, local, state(sourceColumns, watermark), syncId);
            work.commit();
            work.setAutoCommit(true);
            return new Counts(rows, 0, watermark);
        }

        /**
         * Reads the rows at or above the watermark from the source once, into a local temp table, then
         * merges them in batches of about batch_size rows in the incremental column's order, each batch
         * and its new watermark in one transaction. {@code >=}, not {@code >}: rows that share the
         * watermark's value but committed after the last run are fetched, and the rows already copied
         * with that value are replaced rather than duplicated.
         */
        private Counts incremental(List<Column> sourceColumns, SchemaDiff diff, Column incremental, List<String> key,
                                   String watermark) throws SQLException {
            String inc = SqlText.identifier(incremental.name());
            Optional<String> selective = dialect.selectiveScanSetting();
            if (selective.isPresent()) {
                execute(selective.get()); // this run's own connection only
            }
            try (PreparedStatement fetch = work.prepareStatement("CREATE OR REPLACE TEMP TABLE " + DELTA
                    + " AS SELECT * FROM " + remote.sql() + " WHERE " + inc + " >= ?" + filter())) {
                fetch.setString(1, watermark);
                reporter.watchStep((DuckDBPreparedStatement) fetch, "reading the rows at or above the watermark");
                try {
                    cancellation.running(fetch);
                    fetch.execute();
                } finally {
                    cancellation.done();
                    reporter.stopWatching();
                }
            }
            long total = count(work, "SELECT count(*) FROM temp.main." + DELTA);
            List<String> bounds = batchBounds(inc);
            reporter.report(0, total, watermark, "running");
            BatchMerge merger = new BatchMerge(work, local, remote, request.conflict(), key, incremental.name());
            long inserted = 0;
            long updated = 0;
            String current = watermark;
            work.setAutoCommit(false);
            boolean first = true;
            for (int i = 0; i <= bounds.size(); i++) {
                cancellation.check();
                String upper = i < bounds.size() ? bounds.get(i) : null;
                if (upper != null && upper.equals(current)) {
                    continue; // many rows share the watermark's value: they go with the next batch
                }
                if (first) {
                    evolve(diff);
                    first = false;
                }
                // One batch is the whole delta: merge straight from it rather than copy it first.
                String batchTable = "temp.main." + (bounds.isEmpty() ? DELTA : BATCH);
                if (!bounds.isEmpty()) {
                    try (PreparedStatement batch = work.prepareStatement("CREATE OR REPLACE TEMP TABLE " + BATCH
                            + " AS SELECT * FROM temp.main." + DELTA + " WHERE " + inc + " >= ?"
                            + (upper == null ? "" : " AND " + inc + " < ?"))) {
                        batch.setString(1, current);
                        if (upper != null) {
                            batch.setString(2, upper);
                        }
                        batch.execute();
                    }
                }
                long rows = bounds.isEmpty() ? total : count(work, "SELECT count(*) FROM " + batchTable);
                BatchMerge.Merged merged = merger.merge(batchTable, rows, current);
                inserted += merged.inserted();
                updated += merged.updated();
                if (rows > 0) {
                    current = text(work, "SELECT CAST(max(" + inc + ") AS VARCHAR) FROM " + batchTable);
                }
                store.saveTableState(work, local, state(sourceColumns, current), syncId);
                work.commit();
                reporter.report(inserted + updated, total, current, "running");
            }
            try (Statement s = work.createStatement()) {
                s.execute("DROP TABLE IF EXISTS temp.main." + BATCH);
                s.execute("DROP TABLE IF EXISTS temp.main." + DELTA);
            }
            work.commit();
            work.setAutoCommit(true);
            return new Counts(inserted, updated, current);
        }

        /**
         * The upper bounds (exclusive) of the batches: the incremental value of row batch_size + 1,
         * 2 * batch_size + 1, ... of the fetched rows in order. Rows sharing a value stay in one batch.
         */
        private List<String> batchBounds(String inc) throws SQLException {
            List<String> bounds = new ArrayList<>();
            try (PreparedStatement ps = work.prepareStatement("SELECT CAST(v AS VARCHAR) FROM (SELECT " + inc
                    + " AS v, row_number() OVER (ORDER BY " + inc + ") AS rn FROM temp.main." + DELTA + ")"
                    + " WHERE rn > 1 AND (rn - 1) % ? = 0 ORDER BY rn")) {
                ps.setLong(1, request.batchSize());
                try (ResultSet rs = ps.executeQuery()) {
                    String previous = null;
                    while (rs.next()) {
                        String v = rs.getString(1);
                        if (!v.equals(previous)) {
                            bounds.add(v);
                        }
                        previous = v;
                    }
                }
            }
            return bounds;
        }

        /** New columns are added; changed types are altered (DuckDB widens where it can). */
        private void evolve(SchemaDiff diff) throws SQLException {
            if (diff.isEmpty()) {
                return;
            }
            try (Statement s = work.createStatement()) {
                for (Column c : diff.added()) {
                    s.execute("ALTER TABLE " + local.sql() + " ADD COLUMN " + SqlText.identifier(c.name()) + " "
                            + c.type());
                }
                for (SchemaDiff.Changed c : diff.changed()) {
                    s.execute("ALTER TABLE " + local.sql() + " ALTER COLUMN " + SqlText.identifier(c.name())
                            + " SET DATA TYPE " + c.after());
                }
            }
        }

        private SyncStateStore.TableState state(List<Column> sourceColumns, String watermark) {
            return new SyncStateStore.TableState(remote.catalog(), remote.schema() + "." + remote.table(),
                    request.modeName(), request.incrementalColumn(), watermark, sourceColumns);
        }

        private void execute(String sql) throws SQLException {
            try (Statement s = work.createStatement()) {
                s.execute(sql);
            }
        }

        private void rollbackQuietly() {
            try {
                if (!work.getAutoCommit()) {
                    work.rollback();
                    work.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // the connection closes next; DuckDB rolls back what is left
            }
        }
    }

    static long count(Connection session, String sql) throws SQLException {
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection session, String sql) throws SQLException {
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
