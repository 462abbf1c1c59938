package io.fedduck.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/** A password that prints as {@code ****} everywhere; only {@link #reveal()} gives the text. */
public final class Secret {
    private static final String MASK = "****";

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Wraps a password; null is the same as the empty password. */
    public static Secret of(String value) {
        return new Secret(value == null ? new char[0] : value.toCharArray());
    }

    /** Takes {@code value} over (the caller keeps no other reference to it): a decrypted password. */
    public static Secret own(char[] value) {
        return new Secret(value == null ? new char[0] : value);
    }

    /** The clear text; use it only to bind the password as a JDBC parameter, never to print it. */
    public String reveal() {
        return new String(value);
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /**
     * Whether both hold the same password, compared in constant time. Deliberately not {@code equals}:
     * content-based equals/hashCode would let a password leak through hash codes, map dumps or timing.
     */
    public boolean matches(Secret other) {
        return other != null && MessageDigest.isEqual(utf8(value), utf8(other.value));
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOf(buffer.array(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
