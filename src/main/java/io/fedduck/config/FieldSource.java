package io.fedduck.config;

import java.sql.SQLException;
import java.util.Map;

/**
 * Where the fields of one connection were written and how a raw value becomes the value: strings go
 * through {@code ${VAR}} interpolation when an environment is given.
 *
 * @param lines the location of each field ({@code options.read_only} for options); missing ones use fallback
 * @param fallback the location of the connection itself
 * @param connection the connection name, for error messages
 * @param env the environment for {@code ${VAR}}, or null to take strings literally
 */
record FieldSource(Map<String, ConfigLocation> lines, ConfigLocation fallback, String connection,
                   Map<String, String> env) {

    ConfigLocation locate(String field) {
        return lines.getOrDefault(field, fallback);
    }

    Object resolve(String field, Object raw) throws SQLException {
        if (env == null || !(raw instanceof String text)) {
            return raw;
        }
        try {
            return Interpolator.apply(text, env);
        } catch (Interpolator.Problem p) {
            throw ConfigErrors.error(locate(field), connection, field, p.getMessage());
        }
    }
}
