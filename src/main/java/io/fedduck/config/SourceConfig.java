package io.fedduck.config;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One validated source: the settings of a connection in the connections file (or built from SQL
 * arguments through {@link #validated}), with defaults applied.
 *
 * @param name the catalog name, an identifier as written (compare case-insensitively)
 * @param type the kind of database
 * @param host the server host; null for sqlite
 * @param port the effective port: as given, else the type's default; 0 for sqlite
 * @param database the database name; null for sqlite
 * @param username the user name, or null for the client library's default
 * @param password the password, or null when none was given (or it is empty)
 * @param filePath the absolute path of the SQLite file; null for other types
 * @param sslMode the TLS policy, or null when not given (the extension's default then applies)
 * @param charset {@code utf8mb4} for mysql, null for other types
 * @param readOnly whether the source is attached read-only (default true)
 * @param connectionTimeoutSeconds connect timeout in seconds (default 30)
 * @param queryTimeoutSeconds remote statement timeout in seconds (default 300)
 * @param createIfMissing sqlite only: create the file when it does not exist (needs readOnly false)
 * @param compress mysql only: use the client protocol's compression (default false; see docs/connections-file.md)
 * @param pushdown whether single-source statements may run on the source (default true; docs/pushdown.md)
 * @param location where the connection was defined
 */
public record SourceConfig(
        String name,
        SourceType type,
        String host,
        int port,
        String database,
        String username,
        Secret password,
        Path filePath,
        SslMode sslMode,
        String charset,
        boolean readOnly,
        int connectionTimeoutSeconds,
        int queryTimeoutSeconds,
        boolean createIfMissing,
        boolean compress,
        boolean pushdown,
        ConfigLocation location) {

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(location, "location");
    }

    /**
     * Validates one connection by the same rules as the connections file, taking values literally.
     *
     * @param fields the connection's fields by their connections-file names ({@code host}, {@code port}, ...);
     *     {@code options} is a nested map ({@code read_only}, ...). Values may be String, Number, Boolean,
     *     Path, {@link SourceType}, {@link SslMode}, and for the password also {@link Secret} or char[];
     *     null or blank counts as not given
     * @param name the connection (catalog) name
     * @param location where the definition came from, used in error messages (line 0: label only)
     * @param baseDir the folder a relative {@code file_path} resolves against (null: the working directory)
     * @throws SQLException with SQLState 22023 naming the connection and the field, never a value
     */
    public static SourceConfig validated(Map<String, ?> fields, String name, ConfigLocation location, Path baseDir)
            throws SQLException {
        return validated(fields, name, location, baseDir, (Map<String, String>) null);
    }

    /**
     * As {@link #validated(Map, String, ConfigLocation, Path)}, for a source given at run time: a password
     * written as ENC(...) is decrypted under {@code credentials}' master key, and clear text is refused when
     * they require encrypted credentials.
     */
    public static SourceConfig validated(Map<String, ?> fields, String name, ConfigLocation location, Path baseDir,
                                         CredentialRules credentials) throws SQLException {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(location, "location");
        FieldSource source = new FieldSource(Map.of(), location, name, null, credentials);
        return SourceValidator.validate(fields, name, location, baseDir, source);
    }

    /** As {@link #validated(Map, String, ConfigLocation, Path)}, and replaces {@code ${VAR}} in strings from env. */
    public static SourceConfig validated(Map<String, ?> fields, String name, ConfigLocation location, Path baseDir,
                                         Map<String, String> env) throws SQLException {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(location, "location");
        FieldSource source = new FieldSource(Map.of(), location, name, env);
        return SourceValidator.validate(fields, name, location, baseDir, source);
    }

    /** The field names a connection may have, in documentation order ({@code options} holds {@link #optionNames()}). */
    public static List<String> fieldNames() {
        return SourceValidator.FIELDS;
    }

    /** The keys allowed under {@code options}. */
    public static List<String> optionNames() {
        return SourceValidator.OPTION_KEYS;
    }

    /** Never shows the password: it prints as {@code ****}, or {@code none} when there is none. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SourceConfig[name=").append(name)
                .append(", type=").append(type.configName());
        if (type == SourceType.SQLITE) {
            s.append(", filePath=").append(filePath).append(", createIfMissing=").append(createIfMissing);
        } else {
            s.append(", host=").append(host).append(", port=").append(port).append(", database=").append(database)
                    .append(", username=").append(username)
                    .append(", password=").append(password == null ? "none" : "****")
                    .append(", sslMode=").append(sslMode == null ? "default" : sslMode.configName());
            if (type == SourceType.MYSQL) {
                s.append(", charset=").append(charset).append(", compress=").append(compress);
            }
        }
        return s.append(", readOnly=").append(readOnly).append(", connectionTimeout=").append(connectionTimeoutSeconds)
                .append("s, queryTimeout=").append(queryTimeoutSeconds).append("s, location=").append(location)
                .append(']').toString();
    }
}
