package io.fedduck.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's login password as the connections file stores it: an Argon2id hash in the PHC string format
 * other tools read too ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded Base64). The
 * parameters are read from the string, so a file may carry stronger ones than FedDuck writes.
 *
 * <p>A pool opens many connections with one password: once a password matched, an HMAC of it under a key
 * made at random for this process is kept, and the same password matches again without another Argon2id
 * derivation (about 35 ms). A wrong password always pays the full derivation.
 */
public final class PasswordHash {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final int MEMORY_KIB = Argon2id.MEMORY_KIB;
    private static final int PASSES = Argon2id.PASSES;
    private static final int LANES = Argon2id.LANES;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int memoryKib;
    private final int passes;
    private final int lanes;
    private final byte[] salt;
    private final byte[] hash;
    /** The PHC string, which keys the remembered match (the connections file is read again per connection). */
    private final String text;
    /** Per PHC string, HMAC-SHA256 of the last password that matched it, under {@link #PROCESS_KEY}. */
    private static final java.util.Map<String, byte[]> MATCHED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final byte[] PROCESS_KEY = new byte[32];
    /** What an unknown user's login derives, so that it takes as long as a wrong password. */
    private static final byte[] DUMMY_SALT = new byte[16];

    static {
        RANDOM.nextBytes(PROCESS_KEY);
    }

    private PasswordHash(String text, int memoryKib, int passes, int lanes, byte[] salt, byte[] hash) {
        this.text = text;
        this.memoryKib = memoryKib;
        this.passes = passes;
        this.lanes = lanes;
        this.salt = salt;
        this.hash = hash;
    }

    /** The hash written as {@code text}, or empty when it is not an Argon2id PHC string FedDuck accepts. */
    public static Optional<PasswordHash> parse(String text) {
        Matcher m = PHC.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int memory = Integer.parseInt(m.group(1));
        int passes = Integer.parseInt(m.group(2));
        int lanes = Integer.parseInt(m.group(3));
        if (memory < 8 * 1024 || memory > 1024 * 1024 || passes < 1 || lanes < 1 || lanes > 16) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PasswordHash(m.group(), memory, passes, lanes,
                    Base64.getDecoder().decode(pad(m.group(4))),
                    Base64.getDecoder().decode(pad(m.group(5)))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A new hash of {@code password} with a random salt, as a PHC string. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, PASSES, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} is the one hashed; compared in constant time. */
    public boolean matches(char[] password) {
        char[] given = password == null ? new char[0] : password;
        byte[] mac = mac(given);
        byte[] known = MATCHED.get(text);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return true;
        }
        byte[] candidate = derive(given, salt, memoryKib, passes, lanes, hash.length);
        try {
            // a lone surrogate would be encoded as '?', matching every other lone surrogate
            boolean ok = MessageDigest.isEqual(candidate, hash) && wellFormed(given);
            if (ok) {
                MATCHED.put(text, mac);
            }
            return ok;
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** Derives once for nothing: the time an unknown user's login takes, like a wrong password's. */
    public static void spendOneDerivation(char[] password) {
        byte[] wasted = derive(password == null ? new char[0] : password, DUMMY_SALT, MEMORY_KIB, PASSES, LANES,
                HASH_BYTES);
        Arrays.fill(wasted, (byte) 0);
    }

    private static boolean wellFormed(char[] chars) {
        for (int i = 0; i < chars.length; i++) {
            if (Character.isHighSurrogate(chars[i])) {
                if (i + 1 >= chars.length || !Character.isLowSurrogate(chars[i + 1])) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private static byte[] mac(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(PROCESS_KEY, "HmacSHA256"));
            mac.update(encoded.array(), 0, encoded.limit());
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return Argon2id.derive(bytes, salt, memoryKib, passes, lanes, length);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String pad(String base64) {
        return base64 + "=".repeat((4 - base64.length() % 4) % 4);
    }

    @Override
    public String toString() {
        return "PasswordHash[argon2id]";
    }
}
