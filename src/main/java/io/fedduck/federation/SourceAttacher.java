package io.fedduck.federation;

import io.fedduck.config.SourceConfig;
import io.fedduck.federation.dialect.SourceDialect;
import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attaches one source: a temporary DuckDB secret holding its credentials (bound as parameters, so no
 * password is in any SQL text or query log), then {@code ATTACH '<non-secret path>' AS name (TYPE, SECRET)},
 * then the secret is dropped again.
 *
 * <p>Why the secret does not outlive the ATTACH: the catalog keeps the connection string it built from
 * the secret, and its pool reconnects with that, so nothing needs the secret afterwards. Any secret left
 * in the instance could be named by user SQL ({@code ATTACH 'host=elsewhere' (TYPE postgres, SECRET s)}
 * sends the stored password to another host), so with none left the stored credentials serve their own
 * catalog only, whatever SQL a connection sends. A failed attach leaves neither secret nor catalog behind.
 */
final class SourceAttacher {
    private final SecretRedactor redactor;

    SourceAttacher(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    static String secretName(SourceConfig source) {
        return "fedduck_" + source.name().toLowerCase(Locale.ROOT);
    }

    void attach(Connection root, SourceConfig source) throws SQLException {
        SourceDialect dialect = SourceDialect.of(source.type());
        dialect.checkReachable(source);
        Map<String, Object> secret = dialect.secretParameters(source);
        boolean attached = false;
        try {
            if (!secret.isEmpty()) {
                createSecret(root, source, secret);
            }
            try (Statement s = root.createStatement()) {
                s.execute(attachSql(dialect, source, !secret.isEmpty()));
                attached = true;
            }
        } catch (SQLException e) {
            if (attached) {
                detachQuietly(root, source);
            }
            throw translate(source, e);
        } finally {
            dropSecret(root, source);
        }
    }

    void detach(Connection root, SourceConfig source) throws SQLException {
        try (Statement s = root.createStatement()) {
            s.execute("DETACH DATABASE IF EXISTS " + SqlText.identifier(source.name()));
        }
        dropSecret(root, source);
    }

    private static void createSecret(Connection root, SourceConfig source, Map<String, Object> params)
            throws SQLException {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMPORARY SECRET ")
                .append(SqlText.identifier(secretName(source)))
                .append(" (TYPE ").append(SourceDialect.of(source.type()).extensionName());
        for (Map.Entry<String, Object> p : params.entrySet()) {
            sql.append(", ").append(p.getKey()).append(" ?");
            values.add(p.getValue());
        }
        sql.append(')');
        try (PreparedStatement ps = root.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.execute();
        }
    }

    private static void detachQuietly(Connection root, SourceConfig source) {
        try (Statement s = root.createStatement()) {
            s.execute("DETACH DATABASE IF EXISTS " + SqlText.identifier(source.name()));
        } catch (SQLException ignored) {
            // the attach error is what the caller needs; nothing else can be done here
        }
    }

    private static void dropSecret(Connection root, SourceConfig source) {
        try (Statement s = root.createStatement()) {
            s.execute("DROP TEMPORARY SECRET IF EXISTS " + SqlText.identifier(secretName(source)));
        } catch (SQLException ignored) {
            // Nothing to clean up, or the instance is going away anyway.
        }
    }

    private static String attachSql(SourceDialect dialect, SourceConfig source, boolean withSecret) {
        List<String> options = new ArrayList<>();
        options.add("TYPE " + dialect.extensionName());
        if (withSecret) {
            options.add("SECRET " + SqlText.identifier(secretName(source)));
        }
        options.addAll(dialect.attachOptions(source));
        return "ATTACH IF NOT EXISTS " + SqlText.literal(dialect.attachPath(source)) + " AS "
                + SqlText.identifier(source.name()) + " (" + String.join(", ", options) + ")";
    }

    /** A clear error naming the source, with an SQLState that says what kind of failure it was. */
    private SQLException translate(SourceConfig source, SQLException e) {
        if (e.getSQLState() != null && e.getMessage() != null && e.getMessage().startsWith("source '")) {
            return e; // already ours (checkReachable)
        }
        String detail = redactor.redact(clean(e.getMessage()));
        String message = "source '" + source.name() + "' (" + describe(source) + "): " + detail;
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("password authentication failed") || lower.contains("access denied")
                || lower.contains("authentication failed") || lower.contains("no password supplied")) {
            return SqlStates.authenticationFailed(message, null);
        }
        if (lower.contains("unable to open database file") || lower.contains("no such file")
                || lower.contains("file is not a database")) {
            return SqlStates.connectionFailed(message, null);
        }
        // The cause is not chained: DuckDB's original message could hold text FedDuck did not redact.
        return SqlStates.connectionFailed(message, null);
    }

    static String describe(SourceConfig source) {
        return switch (source.type()) {
            case SQLITE -> "sqlite file " + source.filePath();
            default -> source.type().configName() + " at " + source.host() + ":" + source.port()
                    + (source.database() != null ? "/" + source.database() : "");
        };
    }

    /** DuckDB errors end with a blank line and sometimes carry a JSON tail; keep the readable part. */
    private static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
