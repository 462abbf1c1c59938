package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar alone is a working driver: a separate JVM with only that jar on its class path opens
 * FedDuck through DriverManager and runs the cross-database join over three sources and a local table.
 */
class PlainJarIT {
    @TempDir
    Path dir;

    static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("fedduck-jdbc-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("run mvn package first: no jar in target/"));
        }
    }

    @Test
    void aPlainJavaProgramWithOnlyTheJarRunsTheCrossDatabaseJoin() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
        Path sqlite = dir.resolve("items.sqlite");
        Seed.sqlite(sqlite);
        TestFederation f = new TestFederation(dir)
                .postgres("shop_pg", RemoteDatabases.postgres(), "")
                .mysql("web_mysql", RemoteDatabases.mysql(), "")
                .sqlite("stock_sqlite", sqlite, "");
        String url = f.url("");

        List<String> expected = new ArrayList<>();
        try (Connection c = f.open(); Statement s = c.createStatement()) {
            s.execute(Seed.LOCAL_REGIONS);
            try (ResultSet rs = s.executeQuery(CrossDatabaseIT.JOIN)) {
                while (rs.next()) {
                    expected.add(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t"
                            + rs.getString(4) + "\t" + rs.getString(5));
                }
            }
        }
        assertFalse(expected.isEmpty());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path client = Path.of("src/test/resources/PlainClient.java").toAbsolutePath();
        Process p = new ProcessBuilder(java.toString(), "-cp", shadedJar().toAbsolutePath().toString(),
                client.toString(), url, Seed.LOCAL_REGIONS, CrossDatabaseIT.JOIN)
                .directory(dir.toFile()).redirectErrorStream(false).start();
        String out;
        String err;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals(expected, out.lines().toList());
    }
}
