package io.fedduck.it;

import io.fedduck.credentials.CredentialBinding;
import io.fedduck.credentials.CredentialCipher;
import io.fedduck.credentials.CredentialException;
import io.fedduck.credentials.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master key and the ENC(...) passwords of the test connections files: one random key per test run,
 * and each password encrypted once (an Argon2id derivation takes tens of milliseconds).
 */
final class TestCredentials {
    private static final String KEY;
    private static final Map<String, String> ENCRYPTED = new ConcurrentHashMap<>();
    /** {@code password: 'text'} or {@code password: text} as TestFederation and the tests write it. */
    private static final Pattern FIELD = Pattern.compile("(type|host|port|username): (\\S+)");
    private static final Pattern PASSWORD_LINE = Pattern.compile("password: (?:'([^']*)'|([^'\"\\s$][^\\s#]*))");

    static {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        KEY = Base64.getEncoder().encodeToString(bytes);
    }

    private TestCredentials() {
    }

    /** The key in an owner-only file {@code dir/master.key}. */
    static Path writeKeyFile(Path dir) throws IOException {
        Path file = dir.resolve("master.key");
        if (!Files.exists(file)) {
            Files.writeString(file, KEY + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    /**
     * A source's YAML lines (TestFederation's, unindented) with {@code password: 'text'} made
     * {@code password: ENC(...)} for the connection the other lines describe; other lines stay.
     */
    static String encryptPassword(String block) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : block.split("\n")) {
            Matcher field = FIELD.matcher(line);
            if (field.matches()) {
                fields.put(field.group(1), field.group(2).replaceAll("^'|'$", ""));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n")) {
            Matcher m = PASSWORD_LINE.matcher(line.strip());
            String password = !m.matches() ? null : m.group(1) != null ? m.group(1) : m.group(2);
            if (password == null || password.isEmpty() || password.startsWith("ENC(") || !fields.containsKey("type")) {
                out.append(line).append('\n');
                continue;
            }
            String type = fields.get("type");
            int port = fields.containsKey("port") ? Integer.parseInt(fields.get("port"))
                    : type.equals("postgres") ? 5432 : 3306;
            out.append("password: ").append(encrypt(password,
                    new CredentialBinding(type, fields.get("host"), port, fields.get("username")))).append('\n');
        }
        return out.toString();
    }

    static String encrypt(String password, CredentialBinding connection) {
        return ENCRYPTED.computeIfAbsent(connection + "\n" + password, p -> {
            try {
                return CredentialCipher.encrypt(password.toCharArray(), connection,
                        MasterKey.fromEnvironment(Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY)));
            } catch (CredentialException e) {
                throw new UncheckedIOException(new IOException(e.getMessage()));
            }
        });
    }
}
