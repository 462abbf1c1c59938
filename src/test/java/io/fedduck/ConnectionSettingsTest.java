package io.fedduck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {
    @TempDir
    Path dir;

    private ConnectionSettings parse(String url, Properties props, Map<String, String> env) throws SQLException {
        return ConnectionSettings.parse(url, props, env, dir);
    }

    @Test
    void emptyPathIsAnInMemoryDatabaseWithDefaults() throws SQLException {
        ConnectionSettings s = parse("jdbc:fedduck:", new Properties(), Map.of());
        assertNull(s.localDatabase());
        assertNull(s.configFile());
        assertFalse(s.readOnly());
        assertEquals(0, s.queryTimeoutSeconds());
        assertEquals("UTC", s.timeZone());
        assertTrue(s.duckdbSettings().isEmpty());
    }

    @Test
    void memoryKeywordIsInMemoryAndAFilePathResolvesAgainstTheWorkingDirectory() throws SQLException {
        assertNull(parse("jdbc:fedduck::memory:", null, Map.of()).localDatabase());
        assertEquals(dir.resolve("data/local.duckdb"),
                parse("jdbc:fedduck:data/local.duckdb?read_only=true", null, Map.of()).localDatabase());
    }

    @Test
    void aLocalDatabaseReachedThroughALinkIsTheFileItLeadsTo() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("real"));
        java.nio.file.Files.writeString(dir.resolve("real/local.duckdb"), "");
        java.nio.file.Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Path real = dir.resolve("real/local.duckdb").toRealPath();
        assertEquals(real, parse("jdbc:fedduck:link/local.duckdb", null, Map.of()).localDatabase());
        assertEquals(real.resolveSibling("new.duckdb"),
                parse("jdbc:fedduck:link/new.duckdb", null, Map.of()).localDatabase(), "a file not made yet");
    }

    @Test
    void urlQueryWinsOverProperties() throws SQLException {
        Properties p = new Properties();
        p.setProperty("query_timeout", "5");
        p.setProperty("read_only", "true");
        ConnectionSettings s = parse("jdbc:fedduck:?query_timeout=7", p, Map.of());
        assertEquals(7, s.queryTimeoutSeconds());
        assertTrue(s.readOnly());
    }

    @Test
    void valuesArePercentDecodedButPlusStaysAPlus() throws SQLException {
        ConnectionSettings s = parse("jdbc:fedduck:?extension_repository=file%3A%2F%2F%2Fa+b", null, Map.of());
        assertEquals("file:///a+b", s.extensionRepository());
    }

    @Test
    void unknownPropertyIsAnErrorListingTheValidOnes() {
        SQLException e = assertThrows(SQLException.class,
                () -> parse("jdbc:fedduck:?query_timout=5", null, Map.of()));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("query_timout"), e.getMessage());
        for (DriverProperty p : DriverProperty.values()) {
            assertTrue(e.getMessage().contains(p.key()), p.key() + " missing from: " + e.getMessage());
        }
    }

    @Test
    void duckDbSettingsPassThroughAndFedDuckKeysDoNot() throws SQLException {
        ConnectionSettings s = parse("jdbc:fedduck:?threads=2&read_only=true", null, Map.of());
        assertEquals(Map.of("threads", "2"), s.duckdbSettings());
    }

    @Test
    void badValuesNameTheProperty() {
        SQLException timeout = assertThrows(SQLException.class,
                () -> parse("jdbc:fedduck:?query_timeout=soon", null, Map.of()));
        assertTrue(timeout.getMessage().contains("query_timeout"));
        SQLException bool = assertThrows(SQLException.class,
                () -> parse("jdbc:fedduck:?read_only=yes", null, Map.of()));
        assertTrue(bool.getMessage().contains("read_only"));
        SQLException twice = assertThrows(SQLException.class,
                () -> parse("jdbc:fedduck:?read_only=true&read_only=false", null, Map.of()));
        assertTrue(twice.getMessage().contains("twice"));
    }

    @Test
    void configComesFromThePropertyThenTheEnvironmentThenTheWorkingDirectory() throws Exception {
        assertNull(parse("jdbc:fedduck:", null, Map.of()).configFile());
        Files.writeString(dir.resolve("connections.yaml"), "connections: {}\n");
        assertEquals(dir.resolve("connections.yaml"), parse("jdbc:fedduck:", null, Map.of()).configFile());
        assertEquals(dir.resolve("env.yaml"),
                parse("jdbc:fedduck:", null, Map.of("FEDDUCK_CONFIG", "env.yaml")).configFile());
        assertEquals(dir.resolve("url.yaml"),
                parse("jdbc:fedduck:?config=url.yaml", null, Map.of("FEDDUCK_CONFIG", "env.yaml")).configFile());
    }

    @Test
    void settingsThatWouldRevealSecretsAreRefused() {
        for (String setting : new String[] {"allow_unredacted_secrets=true", "allow_unsigned_extensions=true",
                "lock_configuration=true", "enable_external_access=false"}) {
            SQLException e = assertThrows(SQLException.class, () -> parse("jdbc:fedduck:?" + setting, null, Map.of()));
            assertEquals("22023", e.getSQLState(), setting);
        }
    }

    private static void assertNotLeaked(Throwable e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), "leaked: " + t.getMessage());
                assertFalse(t.toString().contains(secret), "leaked: " + t);
            }
        }
    }

    @Test
    void badPercentEncodingNamesThePropertyButNotTheValue() {
        for (String url : new String[] {"jdbc:fedduck:?password=Zq9%zzsecret", "jdbc:fedduck:?password=Zq9secret%",
            "jdbc:fedduck:?password=Zq9%A"}) {
            SQLException e = assertThrows(SQLException.class, () -> parse(url, null, Map.of()), url);
            assertEquals("22023", e.getSQLState());
            assertTrue(e.getMessage().contains("connection property 'password'"), e.getMessage());
            assertTrue(e.getMessage().contains("percent-encoding"), e.getMessage());
            assertNotLeaked(e, "Zq9", "zz", "secret");
            SQLException info = assertThrows(SQLException.class, () -> new FedDuckDriver().getPropertyInfo(url, null));
            assertNotLeaked(info, "Zq9", "zz", "secret");
        }
        SQLException key = assertThrows(SQLException.class, () -> parse("jdbc:fedduck:?Zq9%zz=1", null, Map.of()));
        assertEquals("22023", key.getSQLState());
        assertNotLeaked(key, "Zq9", "zz");
        SQLException path = assertThrows(SQLException.class, () -> parse("jdbc:fedduck:Zq9%zz.db", null, Map.of()));
        assertEquals("22023", path.getSQLState());
        assertTrue(path.getMessage().contains("local database path"), path.getMessage());
    }

    @Test
    void parameterWithoutKeyAndValueIsNotEchoed() {
        SQLException bare = assertThrows(SQLException.class,
                () -> parse("jdbc:fedduck:?read_only=true&Zq9secret&x=1", null, Map.of()));
        assertEquals("22023", bare.getSQLState());
        assertTrue(bare.getMessage().contains("parameter 2 of the URL is not key=value"), bare.getMessage());
        assertNotLeaked(bare, "Zq9");
        SQLException noKey = assertThrows(SQLException.class, () -> parse("jdbc:fedduck:?=Zq9secret", null, Map.of()));
        assertTrue(noKey.getMessage().contains("parameter 1 of the URL"), noKey.getMessage());
        assertNotLeaked(noKey, "Zq9");
        SQLException known = assertThrows(SQLException.class, () -> parse("jdbc:fedduck:?read_only", null, Map.of()));
        assertTrue(known.getMessage().contains("connection property 'read_only' has no value"), known.getMessage());
    }

    @Test
    void unknownPropertyNameThatIsNotAPlainNameIsNotEchoed() {
        Properties p = new Properties();
        p.setProperty("root:$6$Zq9secret", "x");
        SQLException e = assertThrows(SQLException.class, () -> parse("jdbc:fedduck:", p, Map.of()));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().startsWith("unknown connection property (name not shown: not a plain name)"),
                e.getMessage());
        assertNotLeaked(e, "Zq9");
    }
}
