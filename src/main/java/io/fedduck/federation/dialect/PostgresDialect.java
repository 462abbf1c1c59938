package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import io.fedduck.config.SourceType;
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

    @Override
    public List<String> attachOptions(SourceConfig source) {
        return source.readOnly() ? List.of("READ_ONLY") : List.of();
    }
}
