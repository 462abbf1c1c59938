package io.fedduck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.ConnectionSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void noArgumentsIsTheShellOnAnInMemoryDatabase() throws Exception {
        Arguments a = Arguments.parse();
        assertEquals(Arguments.Command.SHELL, a.command());
        assertEquals("jdbc:fedduck:", a.url());
        assertEquals(List.of(), a.shellOptions());
    }

    @Test
    void theConfigFileIsAddedToTheUrlPercentEncodedAndTheDriverReadsItBack() throws Exception {
        Arguments a = Arguments.parse("check", "--config", "/tmp/my files/c+d.yaml", "jdbc:fedduck:x.duckdb?threads=2");
        assertEquals(Arguments.Command.CHECK, a.command());
        assertEquals("jdbc:fedduck:x.duckdb?threads=2&config=/tmp/my%20files/c%2Bd.yaml", a.url());
        assertFalse(a.url().contains(" "), "sqlline splits its connect command on spaces");
        ConnectionSettings s = ConnectionSettings.parse(a.url(), new Properties(), Map.of(), Path.of("/work"));
        assertEquals(Path.of("/tmp/my files/c+d.yaml"), s.configFile());
        assertEquals(Path.of("/work/x.duckdb"), s.localDatabase());
    }

    @Test
    void aLocalFileBecomesTheUrlsPathAndConfigIsItsOnlyParameter() throws Exception {
        Arguments a = Arguments.parse("--config=/etc/c.yaml", "data/local db.duckdb");
        assertEquals("jdbc:fedduck:data/local%20db.duckdb?config=/etc/c.yaml", a.url());
        ConnectionSettings s = ConnectionSettings.parse(a.url(), new Properties(), Map.of(), Path.of("/w"));
        assertEquals(Path.of("/w/data/local db.duckdb"), s.localDatabase());
    }

    @Test
    void whatFollowsTwoDashesGoesToSqllineAfterFedDucksOwnOptions() throws Exception {
        Arguments a = Arguments.parse("--config", "c.yaml", "--", "-f", "script.sql", "--outputformat=csv");
        assertEquals(List.of("-f", "script.sql", "--outputformat=csv"), a.shellOptions());
        assertEquals(List.of("-d", "io.fedduck.FedDuckDriver", "-u", a.url(), "-n", "", "-p", "", "-f", "script.sql",
                "--outputformat=csv"), List.of(ShellCommand.sqllineArguments(a.url(), a.shellOptions(), true)));
        assertEquals(List.of("-d", "io.fedduck.FedDuckDriver", "-u", a.url(), "-n", "", "-p", "", "--maxWidth=100000",
                "-f", "script.sql", "--outputformat=csv"),
                List.of(ShellCommand.sqllineArguments(a.url(), a.shellOptions(), false)));
    }

    @Test
    void helpNeedsNothingElse() throws Exception {
        assertEquals(Arguments.Command.HELP, Arguments.parse("--help").command());
        assertEquals(Arguments.Command.HELP, Arguments.parse("help").command());
    }

    @Test
    void wrongCommandLinesAreRefusedWithAReason() {
        assertMessage("unknown option '--conifg'", "--conifg", "c.yaml");
        assertMessage("--config needs the path of a connections file", "check", "--config");
        assertMessage("--config is given twice", "--config", "a.yaml", "--config", "b.yaml");
        assertMessage("more than one URL or local database given", "a.duckdb", "b.duckdb");
        assertMessage("not a FedDuck URL", "jdbc:duckdb:x.db");
        assertMessage("the connections file is given twice", "--config", "a.yaml", "jdbc:fedduck:?config=b.yaml");
        assertMessage("belongs to the shell", "check", "--", "-f", "x.sql");
    }

    @Test
    void anUnknownOptionThatDoesNotLookLikeOneIsNotEchoed() {
        Arguments.UsageException e = assertThrows(Arguments.UsageException.class,
                () -> Arguments.parse("-p@ss w0rd!"));
        assertFalse(e.getMessage().contains("w0rd"), e.getMessage());
        assertTrue(e.getMessage().contains("not shown"), e.getMessage());
    }

    private static void assertMessage(String expected, String... args) {
        Arguments.UsageException e = assertThrows(Arguments.UsageException.class, () -> Arguments.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
