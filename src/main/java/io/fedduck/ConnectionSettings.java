package io.fedduck;

import io.fedduck.internal.SqlStates;
import io.fedduck.sql.SessionSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The typed settings of one {@code jdbc:fedduck:} connection, from the URL and the JDBC properties.
 *
 * <p>URL grammar: {@code jdbc:fedduck:[<local database file> | :memory:][?key=value&...]}; values are
 * percent-decoded. A key given in the URL wins over the same key in {@link Properties}. FedDuck's own keys
 * ({@link DriverProperty}) are consumed here; any other key must be a DuckDB setting and is passed to DuckDB.
 */
public record ConnectionSettings(
        Path localDatabase,
        Path configFile,
        Path masterKeyFile,
        boolean readOnly,
        int queryTimeoutSeconds,
        long largeResultRows,
        int metadataTtlSeconds,
        int healthCheckIntervalSeconds,
        String validRequires,
        boolean failFast,
        boolean lockdown,
        Path extensionDirectory,
        String extensionRepository,
        Path auditLog,
        boolean auditSensitiveOnly,
        long auditMaxBytes,
        String timeZone,
        boolean pushdown,
        String user,
        Map<String, String> duckdbSettings) {

    public static final String URL_PREFIX = "jdbc:fedduck:";
    static final String CONFIG_ENV = "FEDDUCK_CONFIG";
    static final String DEFAULT_CONFIG_FILE = "connections.yaml";
    /** What property names look like; another "name" may be a value typed in the wrong place and is not echoed. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Parses the URL and properties; {@code env} and {@code workingDirectory} are passed in for tests. */
    public static ConnectionSettings parse(String url, Properties info, Map<String, String> env, Path workingDirectory)
            throws SQLException {
        ParsedUrl parsed = ParsedUrl.of(url);
        Map<String, String> merged = new LinkedHashMap<>();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                merged.put(normaliseKey(name), info.getProperty(name));
            }
        }
        merged.putAll(parsed.query());

        Map<DriverProperty, String> own = new EnumMap<>(DriverProperty.class);
        Map<String, String> duckdb = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            var property = DriverProperty.byKey(e.getKey());
            if (property.isPresent()) {
                own.put(property.get(), e.getValue());
            } else if (SessionSettings.MANAGED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                throw SqlStates.invalidValue("DuckDB setting " + shownKey(e.getKey()) + " is managed by FedDuck and"
                        + " cannot be set (it guards secrets, extensions or external access; see docs/jdbc.md)");
            } else if (DuckDbSettingNames.isKnown(e.getKey())) {
                duckdb.put(e.getKey(), e.getValue());
            } else {
                throw unknownProperty(e.getKey());
            }
        }

        Path local = parsed.localDatabase() == null ? null
                : realPath(workingDirectory.resolve(parsed.localDatabase()).toAbsolutePath().normalize());
        return new ConnectionSettings(
                local,
                configFile(own.get(DriverProperty.CONFIG), env, workingDirectory),
                path(own.get(DriverProperty.MASTER_KEY_FILE), workingDirectory),
                DriverProperty.READ_ONLY.parseBoolean(value(own, DriverProperty.READ_ONLY)),
                DriverProperty.QUERY_TIMEOUT.parseSeconds(value(own, DriverProperty.QUERY_TIMEOUT)),
                DriverProperty.LARGE_RESULT_ROWS.parseCount(value(own, DriverProperty.LARGE_RESULT_ROWS)),
                DriverProperty.METADATA_TTL.parseSeconds(value(own, DriverProperty.METADATA_TTL)),
                DriverProperty.HEALTH_CHECK_INTERVAL.parseSeconds(value(own, DriverProperty.HEALTH_CHECK_INTERVAL)),
                blankToNull(own.get(DriverProperty.VALID_REQUIRES)),
                DriverProperty.FAIL_FAST.parseBoolean(value(own, DriverProperty.FAIL_FAST)),
                DriverProperty.LOCKDOWN.parseBoolean(value(own, DriverProperty.LOCKDOWN)),
                path(own.get(DriverProperty.EXTENSION_DIRECTORY), workingDirectory),
                blankToNull(own.get(DriverProperty.EXTENSION_REPOSITORY)),
                path(own.get(DriverProperty.AUDIT_LOG), workingDirectory),
                DriverProperty.AUDIT_LEVEL.parseChoice(value(own, DriverProperty.AUDIT_LEVEL)).equals("sensitive"),
                megabytes(DriverProperty.AUDIT_MAX_SIZE, value(own, DriverProperty.AUDIT_MAX_SIZE)),
                value(own, DriverProperty.TIME_ZONE),
                DriverProperty.PUSHDOWN.parseChoice(value(own, DriverProperty.PUSHDOWN)).equals("auto"),
                blankToNull(own.get(DriverProperty.USER)),
                duckdb);
    }

    /** The URL's query as FedDuck sees it, without validating keys (for getPropertyInfo). */
    static Map<String, String> queryOf(String url) throws SQLException {
        return ParsedUrl.of(url).query();
    }

    private static SQLException unknownProperty(String key) {
        String valid = Arrays.stream(DriverProperty.values()).map(DriverProperty::key)
                .collect(Collectors.joining(", "));
        return SqlStates.invalidValue("unknown connection property " + shownKey(key) + ". FedDuck properties: " + valid
                + "; any DuckDB setting (see duckdb_settings()) is also accepted");
    }

    /** A property name as messages show it: quoted, or a placeholder when it does not look like a name. */
    private static String shownKey(String key) {
        return PLAIN_KEY.matcher(key).matches() ? "'" + key + "'" : "(name not shown: not a plain name)";
    }

    private static String value(Map<DriverProperty, String> own, DriverProperty p) {
        String v = own.get(p);
        return v == null || v.isBlank() ? p.defaultValue() : v.trim();
    }

    private static Path configFile(String explicit, Map<String, String> env, Path workingDirectory) {
        if (explicit != null && !explicit.isBlank()) {
            return workingDirectory.resolve(explicit.trim()).toAbsolutePath().normalize();
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return workingDirectory.resolve(fromEnv.trim()).toAbsolutePath().normalize();
        }
        Path fallback = workingDirectory.resolve(DEFAULT_CONFIG_FILE).toAbsolutePath().normalize();
        return Files.isRegularFile(fallback) ? fallback : null;
    }

    private static long megabytes(DriverProperty property, String value) throws SQLException {
        long mb = property.parseCount(value);
        if (mb > Long.MAX_VALUE / (1024L * 1024L)) {
            throw SqlStates.invalidValue("FedDuck property '" + property.key() + "' is too large: " + mb + " MB");
        }
        return mb * 1024L * 1024L;
    }

    private static Path path(String value, Path workingDirectory) {
        String v = blankToNull(value);
        return v == null ? null : workingDirectory.resolve(v).toAbsolutePath().normalize();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String normaliseKey(String key) {
        var own = DriverProperty.byKey(key);
        return own.isPresent() ? own.get().key() : key.trim();
    }

    /** The two parts of a FedDuck URL. */
    /**
     * The file a path leads to, links followed (of its folder, when the file does not exist yet): two
     * spellings of one local database must find the one federation, never open a second DuckDB instance on
     * the same file.
     */
    private static Path realPath(Path path) {
        try {
            if (java.nio.file.Files.exists(path)) {
                return path.toRealPath();
            }
            Path parent = path.getParent();
            return parent != null && java.nio.file.Files.isDirectory(parent)
                    ? parent.toRealPath().resolve(path.getFileName()) : path;
        } catch (java.io.IOException e) {
            return path; // DuckDB reports what is wrong with it when it opens the file
        }
    }

    private record ParsedUrl(String localDatabase, Map<String, String> query) {

        static ParsedUrl of(String url) throws SQLException {
            if (url == null || !url.startsWith(URL_PREFIX)) {
                throw SqlStates.invalidValue("not a FedDuck URL (it must start with " + URL_PREFIX + ")");
            }
            String rest = url.substring(URL_PREFIX.length());
            int q = rest.indexOf('?');
            String path = q < 0 ? rest : rest.substring(0, q);
            String query = q < 0 ? "" : rest.substring(q + 1);
            String local = path.isEmpty() || path.equals(":memory:") ? null
                    : decode(path, "the local database path in the URL");
            Map<String, String> params = new LinkedHashMap<>();
            String[] pairs = query.split("&");
            for (int i = 0; i < pairs.length; i++) {
                String pair = pairs[i];
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw malformed(pair, i + 1);
                }
                String key = normaliseKey(decode(pair.substring(0, eq), "the name of parameter " + (i + 1)
                        + " of the URL"));
                String value = decode(pair.substring(eq + 1), "the value of connection property " + shownKey(key)
                        + " in the URL");
                if (params.put(key, value) != null) {
                    throw SqlStates.invalidValue("connection property " + shownKey(key) + " is given twice in the URL");
                }
            }
            return new ParsedUrl(local, params);
        }

        /** A parameter that is not key=value: a bare word may be a password in the wrong place, so it is not shown. */
        private static SQLException malformed(String pair, int position) {
            var known = pair.indexOf('=') < 0 ? DriverProperty.byKey(pair.trim()) : Optional.<DriverProperty>empty();
            if (known.isPresent()) {
                return SqlStates.invalidValue("connection property '" + known.get().key()
                        + "' has no value in the URL (expected key=value)");
            }
            return SqlStates.invalidValue("parameter " + position + " of the URL is not key=value (its text is not"
                    + " shown: it may be a value such as a password)");
        }

        /**
         * Percent-decodes one part of the URL. URLDecoder's own error quotes the characters after the bad
         * {@code %}, which may be part of a password: it is neither shown nor chained.
         */
        private static String decode(String s, String what) throws SQLException {
            try {
                // '+' stays a plus: paths and repository URLs use it literally.
                return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SqlStates.invalidValue(what + " is not valid percent-encoding (write %25 for a literal %)");
            }
        }
    }

    @Override
    public String toString() {
        return "ConnectionSettings[local=" + (localDatabase == null ? ":memory:" : localDatabase)
                + ", config=" + configFile + ", readOnly=" + readOnly + ", queryTimeout=" + queryTimeoutSeconds
                + ", failFast=" + failFast + ", lockdown=" + lockdown + ", extensionDirectory=" + extensionDirectory + ", user=" + user
                + ", duckdb=" + duckdbSettings.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .collect(Collectors.toList()) + "]";
    }
}
