package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
import io.fedduck.internal.SqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PostgreSQL through DuckDB's postgres extension (libpq underneath). */
final class PostgresDialect implements SourceDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
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
        if (source.sslMode() != null) {
            parts.add("sslmode=" + switch (source.sslMode()) {
                case DISABLE -> "disable";
                case REQUIRE -> "require";
                case VERIFY_FULL -> "verify-full";
            });
        }
        // The server enforces the source's query_timeout, so a runaway remote scan stops even when
        // DuckDB is not polling for interrupts.
        parts.add("options='-c statement_timeout=" + source.queryTimeoutSeconds() * 1000L + "'");
        return String.join(" ", parts);
    }

    /**
     * pg_class over every schema but the system ones: reltuples as the row estimate (NULL when never
     * analyzed), pg_total_relation_size (tables, materialized views; partitioned tables sum their
     * partitions), and the latest vacuum or analyze from pg_stat_user_tables as last_modified.
     */
    @Override
    public String remoteTablesQuery() {
        return "SELECT schema_name, table_name, table_type, CAST(row_estimate AS BIGINT), CAST(size_bytes AS BIGINT),"
                + " CAST(last_modified AS TIMESTAMP WITH TIME ZONE) FROM postgres_query(?, " + SqlText.literal(
                "SELECT n.nspname AS schema_name, c.relname AS table_name,"
                + " CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
                + " WHEN 'f' THEN 'foreign table' ELSE 'partitioned table' END AS table_type,"
                + " CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(r.reltuples, 0))::bigint"
                + " FROM pg_catalog.pg_partition_tree(c.oid) t JOIN pg_catalog.pg_class r ON r.oid = t.relid"
                + " WHERE r.relkind = 'r')"
                + " WHEN c.relkind IN ('r', 'm') AND c.reltuples >= 0 THEN c.reltuples::bigint END AS row_estimate,"
                + " CASE WHEN c.relkind = 'p' THEN (SELECT sum(pg_catalog.pg_total_relation_size(t.relid))::bigint"
                + " FROM pg_catalog.pg_partition_tree(c.oid) t)"
                + " WHEN c.relkind IN ('r', 'm') THEN pg_catalog.pg_total_relation_size(c.oid) END AS size_bytes,"
                + " greatest(s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze) AS last_modified"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid"
                + " WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'")
                + ")";
    }

    @Override
    public List<String> attachOptions(SourceConfig source) {
        return source.readOnly() ? List.of("READ_ONLY") : List.of();
    }
}
