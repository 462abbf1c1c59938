package io.fedduck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.federation.FederationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
}
