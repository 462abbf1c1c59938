package io.fedduck.it;

import static io.fedduck.it.FaultLinks.count;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted credentials against the real servers. (Every other integration test runs on ENC(...)
 * passwords too: TestFederation writes them, with require_encrypted_credentials: true.)
 */
class EncryptedCredentialsIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void seed() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
    }

    @Test
    void encryptedPasswordsReachBothServersAndAWrongKeyFailsWithoutASecret() throws Exception {
        TestFederation f = new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
        String config = Files.readString(f.writeConfig());
        assertTrue(config.contains("require_encrypted_credentials: true"), config);
        assertFalse(config.contains(RemoteDatabases.postgres().password()), config);
        assertFalse(config.contains(RemoteDatabases.mysql().password()), config);
        try (Connection c = f.open(); Statement s = c.createStatement()) {
            assertEquals(Seed.CUSTOMERS, count(s, "SELECT count(*) FROM pg.public.customers"));
            assertEquals(1500, count(s, "SELECT count(*) FROM my." + RemoteDatabases.mysql().database()
                    + ".events"));
        }
        // the driver's master_key_file wins over the file's: another key cannot decrypt the values
        Path other = dir.resolve("other.key");
        Files.writeString(other, "another master key of enough length\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                f.url("master_key_file=" + other)));
        assertEquals("22023", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("pg") && e.getMessage().contains("password")
                && e.getMessage().contains(other.toString()), e.getMessage());
        assertFalse(e.getMessage().contains(RemoteDatabases.postgres().password()), e.getMessage());
    }

    @Test
    void connectDatabaseTakesAnEncryptedPassword() throws Exception {
        TestFederation f = new TestFederation(dir);
        f.writeConfig();
        RemoteDatabases.Server server = RemoteDatabases.mysql();
        String encrypted = CredentialCipher.encrypt(server.password().toCharArray(),
                new CredentialBinding("mysql", server.host(), server.port(), server.user()),
                MasterKey.fromFile(dir.resolve("master.key")));
        try (Connection c = f.open("lockdown=false"); PreparedStatement ps = c.prepareStatement(
                "CALL connect_database('late_my', 'mysql', host := ?, port := ?, database := ?, username := ?,"
                        + " password := ?)")) {
            RemoteDatabases.Server my = RemoteDatabases.mysql();
            ps.setString(1, my.host());
            ps.setInt(2, my.port());
            ps.setString(3, my.database());
            ps.setString(4, my.user());
            ps.setString(5, encrypted);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("connected", rs.getString("status"), rs.getString("message"));
            }
            // the same value for another host (a loopback name of the same server) is refused, not sent
            try (PreparedStatement other = c.prepareStatement("CALL connect_database('other_my', 'mysql', host := ?,"
                    + " port := ?, database := ?, username := ?, password := ?)")) {
                other.setString(1, "localhost");
                other.setInt(2, my.port());
                other.setString(3, my.database());
                other.setString(4, my.user());
                other.setString(5, encrypted);
                SQLException e = assertThrows(SQLException.class, other::executeQuery);
                assertTrue(e.getMessage().contains("not for mysql://" + my.user() + "@localhost:" + my.port()),
                        e.getMessage());
            }
            try (Statement s = c.createStatement()) {
                assertEquals(1500, count(s, "SELECT count(*) FROM late_my." + my.database() + ".events"));
            }
        }
    }
}
