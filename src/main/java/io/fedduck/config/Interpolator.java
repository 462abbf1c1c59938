package io.fedduck.config;

import io.fedduck.credentials.CredentialException;
import io.fedduck.credentials.OwnerOnlyFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-fallback}} in a value, and {@code ${file:/path}} with the
 * content of an owner-only file; {@code $${} is a literal {@code ${}.
 */
final class Interpolator {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Why a value could not be interpolated; the text names variables only, never a value. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private Interpolator() {
    }

    /** {@code ${file:/run/secrets/pg}}: the content of an owner-only file (Docker and Kubernetes secrets). */
    private static final String FILE_PREFIX = "file:";

    private static String readFile(String path, Collection<String> used) throws Problem {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new Problem("${file:...} does not hold a valid path");
        }
        String name = FILE_PREFIX + file;
        if (!used.contains(name)) {
            used.add(name);
        }
        byte[] bytes;
        try {
            bytes = OwnerOnlyFile.read(file, "the secret file");
        } catch (CredentialException e) {
            throw new Problem(e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Problem("the secret file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The value with its variables replaced; adds the name of each variable it refers to to {@code used}. */
    static String apply(String raw, Map<String, String> env, Collection<String> used) throws Problem {
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int close = raw.indexOf('}', i + 2);
                if (close < 0) {
                    throw new Problem("a '${' is not closed by '}' (write $${ for a literal ${)");
                }
                out.append(lookUp(raw.substring(i + 2, close), env, used));
                i = close + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String lookUp(String body, Map<String, String> env, Collection<String> used) throws Problem {
        if (body.startsWith(FILE_PREFIX)) {
            return readFile(body.substring(FILE_PREFIX.length()), used);
        }
        int separator = body.indexOf(":-");
        String name = separator < 0 ? body : body.substring(0, separator);
        // The text between the braces is not echoed when malformed: it may be part of a password.
        if (!VARIABLE.matcher(name).matches()) {
            throw new Problem("a '${...}' does not hold an environment variable name (letters, digits and"
                    + " underscore, optionally followed by :-fallback); write $${ for a literal ${");
        }
        if (!used.contains(name)) {
            used.add(name);
        }
        String fallback = separator < 0 ? null : body.substring(separator + 2);
        if (fallback != null && fallback.contains("${")) {
            throw new Problem("the fallback of ${" + name + ":-...} holds another ${...}; nesting is not supported");
        }
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            if (value == null) {
                throw new Problem("environment variable " + name + " is not set and ${" + name
                        + "} has no fallback (write ${" + name + ":-fallback} for a default)");
            }
        }
        return value;
    }
}
