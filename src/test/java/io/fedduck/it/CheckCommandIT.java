package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar fedduck-jdbc.jar check} against the real test databases, in a child JVM on the built jar. */
class CheckCommandIT {
    @TempDir
    Path dir;

    @Test
    void everySourceConnectedExitsZeroWithLatencyAndTableCounts() throws Exception {
        Path sqlite = dir.resolve("items.sqlite");
        Seed.sqlite(sqlite);
        RemoteDatabases.Server pg = RemoteDatabases.postgres();
        RemoteDatabases.Server my = RemoteDatabases.mysql();
        Path config = new TestFederation(dir)
                .source("shop_pg", "type: postgres\nhost: " + pg.host() + "\nport: " + pg.port() + "\ndatabase: "
                        + pg.database() + "\nusername: " + pg.user() + "\npassword: ${CHECK_IT_PG_PASSWORD}")
                .source("web_mysql", "type: mysql\nhost: " + my.host() + "\nport: " + my.port() + "\ndatabase: "
                        + my.database() + "\nusername: " + my.user() + "\npassword: ${CHECK_IT_MYSQL_PASSWORD}")
                .sqlite("stock_sqlite", sqlite, "")
                .writeConfig();

        JarCommand.Result r = JarCommand.run(dir, Map.of("CHECK_IT_PG_PASSWORD", pg.password(),
                "CHECK_IT_MYSQL_PASSWORD", my.password()), "check", "--config", config.toString(), extensions());

        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertEquals("connections file " + config + ": valid, 3 sources", lines.get(0), r.all());
        assertSourceLine(lines.get(1), "shop_pg", "postgres");
        assertSourceLine(lines.get(2), "web_mysql", "mysql");
        assertTrue(lines.get(3).matches("  stock_sqlite\\s+sqlite\\s+connected\\s+\\d+ ms  1 table"), r.all());
        assertEquals("all 3 sources connected", lines.get(4), r.all());
        assertEquals(5, lines.size(), r.all());
        assertNoSecret(r, pg.password(), my.password());
    }

    @Test
    void aSourceThatIsDownOrRefusesThePasswordExitsOneWithTheReasonAndNoPassword() throws Exception {
        RemoteDatabases.Server pg = RemoteDatabases.postgres();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String wrongPassword = "wrong-Pw-" + System.nanoTime();
        String downPassword = "down-Pw-" + System.nanoTime();
        Path config = new TestFederation(dir)
                .source("shop_pg", "type: postgres\nhost: " + pg.host() + "\nport: " + pg.port() + "\ndatabase: "
                        + pg.database() + "\nusername: " + pg.user() + "\npassword: ${CHECK_IT_PG_PASSWORD}")
                .source("wrong_pw", "type: postgres\nhost: " + pg.host() + "\nport: " + pg.port() + "\ndatabase: "
                        + pg.database() + "\nusername: " + pg.user() + "\npassword: ${CHECK_IT_WRONG_PASSWORD}")
                .source("down_pg", "type: postgres\nhost: 127.0.0.1\nport: " + closedPort + "\ndatabase: x\n"
                        + "username: nobody\npassword: '" + downPassword + "'\noptions: {connection_timeout: 5}")
                .writeConfig();

        JarCommand.Result r = JarCommand.run(dir, Map.of("CHECK_IT_PG_PASSWORD", pg.password(),
                "CHECK_IT_WRONG_PASSWORD", wrongPassword), "check", "--config", config.toString(), extensions());

        assertEquals(1, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertSourceLine(lines.get(1), "shop_pg", "postgres");
        assertTrue(Pattern.compile("  wrong_pw\\s+postgres\\s+error\\s+\\d+ ms  source 'wrong_pw' .*password"
                + " authentication failed.*").matcher(lines.get(2)).matches(), r.all());
        assertTrue(Pattern.compile("  down_pg\\s+postgres\\s+error\\s+\\d+ ms  source 'down_pg' .*(refused|timeout).*")
                .matcher(lines.get(3)).matches(), r.all());
        assertEquals("2 of 3 sources not connected", lines.get(4), r.all());
        assertNoSecret(r, pg.password(), wrongPassword, downPassword);
    }

    private static void assertSourceLine(String line, String name, String type) {
        assertTrue(line.matches("  " + name + "\\s+" + type + "\\s+connected\\s+\\d+ ms  \\d+ tables?"), line);
    }

    private static void assertNoSecret(JarCommand.Result r, String... secrets) {
        for (String secret : secrets) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), "a password was printed");
        }
    }

    private static String extensions() {
        return "jdbc:fedduck:?extension_directory=" + TestFederation.extensionDirectory();
    }
}
