package io.fedduck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.federation.FederationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline mode never downloads, and a missing extension says which one and how to get it. */
class ExtensionErrorsTest {
    @TempDir
    Path dir;

    @Test
    void missingExtensionInOfflineDirectoryNamesItAndTheFixAndLeavesNothingOpen() throws Exception {
        Files.createFile(dir.resolve("items.sqlite"));
        Path config = Files.writeString(dir.resolve("connections.yaml"),
                "connections:\n  files:\n    type: sqlite\n    file_path: items.sqlite\n");
        Path emptyExtensions = Files.createDirectory(dir.resolve("extensions"));
        int before = FederationRegistry.openCount();
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:fedduck:?config=" + config + "&extension_directory=" + emptyExtensions));
        assertEquals("0A000", e.getSQLState());
        assertTrue(e.getMessage().contains("'sqlite'"), e.getMessage());
        assertTrue(e.getMessage().contains("source 'files'"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/provision-extensions.sh " + emptyExtensions), e.getMessage());
        assertEquals(before, FederationRegistry.openCount());
        try (var files = Files.walk(emptyExtensions)) {
            assertEquals(1, files.count(), "nothing was downloaded into the offline directory");
        }
    }
}
