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
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar alone is a working driver: a separate JVM with only that jar on its class path opens
 * FedDuck through DriverManager and runs the cross-database join over three sources and a local table.
 * The jar registers FedDuck's driver only, and holds nothing outside FedDuck's and DuckDB's packages (the
 * rest is relocated under io.fedduck.shaded), so it cannot clash with a tool's own libraries.
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

    @Test
    void theServicesFileRegistersFedDucksDriverOnly() throws Exception {
        try (ZipFile jar = new ZipFile(shadedJar().toFile())) {
            ZipEntry services = jar.getEntry("META-INF/services/java.sql.Driver");
            String text;
            try (InputStream in = jar.getInputStream(services)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(List.of("io.fedduck.FedDuckDriver"),
                    text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        }
    }

    @Test
    void everyClassIsFedDucksOrDuckDbsAndDuckDbsNativeLibrariesStayWhereItLoadsThem() throws Exception {
        List<String> outside = new ArrayList<>();
        List<String> shaded = new ArrayList<>();
        List<String> nativeLibraries = new ArrayList<>();
        try (ZipFile jar = new ZipFile(shadedJar().toFile())) {
            jar.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(name -> {
                if (name.startsWith("io/fedduck/shaded/")) {
                    shaded.add(name);
                } else if (name.matches("libduckdb_java\\.so_[a-z0-9_]+")) {
                    nativeLibraries.add(name);
                } else if (name.endsWith(".class") ? !name.startsWith("io/fedduck/") && !name.startsWith("org/duckdb/")
                        : !name.startsWith("META-INF/") && !name.startsWith("io/fedduck/") && !name.startsWith("org/duckdb/")) {
                    outside.add(name);
                }
            });
        }
        assertEquals(List.of(), outside);
        // The relocated libraries are really inside (a relocation that matched nothing would pass the check above).
        assertTrue(shaded.contains("io/fedduck/shaded/org/yaml/snakeyaml/Yaml.class"), "SnakeYAML relocated");
        assertTrue(shaded.contains("io/fedduck/shaded/sqlline/SqlLine.class"), "sqlline relocated");
        assertTrue(shaded.contains("io/fedduck/shaded/org/jline/reader/LineReader.class"), "jline relocated");
        assertTrue(nativeLibraries.contains("libduckdb_java.so_linux_amd64"), nativeLibraries.toString());
    }

    @Test
    void aClassLoaderOverOnlyTheJarFindsFedDuckForItsUrlsAndNoDriverForDuckDbs() throws Exception {
        assertEquals("service io.fedduck.FedDuckDriver accepts=true\nmanager io.fedduck.FedDuckDriver jar=true\n",
                probeInJarOnlyLoader("jdbc:fedduck:"));
        assertEquals("service io.fedduck.FedDuckDriver accepts=false\nmanager none 08001\n",
                probeInJarOnlyLoader("jdbc:duckdb:"));
    }

    /** Runs {@link JarOnlyDriverProbe} in a new class loader over the jar alone (parent: the JDK's platform loader). */
    private static String probeInJarOnlyLoader(String url) throws Exception {
        byte[] probe;
        try (InputStream in = JarOnlyDriverProbe.class.getResourceAsStream("JarOnlyDriverProbe.class")) {
            probe = in.readAllBytes();
        }
        try (JarOnlyLoader loader = new JarOnlyLoader(shadedJar().toUri().toURL())) {
            @SuppressWarnings("unchecked")
            Function<String, String> f = (Function<String, String>) loader.define(JarOnlyDriverProbe.class.getName(), probe)
                    .getConstructor().newInstance();
            return f.apply(url);
        }
    }

    /** A loader that sees the jar and the JDK, and into which the test puts its probe class. */
    private static final class JarOnlyLoader extends URLClassLoader {
        JarOnlyLoader(URL jar) {
            super(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
