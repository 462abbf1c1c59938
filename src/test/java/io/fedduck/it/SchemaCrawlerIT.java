package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SchemaCrawler as a real client: its command line, in a child JVM with only the built jar and
 * SchemaCrawler's own jars on the class path, crawls a federation of PostgreSQL, MariaDB, SQLite and a
 * local DuckDB file at maximum info level, the way DBeaver reads DatabaseMetaData. SchemaCrawler logs
 * every metadata call a driver refuses or answers wrongly as a WARNING; there must be none.
 */
class SchemaCrawlerIT {
    private static final String PG_SCHEMA = "sc_crawl";

    @TempDir
    Path dir;

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
        }
    }

    @Test
    void crawlsEverySourceAtMaximumInfoLevelWithoutWarnings() throws Exception {
        createRemoteTables();
        Path sqlite = dir.resolve("sc_lite.sqlite");
        createSqliteTables(sqlite);
        TestFederation federation = new TestFederation(dir)
                .postgres("sc_pg", RemoteDatabases.postgres(), "")
                .mysql("sc_my", RemoteDatabases.mysql(), "")
                .sqlite("sc_lite", sqlite, "");
        String url = federation.url(dir.resolve("sc_local.duckdb"), "");
        try (Connection c = DriverManager.getConnection(url)) {
            createLocalTables(c);
        }
        Path output = dir.resolve("schemacrawler.txt");

        // Only this test's tables: others test against the same servers and may drop theirs meanwhile.
        Result r = schemaCrawler("--url=" + url, "--info-level=maximum", "--command=details",
                "--output-file=" + output, "--log-level=WARNING", "--tables=.*\\.sc_\\w+",
                "--routines=.*", "--sequences=.*", "--synonyms=.*");

        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.notExists(dir.resolve("hs_err.log")), "the JVM crashed\n" + r.all());
        String out = Files.readString(output);
        List<String> warnings = r.err().lines()
                .filter(line -> line.startsWith("WARNING ") || line.startsWith("SEVERE "))
                .filter(line -> !isUserOrPasswordNotice(line))
                .toList();
        assertTrue(r.err().contains("Database user is not provided"), "SchemaCrawler's log is read\n" + r.all());
        assertEquals(List.of(), warnings, "SchemaCrawler warned\n" + r.all());
        for (String catalog : List.of("sc_pg.sc_crawl", "sc_my.fedduck_test", "sc_lite.main")) {
            for (String table : List.of("sc_parent", "sc_child")) {
                assertTrue(Pattern.compile("(?m)^" + Pattern.quote(catalog + "." + table) + " +\\[table\\]$")
                        .matcher(out).find(), catalog + "." + table + " is listed\n" + out);
            }
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(catalog + ".sc_view") + " +\\[view\\]$")
                    .matcher(out).find(), catalog + ".sc_view is listed\n" + out);
        }
        assertTrue(Pattern.compile("(?m)^sc_lite\\.main\\.sc_view +\\[view\\]\\R-+\\R +id +BIGINT").matcher(out).find(),
                "SQLite's view has its columns\n" + out);
        assertTrue(Pattern.compile("(?m)^sc_local\\.main\\.sc_local_parent +\\[table\\]$").matcher(out).find(),
                "the local table is listed\n" + out);
        assertTrue(Pattern.compile("(?m)^sc_child_parent_fk +\\[foreign key, with no action\\]\\R"
                + " +parent_id \\(0\\.\\.many\\)--> sc_pg\\.sc_crawl\\.sc_parent\\.id").matcher(out).find(),
                "PostgreSQL's foreign key\n" + out);
        assertTrue(out.contains("parent_id (0..many)--> sc_my.fedduck_test.sc_parent.id"), "MariaDB's foreign key\n" + out);
        assertTrue(out.contains("parent_id (0..many)--> sc_lite.main.sc_parent.id"), "SQLite's foreign key\n" + out);
        assertTrue(out.contains("parent_id (0..many)--> sc_local.main.sc_local_parent.id"), "the local foreign key\n" + out);
    }

    /** SchemaCrawler's notices that no user and no password were given: FedDuck needs neither. */
    private static boolean isUserOrPasswordNotice(String line) {
        return line.equals("WARNING us.fatehi.utility.datasource.SimpleDatabaseConnectionSource Database user is not provided")
                || line.equals("WARNING us.fatehi.utility.datasource.SimpleDatabaseConnectionSource"
                        + " Database password is not provided");
    }

    private static void createRemoteTables() throws SQLException {
        try (Connection c = RemoteDatabases.postgres().admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + PG_SCHEMA);
            s.execute("CREATE TABLE sc_crawl.sc_parent (id integer PRIMARY KEY, code varchar(20) NOT NULL UNIQUE,"
                    + " amount numeric(12,2) DEFAULT 0)");
            s.execute("COMMENT ON TABLE sc_crawl.sc_parent IS 'parents'");
            s.execute("CREATE TABLE sc_crawl.sc_child (id integer PRIMARY KEY, parent_id integer NOT NULL, note text,"
                    + " CONSTRAINT sc_child_parent_fk FOREIGN KEY (parent_id) REFERENCES sc_crawl.sc_parent (id))");
            s.execute("CREATE INDEX sc_child_note_idx ON sc_crawl.sc_child (note)");
            s.execute("CREATE VIEW sc_crawl.sc_view AS SELECT id, code FROM sc_crawl.sc_parent");
        }
        try (Connection c = RemoteDatabases.mysql().admin(); Statement s = c.createStatement()) {
            dropMysql(s);
            s.execute("CREATE TABLE sc_parent (id int NOT NULL PRIMARY KEY, code varchar(20) NOT NULL UNIQUE,"
                    + " amount decimal(12,2) DEFAULT 0) ENGINE=InnoDB");
            s.execute("CREATE TABLE sc_child (id int NOT NULL PRIMARY KEY, parent_id int NOT NULL, note varchar(40),"
                    + " CONSTRAINT sc_my_child_parent_fk FOREIGN KEY (parent_id) REFERENCES sc_parent (id)) ENGINE=InnoDB");
            s.execute("CREATE VIEW sc_view AS SELECT id, code FROM sc_parent");
        }
    }

    private static void dropMysql(Statement s) throws SQLException {
        s.execute("DROP VIEW IF EXISTS sc_view");
        s.execute("DROP TABLE IF EXISTS sc_child, sc_parent");
    }

    private static void createSqliteTables(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sc_parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, amount NUMERIC(12,2) DEFAULT 0)");
            s.execute("CREATE TABLE sc_child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES sc_parent (id),"
                    + " note TEXT)");
            s.execute("CREATE INDEX sc_child_note_idx ON sc_child (note)");
            s.execute("CREATE VIEW sc_view AS SELECT id, code FROM sc_parent");
        }
    }

    private static void createLocalTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sc_local_parent (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE,"
                    + " amount DECIMAL(12,2) DEFAULT 0, tags VARCHAR[])");
            s.execute("CREATE TABLE sc_local_child (id INTEGER PRIMARY KEY,"
                    + " parent_id INTEGER NOT NULL REFERENCES sc_local_parent (id), note VARCHAR)");
            s.execute("CREATE INDEX sc_local_child_note_idx ON sc_local_child (note)");
            s.execute("CREATE VIEW sc_local_view AS SELECT id, code FROM sc_local_parent");
            s.execute("CREATE SEQUENCE sc_local_seq");
        }
    }

    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs SchemaCrawler's command line in a child JVM (a crash there fails the test instead of ending the
     * test JVM), with java.util.logging's console lines as "LEVEL logger message".
     */
    private Result schemaCrawler(String... args) throws Exception {
        String classPath = Stream.concat(Stream.of(PlainJarIT.shadedJar().toAbsolutePath().toString()),
                        schemaCrawlerJars().stream())
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + dir.resolve("hs_err.log"),
                "-Djava.util.logging.SimpleFormatter.format=%4$s %3$s %5$s%6$s%n",
                "-cp", classPath, "schemacrawler.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        boolean ended = p.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "SchemaCrawler did not end within 300 s\n" + err.getNow(""));
        return new Result(p.exitValue(), out.get(), err.get());
    }

    /** SchemaCrawler's jars and its own dependencies, from the test class path. */
    private static List<String> schemaCrawlerJars() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> jars = Stream.of(path.split(File.pathSeparator))
                .filter(p -> Stream.of("/us/fatehi/", "/info/picocli/", "/com/typesafe/", "/org/slf4j/").anyMatch(p::contains))
                .toList();
        assertTrue(jars.stream().anyMatch(p -> p.contains("schemacrawler-commandline")), "SchemaCrawler on " + path);
        return jars;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
