package io.fedduck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The property table in README.md is the {@link DriverProperty} enum, row for row. */
class DriverPropertyDocsTest {
    static final String BEGIN = "<!-- properties:begin -->";
    static final String END = "<!-- properties:end -->";

    static String row(DriverProperty p) {
        return "| `" + p.key() + "` | " + (p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`") + " | "
                + String.join(", ", p.choices()) + " | " + p.description() + " |";
    }

    @Test
    void readmePropertyTableMatchesTheEnum() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf(BEGIN) + BEGIN.length(), readme.indexOf(END));
        List<String> rows = table.lines().filter(l -> l.startsWith("| `")).toList();
        List<String> expected = Arrays.stream(DriverProperty.values()).map(DriverPropertyDocsTest::row).toList();
        assertEquals(String.join("\n", expected), String.join("\n", rows),
                "README.md's property table is out of date; paste the expected rows between the markers");
    }
}
