package io.fedduck.credentials;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnly() {
        String hash = PasswordHash.hash("pässwörd".toCharArray());
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        PasswordHash parsed = PasswordHash.parse(hash).orElseThrow();
        assertTrue(parsed.matches("pässwörd".toCharArray()));
        assertFalse(parsed.matches("passwörd".toCharArray()));
        assertFalse(parsed.matches(new char[0]));
        assertFalse(parsed.matches(null));
        assertNotEquals(hash, PasswordHash.hash("pässwörd".toCharArray()), "a new salt each time");
    }

    @Test
    void aChangedHashMatchesNothingAndMalformedOnesAreRefused() {
        String hash = PasswordHash.hash("x".toCharArray());
        // a character inside the hash: the last one also carries base64's unused bits, and changing only
        // those ('A' to 'B') leaves the same bytes (this test failed once in 16 runs for that)
        int at = hash.length() - 10;
        char changed = hash.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = hash.substring(0, at) + changed + hash.substring(at + 1);
        assertFalse(PasswordHash.parse(tampered).orElseThrow().matches("x".toCharArray()));
        assertTrue(PasswordHash.parse("hunter2").isEmpty());
        assertTrue(PasswordHash.parse("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g").isEmpty());
        assertTrue(PasswordHash.parse(hash.replace("m=19456", "m=1024")).isEmpty(), "too little memory");
        assertTrue(PasswordHash.parse(null).isEmpty());
    }

    @Test
    void aPasswordThatMatchedOnceMatchesAgainFastAndAWrongOneStillFails() {
        PasswordHash hash = PasswordHash.parse(PasswordHash.hash("pool password".toCharArray())).orElseThrow();
        assertTrue(hash.matches("pool password".toCharArray()));
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertTrue(hash.matches("pool password".toCharArray()));
        }
        // 20 Argon2id derivations would take about 0.7 s; the remembered match takes microseconds
        assertTrue(System.nanoTime() - start < 300_000_000L, "remembered");
        assertFalse(hash.matches("pool passwort".toCharArray()));
        assertTrue(hash.matches("pool password".toCharArray()));
    }
}
