package io.fedduck.config;

import static io.fedduck.config.SourceType.MYSQL;
import static io.fedduck.config.SourceType.POSTGRES;
import static io.fedduck.config.SourceType.SQLITE;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules for one connection, shared by the connections file and by sources built from SQL arguments. */
final class SourceValidator {
    static final String TYPE = "type";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String FILE_PATH = "file_path";
    static final String SSL_MODE = "ssl_mode";
    static final String CHARSET = "charset";
    static final String OPTIONS = "options";
    static final String READ_ONLY = "read_only";
    static final String CONNECTION_TIMEOUT = "connection_timeout";
    static final String QUERY_TIMEOUT = "query_timeout";
    static final String CREATE_IF_MISSING = "create_if_missing";
    static final String COMPRESS = "compress";
    static final String PUSHDOWN = "pushdown";

    static final List<String> FIELDS =
            List.of(TYPE, HOST, PORT, DATABASE, USERNAME, PASSWORD, FILE_PATH, SSL_MODE, CHARSET, OPTIONS);
    static final List<String> OPTION_KEYS = List.of(READ_ONLY, CONNECTION_TIMEOUT, QUERY_TIMEOUT, CREATE_IF_MISSING,
            COMPRESS, PUSHDOWN);
    private static final Map<SourceType, Set<String>> FIELDS_BY_TYPE = Map.of(
            POSTGRES, Set.of(TYPE, HOST, PORT, DATABASE, USERNAME, PASSWORD, SSL_MODE, OPTIONS),
            MYSQL, Set.of(TYPE, HOST, PORT, DATABASE, USERNAME, PASSWORD, SSL_MODE, CHARSET, OPTIONS),
            SQLITE, Set.of(TYPE, FILE_PATH, OPTIONS));
    private static final Map<SourceType, Set<String>> OPTIONS_BY_TYPE = Map.of(
            POSTGRES, Set.of(READ_ONLY, CONNECTION_TIMEOUT, QUERY_TIMEOUT, PUSHDOWN),
            MYSQL, Set.of(READ_ONLY, CONNECTION_TIMEOUT, QUERY_TIMEOUT, COMPRESS, PUSHDOWN),
            SQLITE, Set.of(READ_ONLY, CONNECTION_TIMEOUT, QUERY_TIMEOUT, CREATE_IF_MISSING));

