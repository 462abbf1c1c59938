package io.fedduck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.federation.FederationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FedDuckDriverTest {
    private final FedDuckDriver driver = new FedDuckDriver();

    @Test
    void acceptsOnlyFedDuckUrlsAndNeverThrows() {
        assertTrue(driver.acceptsURL("jdbc:fedduck:"));
        assertTrue(driver.acceptsURL("jdbc:fedduck:/tmp/x.duckdb?read_only=true"));
        assertFalse(driver.acceptsURL("jdbc:duckdb:"));
        assertFalse(driver.acceptsURL("jdbc:postgresql://h/db"));
        assertFalse(driver.acceptsURL(null));
    }

    @Test
    void connectReturnsNullForOtherUrls() throws Exception {
        assertNull(driver.connect("jdbc:duckdb:", new Properties()));
    }

    @Test
    void driverManagerFindsTheDriverWithoutClassForName() throws Exception {
        assertInstanceOf(FedDuckDriver.class, DriverManager.getDriver("jdbc:fedduck:"));
        try (Connection c = DriverManager.getConnection("jdbc:fedduck:")) {
            assertNotNull(c.getMetaData());
            assertEquals("FedDuck JDBC", c.getMetaData().getDriverName());
        }
    }

    @Test
    void serviceEntryIsGeneratedByAutoService() throws Exception {
        var resource = getClass().getClassLoader().getResources("META-INF/services/java.sql.Driver");
        boolean found = false;
        while (resource.hasMoreElements()) {
            try (var in = resource.nextElement().openStream()) {
                found |= new String(in.readAllBytes()).contains(FedDuckDriver.class.getName());
            }
        }
        assertTrue(found);
    }

    @Test
    void propertyInfoListsEveryPropertyWithDescriptionAndOpensNothing() throws Exception {
        int before = FederationRegistry.openCount();
        Properties info = new Properties();
        info.setProperty("password", "hunter2");
        DriverPropertyInfo[] props = driver.getPropertyInfo("jdbc:fedduck:/nonexistent/dir/x.duckdb?query_timeout=9", info);
        assertEquals(before, FederationRegistry.openCount());
        assertFalse(Files.exists(Path.of("/nonexistent/dir/x.duckdb")));
        Map<String, DriverPropertyInfo> byName = Arrays.stream(props)
                .collect(Collectors.toMap(p -> p.name, Function.identity()));
        assertEquals(DriverProperty.values().length, props.length);
        for (DriverProperty p : DriverProperty.values()) {
            assertNotNull(byName.get(p.key()).description, p.key());
        }
        assertEquals("9", byName.get("query_timeout").value);
        assertNull(byName.get("password").value, "the password is never echoed");
        assertEquals(2, byName.get("read_only").choices.length);
    }

    @Test
    void configPointingAtAFileThatIsNotAConnectionsFileDoesNotQuoteIt(@TempDir Path dir) throws Exception {
        Path shadow = dir.resolve("shadow");
        Files.writeString(shadow, "root:$6$Zq9SHADOW.hash/xyz:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n");
        for (String content : new String[] {null, "root:$6$Zq9SHADOW:19000:0:99999:7:::\nbin: *:19000\n"}) {
            if (content != null) {
                Files.writeString(shadow, content);
            }
            SQLException e = assertThrows(SQLException.class,
                    () -> driver.connect("jdbc:fedduck:?config=" + shadow, new Properties()));
            assertEquals("22023", e.getSQLState());
            assertTrue(e.getMessage().startsWith(shadow.toAbsolutePath().normalize() + ":"), e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("Zq9SHADOW"), t.toString());
                assertFalse(String.valueOf(t.getMessage()).contains("19000"), t.toString());
            }
        }
    }
}
