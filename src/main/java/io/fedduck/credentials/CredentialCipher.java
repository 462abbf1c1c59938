package io.fedduck.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ENC(...) credentials: {@code ENC(v2:BASE64)}, where BASE64 (URL alphabet, no padding) holds a 16-byte
 * salt, a 12-byte nonce and the AES-256-GCM ciphertext with its 16-byte tag. What is encrypted is the
 * connection the value was made for ({@link CredentialBinding}), a line break, and the password; a value
 * decrypts only for that connection. The AES key is derived from the master key and the salt by Argon2id
 * (19 MiB, 2 passes, 1 lane: OWASP's minimum), so a stolen connections file cannot be decrypted without
 * the master key, and guessing a master key is slow. The tag covers the version too, so a changed value or a
 * value under another key fails as a whole.
 */
public final class CredentialCipher {
    private static final String PREFIX = "ENC(";
    private static final String VERSION = "v2:";
    private static final byte[] ASSOCIATED = "fedduck-credential:v2".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final int ARGON2_MEMORY_KIB = 19 * 1024;
    private static final int ARGON2_PASSES = 2;
    private static final int ARGON2_LANES = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Derived keys by master-key fingerprint and salt: a federation that opens again, or a file with one
     * value used by several connections, derives each key once per process (a derivation takes tens of ms).
     */
    private static final Map<String, byte[]> DERIVED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            if (size() > 256) {
                Arrays.fill(eldest.getValue(), (byte) 0);
                return true;
            }
            return false;
        }
    };

    private CredentialCipher() {
    }

    /** Whether {@code value} is written as an ENC(...) credential. */
    public static boolean isEncrypted(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        return v.startsWith(PREFIX) && v.endsWith(")");
    }

    /** Encrypts {@code secret} for the connection {@code binding} under {@code key}, with a fresh salt and nonce. */
    public static String encrypt(char[] secret, CredentialBinding binding, MasterKey key) {
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        String connection = binding.sealed();
        char[] content = new char[connection.length() + 1 + secret.length];
        connection.getChars(0, connection.length(), content, 0);
        content[connection.length()] = '\n';
        System.arraycopy(secret, 0, content, connection.length() + 1, secret.length);
        byte[] plain = utf8(content);
        Arrays.fill(content, '\0');
        byte[] aesKey = derive(key, salt);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, aesKey, nonce).doFinal(plain);
            ByteBuffer out = ByteBuffer.allocate(SALT_BYTES + NONCE_BYTES + sealed.length);
            out.put(salt).put(nonce).put(sealed);
            return PREFIX + VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()) + ")";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /**
     * The password in an ENC(...) value, as characters the caller wipes when done, when the value was made
     * for {@code expected}.
     *
     * @throws CredentialException a malformed value, another key, a changed value, or a value made for another
     *     connection (the message says which and names the key's origin and the connections, never a value)
     */
    public static char[] decrypt(String value, CredentialBinding expected, MasterKey key) throws CredentialException {
        Opened opened = open(value, key);
        if (!opened.binding().equals(expected)) {
            Arrays.fill(opened.secret(), '\0');
            throw new CredentialException("the ENC(...) value was made for " + opened.binding() + ", not for "
                    + expected + "; make it for this connection with: java -jar fedduck-jdbc.jar encrypt --for "
                    + expected);
        }
        return opened.secret();
    }

    /** The same password, for the same connection, under {@code newKey} (rotate). */
    public static String reEncrypt(String value, MasterKey oldKey, MasterKey newKey) throws CredentialException {
        Opened opened = open(value, oldKey);
        try {
            return encrypt(opened.secret(), opened.binding(), newKey);
        } finally {
            Arrays.fill(opened.secret(), '\0');
        }
    }

    /** What a value holds: the connection it was made for, and the password. */
    private record Opened(CredentialBinding binding, char[] secret) {
    }

    private static Opened open(String value, MasterKey key) throws CredentialException {
        char[] all = decryptAll(value, key);
        int newline = 0;
        while (newline < all.length && all[newline] != '\n') {
            newline++;
        }
        if (newline == all.length) {
            Arrays.fill(all, '\0');
            throw new CredentialException("the ENC(...) value holds no connection; make it again with encrypt --for");
        }
        CredentialBinding binding;
        try {
            binding = CredentialBinding.unsealed(new String(all, 0, newline));
        } catch (IllegalArgumentException e) {
            Arrays.fill(all, '\0');
            throw new CredentialException("the ENC(...) value holds no valid connection; make it again with encrypt --for");
        }
        char[] secret = Arrays.copyOfRange(all, newline + 1, all.length);
        Arrays.fill(all, '\0');
        return new Opened(binding, secret);
    }

    private static char[] decryptAll(String value, MasterKey key) throws CredentialException {
        String v = value.strip();
        if (!isEncrypted(v)) {
            throw new CredentialException("the value is not written as ENC(...)");
        }
        String body = v.substring(PREFIX.length(), v.length() - 1);
        if (!body.startsWith(VERSION)) {
            throw new CredentialException("the ENC(...) value has an unknown version (this FedDuck reads v2; make"
                    + " it again with encrypt --for)");
        }
        byte[] packed;
        try {
            packed = Base64.getUrlDecoder().decode(body.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new CredentialException("the ENC(...) value is not valid base64; copy it again as encrypt printed it");
        }
        if (packed.length < SALT_BYTES + NONCE_BYTES + TAG_BITS / 8) {
            throw new CredentialException("the ENC(...) value is too short; copy it again as encrypt printed it");
        }
        byte[] salt = Arrays.copyOfRange(packed, 0, SALT_BYTES);
        byte[] nonce = Arrays.copyOfRange(packed, SALT_BYTES, SALT_BYTES + NONCE_BYTES);
        byte[] plain;
        byte[] aesKey = derive(key, salt);
        try {
            plain = cipher(Cipher.DECRYPT_MODE, aesKey, nonce)
                    .doFinal(packed, SALT_BYTES + NONCE_BYTES, packed.length - SALT_BYTES - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new CredentialException("the ENC(...) value cannot be decrypted with the master key from "
                    + key.origin() + ": it was encrypted under another key, or it was changed");
        } catch (GeneralSecurityException e) {
            throw new CredentialException("the ENC(...) value cannot be decrypted: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain));
            char[] result = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            throw new CredentialException("the ENC(...) value does not decrypt to text");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ASSOCIATED);
        return cipher;
    }

    private static byte[] derive(MasterKey key, byte[] salt) {
        String id = Base64.getEncoder().encodeToString(key.fingerprint()) + "/"
                + Base64.getEncoder().encodeToString(salt);
        synchronized (DERIVED) {
            byte[] known = DERIVED.get(id);
            if (known != null) {
                return known.clone();
            }
        }
        byte[] derived = Argon2id.derive(key.secret(), salt, ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES,
                KEY_BYTES);
        synchronized (DERIVED) {
            DERIVED.put(id, derived.clone());
        }
        return derived;
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOf(buffer.array(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
