package io.fedduck.config;

import io.fedduck.credentials.CredentialBinding;
import io.fedduck.credentials.CredentialCipher;
import io.fedduck.credentials.CredentialException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the fields of one connection were written and how a raw value becomes the value: strings go
 * through {@code ${VAR}} interpolation when an environment is given. It remembers which variables each
 * field's value came from, so an error can name them instead of printing the value.
 */
final class FieldSource {
    private final Map<String, ConfigLocation> lines;
    private final ConfigLocation fallback;
    private final String connection;
    private final Map<String, String> env;
    private final Map<String, Origin> origins = new HashMap<>();
    private final CredentialRules credentials;
    /** A value that is one reference and nothing else: no text around it, no fallback (which is clear text). */
    private static final java.util.regex.Pattern WHOLE_REFERENCE =
            java.util.regex.Pattern.compile("\\$\\{(?:[A-Za-z_][A-Za-z0-9_]*|file:[^}]+)}");

    /** The variables a field's value was built from, and whether the value came out blank. */
    private record Origin(List<String> variables, boolean blank) {
    }

    /**
     * @param lines the location of each field ({@code options.read_only} for options); missing ones use fallback
     * @param fallback the location of the connection itself
     * @param connection the connection name, for error messages
     * @param env the environment for {@code ${VAR}}, or null to take strings literally
     */
    FieldSource(Map<String, ConfigLocation> lines, ConfigLocation fallback, String connection,
                Map<String, String> env) {
        this(lines, fallback, connection, env, CredentialRules.PLAIN_ALLOWED);
    }

    /** @param credentials how ENC(...) credentials are decrypted, and whether clear text is refused */
    FieldSource(Map<String, ConfigLocation> lines, ConfigLocation fallback, String connection,
                Map<String, String> env, CredentialRules credentials) {
        this.lines = lines;
        this.fallback = fallback;
        this.connection = connection;
        this.env = env;
        this.credentials = credentials;
    }

    /**
     * A credential's value: {@code ENC(...)} (as written, or from {@code ${VAR}}) decrypted into a char[]
     * when it was made for {@code madeFor};
     * clear text written in the file refused when the file requires encrypted credentials.
     */
    Object resolveCredential(String field, Object raw, CredentialBinding madeFor) throws SQLException {
        if (credentials.requireEncrypted() && raw instanceof String text && !text.isBlank()
                && !CredentialCipher.isEncrypted(text) && !WHOLE_REFERENCE.matcher(text.strip()).matches()) {
            throw ConfigErrors.error(locate(field), connection, field, "is written in clear text (or partly, or as"
                    + " a fallback), which require_encrypted_credentials: true refuses; write ENC(...) (java -jar"
                    + " fedduck-jdbc.jar encrypt) or take the whole value from ${VAR} or ${file:/path}");
        }
        Object value = resolve(field, raw);
        if (value instanceof String text && CredentialCipher.isEncrypted(text)) {
            try {
                return CredentialCipher.decrypt(text, madeFor, credentials.keys().get());
            } catch (CredentialException e) {
                throw ConfigErrors.error(locate(field), connection, field, e.getMessage());
            }
        }
        return value;
    }

    ConfigLocation locate(String field) {
        return lines.getOrDefault(field, fallback);
    }

    Object resolve(String field, Object raw) throws SQLException {
        if (env == null || !(raw instanceof String text)) {
            return raw;
        }
        List<String> used = new ArrayList<>();
        try {
            String value = Interpolator.apply(text, env, used);
            if (!used.isEmpty()) {
                origins.put(field, new Origin(List.copyOf(used), value.isBlank()));
            }
            return value;
        } catch (Interpolator.Problem p) {
            throw ConfigErrors.error(locate(field), connection, field, p.getMessage());
        }
    }

    /** Whether the field's value came (in whole or in part) from an environment variable. */
    boolean fromEnvironment(String field) {
        return origins.containsKey(field);
    }

    /**
     * For an error about the field: {@code " (the value comes from ${A} and ${B}; it is not shown)"}
     * (or {@code "... and is empty)"}) when its value came from variables, else the empty string.
     */
    String origin(String field) {
        Origin origin = origins.get(field);
        if (origin == null) {
            return "";
        }
        List<String> names = origin.variables().stream().map(n -> "${" + n + "}").toList();
        String joined = names.size() == 1 ? names.get(0)
                : names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
                        + " and " + names.get(names.size() - 1);
        return " (the value comes from " + joined + (origin.blank() ? " and is empty)" : "; it is not shown)");
    }
}
