package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL timestamptz and a MySQL TIMESTAMP holding the same instant arrive as the same instant.
 * The pom runs this class in two JVMs with different default time zones (neither UTC), and the test
 * servers run in zones of their own, so no zone can line up by accident.
 */
class TimeZoneIT {
    static final Instant INSTANT = Instant.parse("2024-03-10T12:34:56Z");

    @TempDir
    Path dir;

    @Test
    void postgresTimestamptzAndMysqlTimestampAreTheSameInstant() throws Exception {
        assertNotEquals("UTC", TimeZone.getDefault().getID(), "run with a non-UTC JVM zone to mean anything");
        try (Connection pg = RemoteDatabases.postgres().admin(); Statement s = pg.createStatement()) {
            s.execute("SET TIME ZONE 'America/New_York'");
            s.execute("DROP TABLE IF EXISTS tz_probe");
            s.execute("CREATE TABLE tz_probe (id int PRIMARY KEY, at timestamptz NOT NULL)");
            s.execute("INSERT INTO tz_probe VALUES (1, '2024-03-10 08:34:56-04')");
        }
        try (Connection my = RemoteDatabases.mysql().admin(); Statement s = my.createStatement()) {
            s.execute("SET time_zone = '+09:00'");
            s.execute("DROP TABLE IF EXISTS tz_probe");
            s.execute("CREATE TABLE tz_probe (id int PRIMARY KEY, at timestamp NOT NULL)");
            s.execute("INSERT INTO tz_probe VALUES (1, '2024-03-10 21:34:56')");
        }
        TestFederation f = new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
        try (Connection c = f.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.at, m.at, p.at = m.at, m.at AT TIME ZONE 'UTC'"
                     + " FROM pg.public.tz_probe p JOIN my.fedduck_test.tz_probe m USING (id)")) {
            assertTrue(rs.next());
            assertEquals(INSTANT, rs.getTimestamp(1).toInstant(), "PostgreSQL timestamptz");
            assertEquals(INSTANT, rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
            assertEquals(LocalDateTime.ofInstant(INSTANT, ZoneOffset.UTC), rs.getObject(2, LocalDateTime.class),
                    "MySQL TIMESTAMP arrives as its UTC wall-clock time");
            assertTrue(rs.getBoolean(3), "the two compare equal in SQL");
            assertEquals(INSTANT, rs.getTimestamp(4).toInstant(), "AT TIME ZONE 'UTC' makes it an instant");
        }
    }
}
