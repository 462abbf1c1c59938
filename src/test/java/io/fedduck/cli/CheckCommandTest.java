package io.fedduck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on files that fail validation: no database is reached, the exit code is 2. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void aMisspeltKeyIsReportedWithFileLineAndFieldAndNoValue() throws Exception {
        Path file = dir.resolve("connections.yaml");
        Files.writeString(file, """
                connections:
                  shop:
                    type: postgres
                    host: 127.0.0.1
                    database: shop
                    username: app
                    pasword: s3cret-value
                """);
        int exit = check(Map.of(), "--config", file.toString());
        String out = output();
        assertEquals(CheckCommand.INVALID, exit, out);
        assertTrue(out.contains("connections.yaml:7"), out);
        assertTrue(out.contains("pasword"), out);
        assertFalse(out.contains("s3cret-value"), out);
        assertFalse(out.contains("valid,"), out);
    }

    @Test
    void anUndefinedVariableIsNamedAndNothingIsAttached() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "connections:\n  s:\n    type: sqlite\n    file_path: ${FEDDUCK_NO_SUCH_VAR}\n");
        int exit = check(Map.of(), "--config", file.toString());
        assertEquals(CheckCommand.INVALID, exit, output());
        assertTrue(output().contains("FEDDUCK_NO_SUCH_VAR"), output());
    }

    @Test
    void aMissingFileIsAnError() throws Exception {
        int exit = check(Map.of(), "--config", dir.resolve("nope.yaml").toString());
        assertEquals(CheckCommand.INVALID, exit);
        assertTrue(output().contains("does not exist"), output());
    }

    @Test
    void withoutAnyConnectionsFileCheckSaysWhereItLooked() throws Exception {
        int exit = new CheckCommand(out(), Map.of()).run("jdbc:fedduck:?config=");
        assertEquals(CheckCommand.INVALID, exit);
        assertTrue(output().contains("no connections file"), output());
    }

    @Test
    void aBadCommandLineExitsWithTwoAndTheUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"check", "--nope"}, out(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("error: unknown option '--nope'"), text);
        assertTrue(text.contains("usage: java -jar fedduck-jdbc.jar"), text);
    }

    private int check(Map<String, String> env, String... args) throws Exception {
        return new CheckCommand(out(), env).run(Arguments.parse(args).url());
    }

    private PrintStream out() {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
