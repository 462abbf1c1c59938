package io.fedduck.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {
    private static final String SECRET = "s3cr3t-pässword";
    private static final CredentialBinding PG = CredentialBinding.parse("postgres://report@db.example.com:5432");

    @TempDir
    Path dir;

    private static MasterKey key(String text) throws CredentialException {
        return MasterKey.fromEnvironment(Map.of(MasterKey.ENVIRONMENT_VARIABLE, text));
    }

    @Test
    void aValueDecryptsToWhatWasEncryptedAndEachEncryptionDiffers() throws Exception {
        MasterKey key = key("correct horse battery staple");
        String first = CredentialCipher.encrypt(SECRET.toCharArray(), PG, key);
        String second = CredentialCipher.encrypt(SECRET.toCharArray(), PG, key);
        assertTrue(first.matches("ENC\\(v2:[A-Za-z0-9_-]+\\)"), first);
        assertFalse(first.contains(SECRET));
        assertNotEquals(first, second, "a fresh salt and nonce each time");
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt(first, PG, key));
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt("  " + second + " ", PG, key));
        assertTrue(CredentialCipher.isEncrypted(first));
        assertFalse(CredentialCipher.isEncrypted("ENC"));
        assertFalse(CredentialCipher.isEncrypted("hunter2"));
    }

    @Test
    void anotherKeyFailsNamingWhereTheKeyCameFromAndNoValue() throws Exception {
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), PG, key("correct horse battery staple"));
        CredentialException e = assertThrows(CredentialException.class,
                () -> CredentialCipher.decrypt(value, PG, key("another key of enough length")));
        assertTrue(e.getMessage().contains("FEDDUCK_MASTER_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("another key, or it was changed"), e.getMessage());
        assertFalse(e.getMessage().contains(value.substring(8, 20)));
    }

    @Test
    void everyChangedByteFailsTheTag() throws Exception {
        MasterKey key = key("correct horse battery staple");
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), PG, key);
        byte[] packed = Base64.getUrlDecoder().decode(value.substring(7, value.length() - 1));
        for (int i = 0; i < packed.length; i += 5) {
            byte[] changed = packed.clone();
            changed[i] ^= 1;
            String tampered = "ENC(v2:" + Base64.getUrlEncoder().withoutPadding().encodeToString(changed) + ")";
            assertThrows(CredentialException.class, () -> CredentialCipher.decrypt(tampered, PG, key), "byte " + i);
        }
    }

    @Test
    void aValueDecryptsOnlyForTheConnectionItWasMadeForAndRotatesWithIt() throws Exception {
        MasterKey key = key("correct horse battery staple");
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), PG, key);
        for (String other : new String[] {"postgres://report@evil.example.com:5432", "postgres://report@db.example.com:5433",
                "postgres://admin@db.example.com:5432", "mysql://report@db.example.com:5432"}) {
            CredentialException e = assertThrows(CredentialException.class,
                    () -> CredentialCipher.decrypt(value, CredentialBinding.parse(other), key), other);
            assertTrue(e.getMessage().contains("made for postgres://report@db.example.com:5432, not for " + other),
                    e.getMessage());
        }
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt(value,
                CredentialBinding.parse("POSTGRES://report@DB.example.com:5432"), key), "type and host ignore case");
        MasterKey newKey = key("the next master key, rotated in");
        String rotated = CredentialCipher.reEncrypt(value, key, newKey);
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt(rotated, PG, newKey));
        assertThrows(CredentialException.class, () -> CredentialCipher.decrypt(rotated, PG, key));
    }

    @Test
    void malformedValuesAreRefusedWithAHint() throws Exception {
        MasterKey key = key("correct horse battery staple");
        assertTrue(assertThrows(CredentialException.class, () -> CredentialCipher.decrypt("ENC(v3:AAAA)", PG, key))
                .getMessage().contains("unknown version"));
        assertTrue(assertThrows(CredentialException.class, () -> CredentialCipher.decrypt("ENC(v2:!!)", PG, key))
                .getMessage().contains("base64"));
        assertTrue(assertThrows(CredentialException.class, () -> CredentialCipher.decrypt("ENC(v2:AAAA)", PG, key))
                .getMessage().contains("too short"));
    }

    @Test
    void aKeyFileMustBeOwnerOnlyAbsoluteAndLongEnough() throws Exception {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "a key of thirty-two characters..\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialException loose = assertThrows(CredentialException.class, () -> MasterKey.fromFile(file));
        assertTrue(loose.getMessage().contains("chmod 600"), loose.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        MasterKey fromFile = MasterKey.fromFile(file);
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), PG, fromFile);
        // the trailing newline is not part of the key
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt(value, PG, key("a key of thirty-two characters..")));
        assertEquals("master key from the key file " + file, fromFile.toString());
        assertThrows(CredentialException.class, () -> MasterKey.fromFile(Path.of("relative.key")));
        assertTrue(assertThrows(CredentialException.class, () -> key("short")).getMessage().contains("shorter than"));
    }
}