    /** DuckDB's own catalogs: a source with one of these names could not be attached. */
    static final Set<String> RESERVED_NAMES = Set.of("memory", "system", "temp", "main");
    static final int MAX_NAME_LENGTH = 63;
    static final int DEFAULT_CONNECTION_TIMEOUT = 30;
    static final int DEFAULT_QUERY_TIMEOUT = 300;
    /** The dialects turn timeouts into milliseconds in an int. */
    static final int MAX_TIMEOUT = Integer.MAX_VALUE / 1000;
    static final String UTF8MB4 = "utf8mb4";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+]?[0-9]+");
    private static final String TYPES = Arrays.stream(SourceType.values()).map(SourceType::configName)
            .collect(Collectors.joining(", "));
    private static final String SSL_MODES = Arrays.stream(SslMode.values()).map(SslMode::configName)
            .collect(Collectors.joining(", "));

    /** A list or mapping written where a single value belongs, so the validator can say so. */
    record Structured(String kind) {
    }

    private final String name;
    private final ConfigLocation location;
    private final Path baseDir;
    private final FieldSource source;

    private SourceValidator(String name, ConfigLocation location, Path baseDir, FieldSource source) {
        this.name = name;
        this.location = location;
        this.baseDir = baseDir;
        this.source = source;
    }

    static SourceConfig validate(Map<String, ?> fields, String name, ConfigLocation location, Path baseDir,
                                 FieldSource source) throws SQLException {
        return new SourceValidator(name == null ? "" : name, location, baseDir, source).run(fields);
    }

    private SourceConfig run(Map<String, ?> fields) throws SQLException {
        checkName();
        Map<?, ?> options = options(fields.get(OPTIONS));
        checkKnown(fields, options);
        SourceType type = type(fields.get(TYPE));
        checkApplicable(type, fields, options);
        boolean readOnly = bool(qualified(READ_ONLY), options.get(READ_ONLY), true);
        int connectionTimeout = wholeNumber(qualified(CONNECTION_TIMEOUT), options.get(CONNECTION_TIMEOUT),
                1, MAX_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT, "a whole number of seconds from 1 to " + MAX_TIMEOUT);
        int queryTimeout = wholeNumber(qualified(QUERY_TIMEOUT), options.get(QUERY_TIMEOUT),
                1, MAX_TIMEOUT, DEFAULT_QUERY_TIMEOUT, "a whole number of seconds from 1 to " + MAX_TIMEOUT);
        boolean createIfMissing = bool(qualified(CREATE_IF_MISSING), options.get(CREATE_IF_MISSING), false);
        boolean compress = bool(qualified(COMPRESS), options.get(COMPRESS), false);
        boolean pushdown = bool(qualified(PUSHDOWN), options.get(PUSHDOWN), type != SQLITE);
        if (type == SQLITE) {
            Path file = sqliteFile(fields.get(FILE_PATH), readOnly, createIfMissing);
            return new SourceConfig(name, type, null, 0, null, null, null, file, null, null, readOnly,
                    connectionTimeout, queryTimeout, createIfMissing, false, pushdown, location);
        }
        String host = required(HOST, text(HOST, fields.get(HOST)), type);
        int port = wholeNumber(PORT, fields.get(PORT), 1, 65535, type.defaultPort(), "a whole number from 1 to 65535");
        String database = required(DATABASE, text(DATABASE, fields.get(DATABASE)), type);
        String username = text(USERNAME, fields.get(USERNAME));
        Secret password = secret(fields.get(PASSWORD),
                new io.fedduck.credentials.CredentialBinding(type.configName(), host, port, username));
        SslMode sslMode = sslMode(fields.get(SSL_MODE));
        String charset = type == MYSQL ? charset(fields.get(CHARSET)) : null;
        return new SourceConfig(name, type, host, port, database, username, password, null, sslMode, charset,
                readOnly, connectionTimeout, queryTimeout, false, compress, pushdown, location);
    }

    private void checkName() throws SQLException {
        if (name.isEmpty()) {
            throw connectionError("the connection name is empty");
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            throw connectionError("the name must be an identifier (letters, digits and underscore, not starting"
                    + " with a digit) because it becomes the catalog name in SQL");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw connectionError("the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (RESERVED_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw connectionError("the name is reserved by DuckDB for its own catalogs (memory, system, temp,"
                    + " main); choose another");
        }
    }

    private Map<?, ?> options(Object raw) throws SQLException {
        if (raw == null) {
            return Map.of();
        }
        if (raw instanceof Map<?, ?> map) {
            return map;
        }
        throw fieldError(OPTIONS, "must be a mapping of " + String.join(", ", OPTION_KEYS));
    }

    private void checkKnown(Map<String, ?> fields, Map<?, ?> options) throws SQLException {
        for (String key : fields.keySet()) {
            if (!FIELDS.contains(key)) {
                if (OPTION_KEYS.contains(key)) {
                    throw fieldError(key, "belongs under options: (write options: followed by " + key + ": ...)");
                }
                throw fieldError(key, "unknown field" + suggestion(key, FIELDS, OPTION_KEYS, OPTIONS + ".")
                        + " (valid fields: " + String.join(", ", FIELDS) + ")");
            }
        }
        for (Object rawKey : options.keySet()) {
            String key = String.valueOf(rawKey);
            if (!OPTION_KEYS.contains(key)) {
                if (FIELDS.contains(key)) {
                    throw fieldError(qualified(key), "belongs directly under the connection, not under options:");
                }
                throw fieldError(qualified(key), "unknown option" + suggestion(key, OPTION_KEYS, FIELDS, "")
                        + " (valid options: " + String.join(", ", OPTION_KEYS) + ")");
            }
        }
    }

    /** ", did you mean x?" for the closest key among the expected ones, or among the others with a prefix. */
    private static String suggestion(String key, List<String> expected, List<String> others, String othersPrefix) {
        List<String> all = new ArrayList<>(expected);
        all.addAll(others);
        Optional<String> closest = ConfigErrors.closest(key, all);
        return closest.map(c -> ", did you mean " + (expected.contains(c) ? c : othersPrefix + c) + "?").orElse("");
    }

    private SourceType type(Object raw) throws SQLException {
        Object value = blankToNull(source.resolve(TYPE, raw));
        if (value instanceof SourceType type) {
            return type;
        }
        if (value == null) {
            throw fieldError(TYPE, "missing; every connection needs type: one of " + TYPES);
        }
        if (!(value instanceof String text)) {
            throw fieldError(TYPE, "must be one of " + TYPES);
        }
        return SourceType.fromConfigName(text)
                .orElseThrow(() -> fieldError(TYPE, "unknown type; must be one of " + TYPES));
    }

    private void checkApplicable(SourceType type, Map<String, ?> fields, Map<?, ?> options) throws SQLException {
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (e.getValue() != null && !FIELDS_BY_TYPE.get(type).contains(e.getKey())) {
                throw fieldError(e.getKey(), notApplicable(type, FIELDS_BY_TYPE, e.getKey()));
            }
        }
        for (Map.Entry<?, ?> e : options.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() != null && !OPTIONS_BY_TYPE.get(type).contains(key)) {
                throw fieldError(qualified(key), notApplicable(type, OPTIONS_BY_TYPE, key));
            }
        }
    }

    private static String notApplicable(SourceType type, Map<SourceType, Set<String>> byType, String key) {
        String usedBy = Arrays.stream(SourceType.values()).filter(t -> byType.get(t).contains(key))
                .map(SourceType::configName).collect(Collectors.joining(" and "));
        return "does not apply to a " + type.configName() + " connection (it is for " + usedBy + ")";
    }

    private String required(String field, String value, SourceType type) throws SQLException {
        if (value == null) {
            throw fieldError(field, "missing; a " + type.configName() + " connection needs " + field + ":");
        }
        return value;
    }

    /** A single text value; an empty one counts as not given. */
    private String text(String field, Object raw) throws SQLException {
        Object value = blankToNull(source.resolve(field, raw));
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Path) {
            return value.toString();
        }
        throw fieldError(field, shapeProblem(value));
    }

    private Secret secret(Object raw, io.fedduck.credentials.CredentialBinding connection) throws SQLException {
        Object value = source.resolveCredential(PASSWORD, raw, connection);
        if (value instanceof char[] chars) {
            Secret secret = Secret.own(chars);
            return secret.isEmpty() ? null : secret;
        }
        if (value == null || value instanceof Secret || value instanceof String) {
            Secret secret = value instanceof String text ? Secret.of(text) : (Secret) value;
            return secret == null || secret.isEmpty() ? null : secret;
        }
        throw fieldError(PASSWORD, shapeProblem(value));
    }

    private int wholeNumber(String field, Object raw, int min, int max, int defaultValue, String expected)
            throws SQLException {
        Object value = blankToNull(source.resolve(field, raw));
        if (value == null) {
            return defaultValue;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            number = big.longValue();
        } else if (value instanceof String text && WHOLE_NUMBER.matcher(text.trim()).matches()
                && text.trim().length() <= 12) {
            number = Long.parseLong(text.trim());
        } else {
            throw fieldError(field, "must be " + expected);
        }
        if (number < min || number > max) {
            throw fieldError(field, "must be " + expected);
        }
        return (int) number;
    }

    private boolean bool(String field, Object raw, boolean defaultValue) throws SQLException {
        Object value = blankToNull(source.resolve(field, raw));
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text && (text.trim().equalsIgnoreCase("true")
                || text.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text.trim());
        }
        throw fieldError(field, "must be true or false");
    }

    private SslMode sslMode(Object raw) throws SQLException {
        Object value = blankToNull(source.resolve(SSL_MODE, raw));
        if (value == null || value instanceof SslMode) {
            return (SslMode) value;
        }
        Optional<SslMode> mode = value instanceof String text ? SslMode.fromConfigName(text) : Optional.empty();
        return mode.orElseThrow(() -> fieldError(SSL_MODE, "must be one of " + SSL_MODES));
    }

    private String charset(Object raw) throws SQLException {
        String value = text(CHARSET, raw);
        if (value == null || value.trim().equalsIgnoreCase(UTF8MB4)) {
            return UTF8MB4;
        }
        throw fieldError(CHARSET, "only utf8mb4 is supported: the DuckDB mysql extension always talks utf8mb4"
                + " to the server; the server converts column character sets (remove charset: or write utf8mb4)");
    }

    private Path sqliteFile(Object raw, boolean readOnly, boolean createIfMissing) throws SQLException {
        String text = required(FILE_PATH, text(FILE_PATH, raw), SQLITE);
        Path file;
        try {
            Path given = Path.of(text);
            Path base = baseDir != null ? baseDir : Path.of("");
            file = (given.isAbsolute() ? given : base.resolve(given)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw fieldError(FILE_PATH, "is not a valid path on this system");
        }
        if (createIfMissing && readOnly) {
            throw fieldError(qualified(CREATE_IF_MISSING), "needs options.read_only: false (a read-only source"
                    + " cannot create its file)");
        }
        // A path written in the file is shown resolved: it explains where a relative path led. One built
        // from ${VAR} is not: the error names the variable instead (FieldSource.origin).
        boolean shown = !source.fromEnvironment(FILE_PATH);
        if (Files.isDirectory(file)) {
            throw fieldError(FILE_PATH, shown ? file + " is a directory, not a SQLite file"
                    : "names a directory, not a SQLite file");
        }
        if (Files.exists(file)) {
            if (!Files.isRegularFile(file)) {
                throw fieldError(FILE_PATH, shown ? file + " is not a regular file" : "names something that is not"
                        + " a regular file");
            }
        } else if (!createIfMissing) {
            throw fieldError(FILE_PATH, "the SQLite file " + (shown ? file + " " : "") + "does not exist; to have"
                    + " it created, set options.create_if_missing: true and options.read_only: false");
        } else if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw fieldError(FILE_PATH, (shown ? "the folder " + file.getParent() : "the folder of the SQLite file")
                    + " does not exist, so the SQLite file cannot be created in it");
        }
        return file;
    }

    private static Object blankToNull(Object value) {
        return value instanceof String text && text.isBlank() ? null : value;
    }

    private static String shapeProblem(Object value) {
        return value instanceof Structured s
                ? "expects a single value, not " + s.kind()
                : "has an unsupported value type";
    }

    private static String qualified(String option) {
        return OPTIONS + "." + option;
    }

    private SQLException connectionError(String problem) {
        return ConfigErrors.error(location, name, null, problem);
    }

    /** An error about a field; when its value came from ${VAR}, the message names the variable, never the value. */
    private SQLException fieldError(String field, String problem) {
        return ConfigErrors.error(source.locate(field), name, field, problem + source.origin(field));
    }
}
