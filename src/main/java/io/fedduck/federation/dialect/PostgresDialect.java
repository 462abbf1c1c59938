package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.internal.SqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL through DuckDB's postgres extension (libpq underneath). */
final class PostgresDialect implements SourceDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname !~ '^pg_(toast|temp_)'";

    private PostgresDialect() {
    }

    /**
     * PostgreSQL lets a READ ONLY transaction write large objects, change session settings for the pooled
     * connection's later users, signal or end other sessions, and (with the rights) read server files.
     */
    private static final java.util.List<String> UNSAFE_IN_READ_ONLY_PREFIXES = java.util.List.of(
            "lo_", "set_config", "pg_cancel_backend", "pg_terminate_backend", "pg_notify", "pg_advisory",
            "pg_try_advisory", "pg_read_", "pg_ls_", "pg_stat_file", "dblink", "pg_reload_conf", "pg_rotate_logfile",
            "pg_switch_wal", "pg_create_restore_point", "pg_file_", "lowrite", "loread",
            // write-ahead log and transaction ids: pg_logical_emit_message can fill the disk
            "pg_logical_emit_message", "txid_current", "pg_current_xact_id", "pg_stat_reset", "pg_replication_",
            "pg_create_", "pg_drop_", "pg_copy_", "pg_import_system_collations", "pg_backup_", "pg_start_backup",
            "pg_stop_backup", "pg_promote", "pg_log_backend_memory_contexts");

    @Override
    public Optional<String> unsafeInReadOnlySession(java.util.Set<String> called) {
        for (String name : called) {
            for (String prefix : UNSAFE_IN_READ_ONLY_PREFIXES) {
                if (name.startsWith(prefix)) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    // set_config(..., true) is SET LOCAL: it lasts until the end of the DuckDB transaction's PostgreSQL
    // transaction, which the statement's scans and postgres_query run in (parallel scan workers use other
    // connections). The same round trip returns the backend's pid, for pg_cancel_backend on cancel().
    @Override
    public Optional<String> remoteSessionQuery(String catalog, long timeoutMillis) {
        String timeout = timeoutMillis > 0
                ? ", set_config('statement_timeout', '" + timeoutMillis + "', true) AS statement_timeout" : "";
        return Optional.of("SELECT * FROM postgres_query(" + SqlText.literal(catalog) + ", "
                + SqlText.literal("SELECT pg_backend_pid()::BIGINT AS backend" + timeout) + ")");
    }

    @Override
    public boolean cancelsByMark(long timeoutMillis) {
        return timeoutMillis <= 0;
    }

    // pg_stat_activity shows the statements of the sessions of the same role, their first
    // track_activity_query_size bytes (1 kB by default): the mark leads the pushed SQL. An idle session shows
    // its last statement: only a running one is taken, so a session since handed to other work is not.
    @Override
    public Optional<String> markedSessionsQuery(String catalog, String mark) {
        return Optional.of("SELECT * FROM postgres_query(" + SqlText.literal(catalog) + ", " + SqlText.literal(
                "SELECT pid::BIGINT AS backend FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active'"
                        + " AND strpos(query, " + SqlText.literal(mark) + ") > 0") + ")");
    }

    @Override
    public Optional<String> cancelQuery(String catalog, long sessionId) {
        return Optional.of("SELECT * FROM postgres_query(" + SqlText.literal(catalog) + ", "
                + SqlText.literal("SELECT pg_cancel_backend(" + sessionId + ") AS cancelled") + ")");
    }

    /** Not through the extension, whose pool leaks a slot per failed connection attempt: see PostgresProbe. */
    @Override
    public boolean probe(SourceConfig source, java.time.Duration timeout) throws java.io.IOException {
        if (!PostgresProbe.applies(source)) {
            return false;
        }
        PostgresProbe.probe(source, timeout);
        return true;
    }

    @Override
    public String healthQuery() {
        return "SELECT * FROM postgres_query(?, 'SELECT 1')";
    }

    @Override
    public SourceType type() {
        return SourceType.POSTGRES;
    }

    @Override
    public String extensionName() {
        return "postgres";
    }

    @Override
    public Map<String, Object> secretParameters(SourceConfig source) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("HOST", source.host());
        p.put("PORT", String.valueOf(source.port()));
        p.put("DATABASE", source.database());
        if (source.username() != null) {
            p.put("USER", source.username());
        }
        if (source.password() != null) {
            p.put("PASSWORD", source.password().reveal());
        }
        return p;
    }

    /**
     * libpq keywords that are not credentials. The extension puts the secret's values in front of this
     * string, and libpq takes the last value of a key, so these cannot be overridden by the secret.
     */
    @Override
    public String attachPath(SourceConfig source) {
        List<String> parts = new ArrayList<>();
        parts.add("connect_timeout=" + source.connectionTimeoutSeconds());
        parts.add("application_name=fedduck");
        // A server or link that vanished (a host gone, a cable pulled, a NAT entry expired) is noticed by
        // the kernel within about 30 s instead of the system's two hours: keepalive probes while libpq waits
        // for an answer, and a bound on data the peer does not acknowledge. A peer that still acknowledges
        // but never answers (a stalled proxy) is not: FedDuck's health checks and fail-fast cover that.
        parts.add("keepalives=1");
        parts.add("keepalives_idle=15");
        parts.add("keepalives_interval=5");
        parts.add("keepalives_count=3");
        parts.add("tcp_user_timeout=30000");
        if (source.sslMode() != null) {
            parts.add("sslmode=" + switch (source.sslMode()) {
                case DISABLE -> "disable";
                case REQUIRE -> "require";
                case VERIFY_FULL -> "verify-full";
            });
        }
        // The server enforces the source's query_timeout, so a runaway remote scan stops even when
        // DuckDB is not polling for interrupts. A read-only source's sessions start every transaction
        // read-only as well, so SQL that ends the extension's READ ONLY transaction (a COMMIT inside
        // postgres_execute's text) does not get a writable one. (A role with only SELECT rights is the
        // server's own guarantee; SET TRANSACTION READ WRITE can still override this default.)
        String readOnly = source.readOnly() ? " -c default_transaction_read_only=on" : "";
        parts.add("options='-c statement_timeout=" + source.queryTimeoutSeconds() * 1000L + readOnly + "'");
        return String.join(" ", parts);
    }

    /**
     * pg_class over every schema but the system ones, in one set-based query with no function per table
     * (pg_total_relation_size stats every file of every table, pg_stat_user_tables computes some twenty
     * counters per row: together about 0.5 s for 5,000 tables). reltuples is the row estimate; the size is
     * relpages of the table, its TOAST table and its indexes times the block size, as of the last VACUUM,
     * ANALYZE or CREATE INDEX (both NULL before the table is first vacuumed or analyzed, as PostgreSQL knows
     * neither then); a partitioned table sums its partitions (pg_inherits, recursively); last_modified is the
     * latest vacuum or analyze from the statistics functions.
     */
    @Override
    public String remoteTablesQuery() {
        return "SELECT schema_name, table_name, table_type, CAST(row_estimate AS BIGINT), CAST(size_bytes AS BIGINT),"
                + " CAST(last_modified AS TIMESTAMP WITH TIME ZONE) FROM postgres_query(?, " + SqlText.literal(
                "WITH RECURSIVE idx AS (SELECT x.indrelid AS oid, sum(i.relpages) AS pages"
                + " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid GROUP BY x.indrelid),"
                + " pages AS (SELECT r.oid, r.relpages::bigint + coalesce(t.relpages, 0) + coalesce(idx.pages, 0) AS pages"
                + " FROM pg_catalog.pg_class r LEFT JOIN pg_catalog.pg_class t ON t.oid = r.reltoastrelid"
                + " LEFT JOIN idx ON idx.oid = r.oid WHERE r.relkind IN ('r', 'm')),"
                + " tree AS (SELECT p.oid AS root, p.oid AS relid FROM pg_catalog.pg_class p WHERE p.relkind = 'p'"
                + " UNION ALL SELECT tree.root, h.inhrelid FROM tree JOIN pg_catalog.pg_inherits h"
                + " ON h.inhparent = tree.relid),"
                + " parts AS (SELECT tree.root AS oid, sum(greatest(r.reltuples, 0))::bigint AS row_estimate,"
                + " sum(pages.pages) AS pages FROM tree JOIN pg_catalog.pg_class r ON r.oid = tree.relid"
                + " AND r.relkind = 'r' LEFT JOIN pages ON pages.oid = r.oid GROUP BY tree.root)"
                + " SELECT n.nspname AS schema_name, c.relname AS table_name,"
                + " CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
                + " WHEN 'f' THEN 'foreign table' ELSE 'partitioned table' END AS table_type,"
                + " CASE WHEN c.relkind = 'p' THEN parts.row_estimate"
                + " WHEN c.relkind IN ('r', 'm') AND c.reltuples >= 0 THEN c.reltuples::bigint END AS row_estimate,"
                + " CASE WHEN c.relkind = 'p' THEN parts.pages WHEN c.relkind IN ('r', 'm') AND c.reltuples >= 0"
                + " THEN pages.pages END * current_setting('block_size')::bigint AS size_bytes,"
                + " greatest(pg_catalog.pg_stat_get_last_vacuum_time(c.oid),"
                + " pg_catalog.pg_stat_get_last_autovacuum_time(c.oid), pg_catalog.pg_stat_get_last_analyze_time(c.oid),"
                + " pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid)) AS last_modified"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pages ON pages.oid = c.oid LEFT JOIN parts ON parts.oid = c.oid"
                + " WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')"
                + " AND " + USER_SCHEMAS)
                + ")";
    }

    /** The primary key constraints' columns in key order; only key columns cross, filtered in DuckDB. */
    @Override
    public String primaryKeyQuery() {
        return "SELECT column_name FROM postgres_query(?, " + SqlText.literal(
                "SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name, k.ord"
                + " FROM pg_catalog.pg_constraint p JOIN pg_catalog.pg_class c ON c.oid = p.conrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY k(attnum, ord)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                + " WHERE p.contype = 'p' AND " + USER_SCHEMAS)
                + ") WHERE schema_name = ? AND table_name = ? ORDER BY ord";
    }

    /**
     * reltuples of the table; NULL before its first analyze, for an estimate of 0 and for a partitioned
     * table (left to DuckDB's own counts). postgres_query takes no parameters and the
     * names stay out of the remote SQL, so PostgreSQL sends one small row per table of pg_class and
     * DuckDB picks the table's: no sizes, no per-table functions.
     */
    @Override
    public Optional<String> rowEstimateQuery() {
        return Optional.of("SELECT CAST(row_estimate AS BIGINT) FROM postgres_query(?, " + SqlText.literal(
                "SELECT n.nspname AS schema_name, c.relname AS table_name,"
                + " CASE WHEN c.reltuples > 0 THEN c.reltuples::bigint END AS row_estimate"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'm', 'f') AND " + USER_SCHEMAS)
                + ") WHERE schema_name = ? AND table_name = ?");
    }

    @Override
    public Optional<String> clearCacheStatement() {
        return Optional.of("CALL pg_clear_cache()");
    }

    /**
     * The parallel ctid scan sends one query per range of pages, each with the filter; with an index on
     * the filtered column PostgreSQL then walks the index once per range (measured: 20 to 40 s instead
     * of about 1 s for 1% of 5 million rows). One plain query uses the index once.
     */
    @Override
    public Optional<String> selectiveScanSetting() {
        return Optional.of("SET pg_use_ctid_scan = false");
    }

    @Override
    public String defaultSchema(SourceConfig source) {
        return "public";
    }

    /** format_type for the native type, pg_get_expr for defaults, col_description for comments. */
    @Override
    public String remoteColumnsQuery() {
        return "SELECT schema_name, table_name, CAST(ordinal AS INTEGER), column_name, native_type,"
                + " CAST(nullable AS BOOLEAN), column_default, CAST(is_primary_key AS BOOLEAN), comment"
                + " FROM postgres_query(?, " + SqlText.literal(
                "SELECT n.nspname AS schema_name, c.relname AS table_name,"
                + " row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS ordinal, a.attname AS column_name,"
                + " pg_catalog.format_type(a.atttypid, a.atttypmod) AS native_type, NOT a.attnotnull AS nullable,"
                + " pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS column_default,"
                + " EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p'"
                + " AND a.attnum = ANY (k.conkey)) AS is_primary_key,"
                + " pg_catalog.col_description(c.oid, a.attnum) AS comment"
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm', 'f', 'p')"
                + " AND " + USER_SCHEMAS)
                + ")";
    }

    /** pg_constraint, its key arrays unnested in order; check_clause as pg_get_constraintdef words it. */
    @Override
    public String remoteConstraintsQuery() {
        return "SELECT schema_name, table_name, constraint_name, constraint_name, constraint_type,"
                + " CAST(position AS INTEGER), column_name, referenced_schema, referenced_table, referenced_column,"
                + " check_clause FROM postgres_query(?, " + SqlText.literal(
                "SELECT n.nspname AS schema_name, c.relname AS table_name, k.conname AS constraint_name,"
                + " CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'f' THEN 'foreign key' WHEN 'u' THEN 'unique'"
                + " ELSE 'check' END AS constraint_type, u.pos AS position, a.attname AS column_name,"
                + " rn.nspname AS referenced_schema, rc.relname AS referenced_table, ra.attname AS referenced_column,"
                + " CASE WHEN k.contype = 'c' THEN pg_catalog.pg_get_constraintdef(k.oid, true) END AS check_clause"
                + " FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(attnum, refnum, pos) ON true"
                + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum"
                + " LEFT JOIN pg_catalog.pg_class rc ON rc.oid = k.confrelid"
                + " LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
                + " LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.refnum"
                + " WHERE k.contype IN ('p', 'f', 'u', 'c') AND " + USER_SCHEMAS)
                + ")";
    }

    /** pg_index with pg_am's method; an expression key comes as pg_get_indexdef's text for it. */
    @Override
    public String remoteIndexesQuery() {
        return "SELECT schema_name, table_name, index_name, CAST(is_unique AS BOOLEAN), method,"
                + " CAST(position AS INTEGER), column_name FROM postgres_query(?, " + SqlText.literal(
                "SELECT n.nspname AS schema_name, c.relname AS table_name, i.relname AS index_name,"
                + " x.indisunique AS is_unique, am.amname::text AS method, k.pos AS position,"
                + " coalesce(a.attname::text, pg_catalog.pg_get_indexdef(x.indexrelid, k.pos, true)) AS column_name"
                + " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid"
                + " JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_am am ON am.oid = i.relam"
                + " CROSS JOIN LATERAL generate_series(1, x.indnkeyatts::int) AS k(pos)"
                + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[k.pos - 1]"
                + " AND a.attnum > 0"
                + " WHERE " + USER_SCHEMAS)
                + ")";
    }

    @Override
    public List<String> attachOptions(SourceConfig source) {
        return source.readOnly() ? List.of("READ_ONLY") : List.of();
    }
}
