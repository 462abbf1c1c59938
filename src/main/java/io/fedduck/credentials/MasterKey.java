package io.fedduck.credentials;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * The secret that ENC(...) credentials are encrypted under: from the environment variable
 * {@code FEDDUCK_MASTER_KEY}, or from an owner-only key file. Prints as where it came from, never as itself.
 */
public final class MasterKey {
    /** The environment variable that holds a master key. */
    public static final String ENVIRONMENT_VARIABLE = "FEDDUCK_MASTER_KEY";
    /** Shorter secrets are refused: Argon2id slows guessing, it does not make a short key long. */
    static final int MIN_BYTES = 16;

    private final byte[] secret;
    private final String origin;
    /** SHA-256 of the secret: which derived keys belong to it (see CredentialCipher's cache). */
    private final byte[] fingerprint;

    private MasterKey(byte[] secret, String origin) throws CredentialException {
        if (secret.length < MIN_BYTES) {
            Arrays.fill(secret, (byte) 0);
            throw new CredentialException("the master key from " + origin + " is shorter than " + MIN_BYTES
                    + " bytes; make one with: java -jar fedduck-jdbc.jar keygen FILE");
        }
        this.secret = secret;
        this.origin = origin;
        this.fingerprint = sha256(secret);
    }

    /** The key in {@code FEDDUCK_MASTER_KEY}, or null when it is not set. */
    public static MasterKey fromEnvironment(Map<String, String> env) throws CredentialException {
        String value = env.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return new MasterKey(value.getBytes(StandardCharsets.UTF_8), ENVIRONMENT_VARIABLE);
    }

    /** The key in an owner-only file. */
    public static MasterKey fromFile(Path file) throws CredentialException {
        return new MasterKey(OwnerOnlyFile.read(file, "the master key file"), "the key file " + file);
    }

    /** Where the key came from, for messages: the variable's name or the file's path. */
    public String origin() {
        return origin;
    }

    byte[] secret() {
        return secret;
    }

    byte[] fingerprint() {
        return fingerprint;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "master key from " + origin;
    }
}
