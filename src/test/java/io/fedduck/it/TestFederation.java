package io.fedduck.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a connections file for the test servers in a temporary folder and opens FedDuck connections on
 * it, with the extensions scripts/provision-extensions.sh put in place (never downloaded by a test).
 */
final class TestFederation {
    private final Path dir;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private String topLevel = "";

    TestFederation(Path dir) {
        this.dir = dir;
    }

    static Path extensionDirectory() {
        String dir = System.getProperty("fedduck.test.extensions");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("no DuckDB extensions at " + dir
                    + ": run scripts/provision-extensions.sh target/duckdb-extensions (scripts/test.sh does)");
        }
        return Path.of(dir);
    }

    TestFederation postgres(String name, RemoteDatabases.Server s, String extra) {
        return source(name, "type: postgres\nhost: " + s.host() + "\nport: " + s.port() + "\ndatabase: "
                + s.database() + "\nusername: " + s.user() + "\npassword: '" + s.password() + "'\n" + extra);
    }

    TestFederation mysql(String name, RemoteDatabases.Server s, String extra) {
        return source(name, "type: mysql\nhost: " + s.host() + "\nport: " + s.port() + "\ndatabase: "
                + s.database() + "\nusername: " + s.user() + "\npassword: '" + s.password() + "'\n" + extra);
    }

    TestFederation sqlite(String name, Path file, String extra) {
        return source(name, "type: sqlite\nfile_path: '" + file + "'\n" + extra);
    }

    /** Adds top-level YAML (an access: section, say) after the connections. */
    TestFederation topLevel(String yaml) {
        topLevel = yaml;
        return this;
    }

    /** Adds a source from raw YAML lines (without indentation). */
    TestFederation source(String name, String yaml) {
        sources.put(name, yaml);
        return this;
    }

    /**
     * Writes the connections file as a security team would have it: every password ENC(...) under a master
     * key in an owner-only key file, and {@code require_encrypted_credentials: true}, so every integration
     * test runs on encrypted credentials (docs/security.md).
     */
    Path writeConfig() throws IOException {
        Path keyFile = TestCredentials.writeKeyFile(dir);
        StringBuilder out = new StringBuilder("require_encrypted_credentials: true\nmaster_key_file: '")
                .append(keyFile).append("'\nconnections:\n");
        sources.forEach((name, yaml) -> {
            out.append("  ").append(name).append(":\n");
            for (String line : TestCredentials.encryptPassword(yaml).split("\n")) {
                if (!line.isBlank()) {
                    out.append("    ").append(line).append('\n');
                }
            }
        });
        out.append(topLevel);
        Path file = dir.resolve("connections.yaml");
        Files.writeString(file, out);
        // require_encrypted_credentials also refuses a file others may change, whatever the umask made it
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    String url(String query) throws IOException {
        return url(null, query);
    }

    /** A URL for a local DuckDB file (null: in memory). */
    String url(Path localDatabase, String query) throws IOException {
        return "jdbc:fedduck:" + (localDatabase == null ? "" : localDatabase.toString()) + "?config=" + writeConfig()
                + "&extension_directory=" + extensionDirectory() + (query.isEmpty() ? "" : "&" + query);
    }

    Connection open(String query) throws IOException, SQLException {
        return DriverManager.getConnection(url(query));
    }

    Connection open() throws IOException, SQLException {
        return open("");
    }
}
