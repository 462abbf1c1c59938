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

    @TempDir
    Path dir;

    private static MasterKey key(String text) throws CredentialException {
        return MasterKey.fromEnvironment(Map.of(MasterKey.ENVIRONMENT_VARIABLE, text));
    }

    @Test
    void aValueDecryptsToWhatWasEncryptedAndEachEncryptionDiffers() throws Exception {
        MasterKey key = key("correct horse battery staple");
        String first = CredentialCipher.encrypt(SECRET.toCharArray(), key);
        String second = CredentialCipher.encrypt(SECRET.toCharArray(), key);
        assertTrue(first.matches("ENC\\(v1:[A-Za-z0-9_-]+\\)"), first);
        assertFalse(first.contains(SECRET));
        assertNotEquals(first, second, "a fresh salt and nonce each time");
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt(first, key));
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt("  " + second + " ", key));
        assertTrue(CredentialCipher.isEncrypted(first));
        assertFalse(CredentialCipher.isEncrypted("ENC"));
        assertFalse(CredentialCipher.isEncrypted("hunter2"));
    }

    @Test
    void anotherKeyFailsNamingWhereTheKeyCameFromAndNoValue() throws Exception {
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), key("correct horse battery staple"));
        CredentialException e = assertThrows(CredentialException.class,
                () -> CredentialCipher.decrypt(value, key("another key of enough length")));
        assertTrue(e.getMessage().contains("FEDDUCK_MASTER_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("another key, or it was changed"), e.getMessage());
        assertFalse(e.getMessage().contains(value.substring(8, 20)));
    }

    @Test
    void everyChangedByteFailsTheTag() throws Exception {
        MasterKey key = key("correct horse battery staple");
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), key);
        byte[] packed = Base64.getUrlDecoder().decode(value.substring(7, value.length() - 1));
        for (int i = 0; i < packed.length; i += 5) {
            byte[] changed = packed.clone();
            changed[i] ^= 1;
            String tampered = "ENC(v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(changed) + ")";
            assertThrows(CredentialException.class, () -> CredentialCipher.decrypt(tampered, key), "byte " + i);
        }
    }

    @Test
    void malformedValuesAreRefusedWithAHint() throws Exception {
        MasterKey key = key("correct horse battery staple");
        assertTrue(assertThrows(CredentialException.class, () -> CredentialCipher.decrypt("ENC(v2:AAAA)", key))
                .getMessage().contains("unknown version"));
        assertTrue(assertThrows(CredentialException.class, () -> CredentialCipher.decrypt("ENC(v1:!!)", key))
                .getMessage().contains("base64"));
        assertTrue(assertThrows(CredentialException.class, () -> CredentialCipher.decrypt("ENC(v1:AAAA)", key))
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
        String value = CredentialCipher.encrypt(SECRET.toCharArray(), fromFile);
        // the trailing newline is not part of the key
        assertArrayEquals(SECRET.toCharArray(), CredentialCipher.decrypt(value, key("a key of thirty-two characters..")));
        assertEquals("master key from the key file " + file, fromFile.toString());
        assertThrows(CredentialException.class, () -> MasterKey.fromFile(Path.of("relative.key")));
        assertTrue(assertThrows(CredentialException.class, () -> key("short")).getMessage().contains("shorter than"));
    }
}
