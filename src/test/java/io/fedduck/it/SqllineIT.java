package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JDBC client on the built jar: {@code java -jar fedduck-jdbc.jar --config FILE URL -- -f script}
 * runs sqlline (the one inside the jar) through a script of metadata commands, as a SQL tool's browser
 * would call them, and the cross-database join. sqlline ends a script at the first failing command and
 * then exits with a non-zero status, so exit 0 means every command worked.
 */
class SqllineIT {
    @TempDir
    Path dir;

    @Test
    void metadataCommandsAndTheCrossDatabaseJoinRunThroughSqlline() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
        Path sqlite = dir.resolve("items.sqlite");
        Seed.sqlite(sqlite);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX items_by_customer ON items (customer_id)");
        }
        TestFederation federation = new TestFederation(dir)
                .postgres("shop_pg", RemoteDatabases.postgres(), "")
                .mysql("web_mysql", RemoteDatabases.mysql(), "")
                .sqlite("stock_sqlite", sqlite, "");
        Path config = federation.writeConfig();
        List<String> expected = expectedJoinRows(federation);

        String join = CrossDatabaseIT.JOIN.replace('\n', ' ');
        Path script = dir.resolve("script.sql");
        Files.writeString(script, String.join("\n",
                Seed.LOCAL_REGIONS + ";",
                "CREATE INDEX regions_by_country ON regions (country);",
                "!dbinfo",
                "!typeinfo",
                "!procedures %",
                "!tables",
                "!columns regions",
                "!indexes regions",
                "USE shop_pg.public;",
                "!columns orders",
                "!indexes orders",
                "USE stock_sqlite.main;",
                "!indexes items",
                "USE memory.main;",
                "!set outputformat csv",
                join + ";",
                ""));

        JarCommand.Result r = JarCommand.run(dir, Map.of(), "--config", config.toString(),
                "jdbc:fedduck:?extension_directory=" + TestFederation.extensionDirectory(), "--", "-f", script.toString());

        assertEquals(0, r.exit(), r.all());
        String out = r.out();
        assertTrue(out.contains("LITERAL_PREFIX"), "!typeinfo prints getTypeInfo's columns\n" + r.all());
        assertTrue(out.contains("PROCEDURE_NAME"), "!procedures prints getProcedures' columns\n" + r.all());
        assertTrue(Pattern.compile("\\| memory +\\| main +\\| regions +\\| TABLE +\\|").matcher(out).find(),
                "!tables lists the local table\n" + r.all());
        assertTrue(out.contains("regions_by_country"), "!indexes regions lists the local index\n" + r.all());
        assertTrue(out.contains("orders_pkey"), "!indexes orders lists PostgreSQL's primary key index\n" + r.all());
        assertTrue(out.contains("items_by_customer"), "!indexes items lists SQLite's index\n" + r.all());
        assertTrue(out.contains("customer_id"), "!columns orders lists its columns\n" + r.all());
        List<String> lines = out.lines().toList();
        int header = lines.indexOf("'id','region','total','clicks','qty'");
        assertTrue(header >= 0, "the join's csv header\n" + r.all());
        assertEquals(expected, lines.subList(header + 1, header + 1 + expected.size()), r.all());
        assertFalse(lines.size() > header + 1 + expected.size()
                && lines.get(header + 1 + expected.size()).startsWith("'"), "no extra row\n" + r.all());
    }

    /** The join's rows as sqlline's csv prints them, from a FedDuck connection of this JVM. */
    private static List<String> expectedJoinRows(TestFederation federation) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = federation.open(); Statement s = c.createStatement()) {
            s.execute(Seed.LOCAL_REGIONS);
            try (ResultSet rs = s.executeQuery(CrossDatabaseIT.JOIN)) {
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= 5; i++) {
                        cells.add("'" + rs.getString(i) + "'");
                    }
                    rows.add(String.join(",", cells));
                }
            }
        }
        assertFalse(rows.isEmpty());
        return rows;
    }
}
