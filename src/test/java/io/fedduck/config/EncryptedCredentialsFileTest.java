package io.fedduck.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.credentials.CredentialBinding;
import io.fedduck.credentials.CredentialCipher;
import io.fedduck.credentials.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ENC(...) passwords, master keys, require_encrypted_credentials and ${file:...} in a connections file. */
class EncryptedCredentialsFileTest {
    private static final String PASSWORD = "pg-Pa55word";
    private static final String KEY = "the master key of this test file";
    private static final Map<String, String> ENV = Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY);

    @TempDir
    Path dir;

    /** The connection postgres() below describes: no username, the default port. */
    private static final CredentialBinding PG = CredentialBinding.parse("postgres://db.example.com:5432");

    private static String encrypted(String secret, String key) throws Exception {
        return CredentialCipher.encrypt(secret.toCharArray(), PG,
                MasterKey.fromEnvironment(Map.of(MasterKey.ENVIRONMENT_VARIABLE, key)));
    }

    private static String postgres(String header, String password) {
        return header + "connections:\n  pg:\n    type: postgres\n    host: db.example.com\n    database: prod\n"
                + "    password: " + password + "\n";
    }

    private FederationConfig parse(String yaml, Map<String, String> env) throws SQLException {
        return ConnectionsFile.parse(yaml, "test.yaml", dir, env);
    }

    private SQLException error(String yaml, Map<String, String> env) {
        SQLException e = assertThrows(SQLException.class, () -> parse(yaml, env));
        assertEquals("22023", e.getSQLState(), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        return e;
    }

    private Path ownerOnly(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void anEncryptedPasswordIsDecryptedWithTheKeyFromTheEnvironment() throws Exception {
        FederationConfig config = parse(postgres("", encrypted(PASSWORD, KEY)), ENV);
        assertEquals(PASSWORD, config.sources().get(0).password().reveal());
        assertFalse(config.toString().contains(PASSWORD));
    }

    @Test
    void theFilesKeyFileResolvesAgainstItsFolderAndTheDriversKeyFileWins() throws Exception {
        ownerOnly("file.key", KEY + "\n");
        String yaml = "master_key_file: file.key\n" + postgres("", encrypted(PASSWORD, KEY));
        Path config = dir.resolve("connections.yaml");
        Files.writeString(config, yaml);
        assertEquals(PASSWORD, ConnectionsFile.load(config, Map.of()).sources().get(0).password().reveal());
        Path other = ownerOnly("driver.key", "a different key, given to the driver");
        SQLException e = assertThrows(SQLException.class, () -> ConnectionsFile.load(config, Map.of(), other));
        assertTrue(e.getMessage().contains("connection 'pg'") || e.getMessage().contains("pg"), e.getMessage());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    }

    @Test
    void aWrongOrMissingKeyNamesTheConnectionTheFieldAndWhereTheKeyCameFrom() throws Exception {
        String yaml = postgres("", encrypted(PASSWORD, KEY));
        SQLException wrong = error(yaml, Map.of(MasterKey.ENVIRONMENT_VARIABLE, "some other key of enough length"));
        assertTrue(wrong.getMessage().contains("pg") && wrong.getMessage().contains("password")
                && wrong.getMessage().contains("FEDDUCK_MASTER_KEY"), wrong.getMessage());
        SQLException missing = error(yaml, Map.of());
        assertTrue(missing.getMessage().contains("no master key is given"), missing.getMessage());
        Files.writeString(dir.resolve("loose.key"), KEY);
        Files.setPosixFilePermissions(dir.resolve("loose.key"), PosixFilePermissions.fromString("rw-rw-r--"));
        SQLException loose = error("master_key_file: loose.key\n" + yaml, Map.of());
        assertTrue(loose.getMessage().contains("chmod 600"), loose.getMessage());
    }

    @Test
    void requireEncryptedCredentialsRefusesClearTextButNotEncOrReferences() throws Exception {
        String header = "require_encrypted_credentials: true\n";
        SQLException plain = error(postgres(header, PASSWORD), ENV);
        assertTrue(plain.getMessage().contains("clear text") && plain.getMessage().contains("encrypt"),
                plain.getMessage());
        assertEquals(PASSWORD, parse(postgres(header, encrypted(PASSWORD, KEY)), ENV).sources().get(0).password()
                .reveal());
        Map<String, String> env = Map.of(MasterKey.ENVIRONMENT_VARIABLE, KEY, "PG_PASSWORD", encrypted(PASSWORD, KEY));
        assertEquals(PASSWORD, parse(postgres(header, "${PG_PASSWORD}"), env).sources().get(0).password().reveal());
        // clear text in part, as a fallback or behind $${ is still clear text in the file
        for (String sneaky : new String[] {"\"${NOPE:-" + PASSWORD + "}\"", "\"" + PASSWORD + "${NOPE:-}\"",
                "\"$${" + PASSWORD + "\"", "\"x${PG_PASSWORD}\""}) {
            SQLException e = error(postgres(header, sneaky), env);
            assertTrue(e.getMessage().contains("clear text"), sneaky + ": " + e.getMessage());
        }
        // without the setting, clear text stays allowed
        assertEquals(PASSWORD, parse(postgres("require_encrypted_credentials: false\n", PASSWORD), ENV).sources()
                .get(0).password().reveal());
    }

    @Test
    void aFileThatRequiresEncryptionMustNotBeWritableByOthers() throws Exception {
        Path config = dir.resolve("connections.yaml");
        Files.writeString(config, postgres("require_encrypted_credentials: true\n", encrypted(PASSWORD, KEY)));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-r--"));
        SQLException e = assertThrows(SQLException.class, () -> ConnectionsFile.load(config, ENV));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("chmod go-w"), e.getMessage());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(PASSWORD, ConnectionsFile.load(config, ENV).sources().get(0).password().reveal());
    }

    @Test
    void aFileReferenceReadsAnOwnerOnlySecretFile() throws Exception {
        Path secret = ownerOnly("pg.secret", PASSWORD + "\n");
        assertEquals(PASSWORD, parse(postgres("", "${file:" + secret + "}"), Map.of()).sources().get(0).password()
                .reveal());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        SQLException loose = error(postgres("", "${file:" + secret + "}"), Map.of());
        assertTrue(loose.getMessage().contains("chmod 600"), loose.getMessage());
        SQLException relative = error(postgres("", "${file:pg.secret}"), Map.of());
        assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
    }

    @Test
    void aValueMadeForAnotherHostIsRefusedSoEditingHostDoesNotRedirectThePassword() throws Exception {
        String yaml = postgres("", encrypted(PASSWORD, KEY)).replace("host: db.example.com", "host: evil.example.com");
        SQLException e = error(yaml, ENV);
        assertTrue(e.getMessage().contains("made for postgres://db.example.com:5432, not for"
                + " postgres://evil.example.com:5432"), e.getMessage());
    }

    @Test
    void connectDatabaseDecryptsWithTheFilesRules() throws Exception {
        FederationConfig config = parse("connections:\n", ENV);
        Map<String, Object> fields = Map.of("type", "postgres", "host", "db.example.com", "database", "prod",
                "password", encrypted(PASSWORD, KEY));
        SourceConfig source = SourceConfig.validated(fields, "late", new ConfigLocation("connect_database", 0), null,
                config.credentials());
        assertEquals(PASSWORD, source.password().reveal());
    }
}
