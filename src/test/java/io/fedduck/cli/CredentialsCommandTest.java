package io.fedduck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.credentials.CredentialBinding;
import io.fedduck.credentials.CredentialCipher;
import io.fedduck.credentials.MasterKey;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsCommandTest {
    private static final CredentialBinding PG = CredentialBinding.parse("postgres://app@db.example.com:5432");
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, Map<String, String> env, String... args) {
        return new CredentialsCommand(new BufferedReader(new StringReader(stdin)), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyAndNeverOverwritesOne() throws Exception {
        Path key = dir.resolve("master.key");
        assertEquals(0, run("", Map.of(), "keygen", key.toString()), err.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(45, Files.readString(key).length(), "32 random bytes in base64 and a newline");
        String first = Files.readString(key);
        assertEquals(2, run("", Map.of(), "keygen", key.toString()));
        assertEquals(first, Files.readString(key));
    }

    @Test
    void encryptReadsTheSecretAndPrintsAValueThatDecrypts() throws Exception {
        Path key = dir.resolve("master.key");
        run("", Map.of(), "keygen", key.toString());
        out.reset();
        assertEquals(0, run("hunter2-secret\n", Map.of(), "encrypt", "--for", "mysql://app@db:3306", "--key-file",
                key.toString()), err.toString());
        String value = out().strip();
        assertTrue(CredentialCipher.isEncrypted(value), value);
        assertFalse(value.contains("hunter2"));
        assertArrayEquals("hunter2-secret".toCharArray(), CredentialCipher.decrypt(value,
                CredentialBinding.parse("mysql://app@db:3306"), MasterKey.fromFile(key)));
        err.reset();
        assertEquals(2, run("x\n", Map.of(), "encrypt", "--key-file", key.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--for"), err.toString());
        err.reset();
        assertEquals(2, run("x\n", Map.of(), "encrypt", "--for", "mysql://app@db:3306"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("FEDDUCK_MASTER_KEY"), err.toString());
    }

    @Test
    void rotateFollowsALinkSkipsCommentsAndLeavesAFileWithoutValuesAlone() throws Exception {
        Path oldKey = dir.resolve("old.key");
        Path newKey = dir.resolve("new.key");
        run("", Map.of(), "keygen", oldKey.toString());
        run("", Map.of(), "keygen", newKey.toString());
        String value = CredentialCipher.encrypt("the-secret".toCharArray(), PG, MasterKey.fromFile(oldKey));
        String stale = CredentialCipher.encrypt("older".toCharArray(), PG, MasterKey.fromFile(newKey)); // another key
        Path real = dir.resolve("real.yaml");
        String yaml = "connections:\n  pg:\n    type: postgres\n    # was: " + stale + "\n    password: " + value + "\n";
        Files.writeString(real, yaml);
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), real);
        assertEquals(0, run("", Map.of(), "rotate", "--config", link.toString(), "--key-file", oldKey.toString(),
                "--new-key-file", newKey.toString()), err.toString());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        String rotated = Files.readString(real);
        assertTrue(rotated.contains("# was: " + stale), "a value in a comment is left as it is");
        assertFalse(rotated.contains(value));
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "connections:\n");
        out.reset();
        assertEquals(0, run("", Map.of(), "rotate", "--config", plain.toString(), "--key-file", oldKey.toString(),
                "--new-key-file", newKey.toString()));
        assertTrue(out().contains("nothing was changed"), out());
    }

    @Test
    void rotateReEncryptsEveryValueUnderTheNewKeyOrChangesNothing() throws Exception {
        Path oldKey = dir.resolve("old.key");
        Path newKey = dir.resolve("new.key");
        run("", Map.of(), "keygen", oldKey.toString());
        run("", Map.of(), "keygen", newKey.toString());
        String a = CredentialCipher.encrypt("first-secret".toCharArray(), PG, MasterKey.fromFile(oldKey));
        String b = CredentialCipher.encrypt("second-secret".toCharArray(), PG, MasterKey.fromFile(oldKey));
        Path config = dir.resolve("connections.yaml");
        String yaml = "# keep this comment\nconnections:\n  pg:\n    type: postgres\n    password: " + a
                + "\n  my:\n    type: mysql\n    password: \"" + b + "\"\n";
        Files.writeString(config, yaml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        // the wrong old key: nothing changes
        assertEquals(2, run("", Map.of(), "rotate", "--config", config.toString(), "--key-file", newKey.toString(),
                "--new-key-file", newKey.toString()));
        assertEquals(yaml, Files.readString(config));
        assertEquals(0, run("", Map.of(), "rotate", "--config", config.toString(), "--key-file", oldKey.toString(),
                "--new-key-file", newKey.toString()), err.toString());
        String rotated = Files.readString(config);
        assertTrue(rotated.startsWith("# keep this comment\n"));
        assertFalse(rotated.contains(a) || rotated.contains(b));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        var values = java.util.regex.Pattern.compile("ENC\\(v2:[A-Za-z0-9_-]+\\)").matcher(rotated).results()
                .map(java.util.regex.MatchResult::group).toList();
        assertEquals(2, values.size());
        assertArrayEquals("first-secret".toCharArray(), CredentialCipher.decrypt(values.get(0), PG, MasterKey.fromFile(newKey)));
        assertArrayEquals("second-secret".toCharArray(), CredentialCipher.decrypt(values.get(1), PG, MasterKey.fromFile(newKey)));
        assertTrue(out().contains("re-encrypted 2 values"), out());
    }

    @Test
    void hashPasswordPrintsAnArgon2idHashOfTheLineRead() {
        assertEquals(0, run("a login password\n", Map.of(), "hash-password"));
        String hash = out().trim();
        assertTrue(io.fedduck.credentials.PasswordHash.parse(hash).orElseThrow()
                .matches("a login password".toCharArray()), hash);
        assertEquals(2, run("", Map.of(), "hash-password"));
    }
}
