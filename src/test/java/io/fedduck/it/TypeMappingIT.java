package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each source type arrives as: the DuckDB type, the Java class JDBC hands out, and whether the value
 * is the one the source's own JDBC driver reads. Tables are written through pgjdbc, MariaDB Connector/J
 * and sqlite-jdbc, never through DuckDB. docs/type-mapping.md cites these tests row by row.
 */
class TypeMappingIT {
    /** 2024-03-10 08:34:56.123456-04 in PostgreSQL; a daylight-saving day in the United States. */
    static final Instant PG_INSTANT = Instant.parse("2024-03-10T12:34:56.123456Z");
    /** The MySQL TIMESTAMP literal '2024-03-10 21:34:56.5' written in a +09:00 session. */
    static final Instant MY_INSTANT = Instant.parse("2024-03-10T12:34:56.500Z");
    static final String DUCK = "\uD83E\uDD86 duck";

    @TempDir
    static Path dir;
    static Path sqliteFile;
    static TestFederation federation;
    /** Keeps the federation (one DuckDB instance, one ATTACH per source) alive across the tests. */
    static Connection anchor;
    /** The MySQL catalog and schema: {@code my.<database>.}. */
    static String my;

    @BeforeAll
    static void seed() throws Exception {
        seedPostgres(RemoteDatabases.postgres());
        seedMysql(RemoteDatabases.mysql());
        sqliteFile = dir.resolve("types.sqlite");
        seedSqlite(sqliteFile);
        federation = new TestFederation(dir)
                .postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "")
                .sqlite("lite", sqliteFile, "");
        my = "my." + RemoteDatabases.mysql().database() + ".";
        anchor = federation.open();
    }

    @AfterAll
    static void release() throws SQLException {
        if (anchor != null) {
            anchor.close();
        }
    }

    static void seedPostgres(RemoteDatabases.Server pg) throws SQLException {
        try (Connection c = pg.admin(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS types_pg_values, types_pg_negative_scale, types_pg_history, types_pg_nan");
            s.execute("DROP TYPE IF EXISTS types_mood");
            s.execute("DROP DOMAIN IF EXISTS types_positive");
            s.execute("CREATE TYPE types_mood AS ENUM ('sad', 'ok', 'happy')");
            s.execute("CREATE DOMAIN types_positive AS integer CHECK (VALUE > 0)");
            s.execute("""
                    CREATE TABLE types_pg_values (id int PRIMARY KEY, amount numeric(12,2), free numeric,
                      wide numeric(40,2), tstz timestamptz, wall timestamp, day date, jb jsonb, j json, u uuid,
                      tags text[], mood types_mood, bin bytea, flag boolean, big bigint, code char(5),
                      qty types_positive)""");
            s.execute("""
                    INSERT INTO types_pg_values VALUES
                    (1, 1234567890.12, 12345678901234567890.123456789, 12345678901234567890123456789012345678.12,
                     '2024-03-10 08:34:56.123456-04', '2024-03-10 02:30:00', '2024-02-29',
                     '{"b": 1, "a": [1, 2, {"c": null}]}', '{"b":1,  "a":2}',
                     'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ARRAY['a', 'b c', NULL, '"q"'], 'happy',
                     '\\x00ff10', true, 9223372036854775807, 'ab', 5),
                    (2, -0.01, 0.1, NULL, '1999-12-31 23:59:59+00', '1999-12-31 23:59:59', '1999-12-31',
                     '[]', '[]', '00000000-0000-0000-0000-000000000000', '{}', 'sad', '', false,
                     -9223372036854775808, 'abcde', 1),
                    (3, 9999999999.99, 'NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'ok', NULL, NULL,
                     NULL, NULL, NULL),
                    (4, NULL, 'Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL),
                    (5, NULL, '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL)""");
            // Negative scale needs PostgreSQL 15 or later (the test servers are 15).
            s.execute("CREATE TABLE types_pg_negative_scale (id int PRIMARY KEY, hundreds numeric(5,-2))");
            s.execute("INSERT INTO types_pg_negative_scale VALUES (1, 12300)");
            s.execute("CREATE TABLE types_pg_nan (id int PRIMARY KEY, amount numeric(12,2))");
            s.execute("INSERT INTO types_pg_nan VALUES (1, 'NaN'), (2, 2.50)");
            s.execute("CREATE TABLE types_pg_history (id int PRIMARY KEY, day date, wall timestamp, tstz timestamptz)");
            s.execute("""
                    INSERT INTO types_pg_history VALUES
                    (1, '1582-10-10', '1582-10-10 10:00:00', NULL),
                    (2, '0044-03-15 BC', '0044-03-15 10:00:00 BC', NULL),
                    (3, 'infinity', 'infinity', 'infinity')""");
        }
    }

    static void seedMysql(RemoteDatabases.Server server) throws SQLException {
        try (Connection c = server.admin(); Statement s = c.createStatement()) {
            // A session zone that is neither UTC nor the server's, and a mode that lets a zero date in.
            s.execute("SET time_zone = '+09:00'");
            s.execute("SET sql_mode = ''");
            s.execute("DROP TABLE IF EXISTS types_my_values");
            s.execute("""
                    CREATE TABLE types_my_values (id int PRIMARY KEY, flag tinyint(1), ubig bigint unsigned,
                      dt datetime(6), ts timestamp(6) NULL DEFAULT NULL, kind enum('view','click','buy'),
                      doc json, amount decimal(12,2), txt varchar(100), t time)
                    DEFAULT CHARSET utf8mb4""");
            try (var p = c.prepareStatement("INSERT INTO types_my_values VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                Object[][] rows = {
                    {1, 1, "18446744073709551615", "2024-03-10 21:34:56.5", "2024-03-10 21:34:56.5", "click",
                        "{\"b\": 1,  \"a\":[1,2]}", "1234567890.12", DUCK, "12:34:56"},
                    {2, 0, "9223372036854775808", "2024-03-10 02:30:00", "1999-12-31 23:59:59", "view",
                        "[]", "-0.01", "na\u00efve caf\u00e9 \u65e5\u672c", "-838:59:59"},
                    {3, 2, "0", "1999-12-31 23:59:59", null, "buy", null, "9999999999.99", "", "838:59:59"},
                    {4, -1, null, "0000-00-00 00:00:00", null, null, null, null, null, null},
                    {5, null, null, null, null, null, null, null, null, null},
                };
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        p.setObject(i + 1, row[i]);
                    }
                    p.executeUpdate();
                }
            }
        }
    }

    static void seedSqlite(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE types_sqlite_declared (id INTEGER PRIMARY KEY, n INTEGER, r REAL, t TEXT,
                      b BLOB, d date, dt datetime, num NUMERIC, flag boolean, vc varchar(10), other widget)""");
            s.execute("INSERT INTO types_sqlite_declared VALUES"
                    + " (1, 42, 1.5, 'text', x'00ff', '2024-03-10', '2024-03-10 12:34:56', 1.25, 1, 'v', 'w'),"
                    + " (2, -7, 3, '" + DUCK + "', x'', '1999-12-31', '1999-12-31T23:59:59', 10, 0, '', '')");
            s.execute("CREATE TABLE types_sqlite_int_text (id INTEGER PRIMARY KEY, n INTEGER)");
            s.execute("INSERT INTO types_sqlite_int_text VALUES (1, 42), (2, 'forty-two')");
            s.execute("CREATE TABLE types_sqlite_int_real (id INTEGER PRIMARY KEY, n INTEGER)");
            s.execute("INSERT INTO types_sqlite_int_real VALUES (1, 1.5)");
            s.execute("CREATE TABLE types_sqlite_real_text (id INTEGER PRIMARY KEY, r REAL)");
            s.execute("INSERT INTO types_sqlite_real_text VALUES (1, 0.5), (2, 'abc')");
            s.execute("CREATE TABLE types_sqlite_text_blob (id INTEGER PRIMARY KEY, t TEXT)");
            s.execute("INSERT INTO types_sqlite_text_blob VALUES (1, 'fine'), (2, x'00ff')");
            s.execute("CREATE TABLE types_sqlite_untyped (id INTEGER PRIMARY KEY, v)");
            s.execute("INSERT INTO types_sqlite_untyped VALUES (1, 1), (2, 'two'), (3, 3.5), (4, x'00ff'), (5, NULL)");
            s.execute("CREATE TABLE types_sqlite_blob_mixed (id INTEGER PRIMARY KEY, b BLOB)");
            s.execute("INSERT INTO types_sqlite_blob_mixed VALUES (1, 'hello'), (2, 7)");
            s.execute("CREATE TABLE types_sqlite_dates (id INTEGER PRIMARY KEY, d date)");
            // ISO text, Unix seconds, and the Julian day number SQLite's own julianday() gives.
            s.execute("INSERT INTO types_sqlite_dates VALUES (1, '2024-03-10'), (2, 1710072000),"
                    + " (3, julianday('2024-03-10'))");
            s.execute("CREATE TABLE types_sqlite_bad_date (id INTEGER PRIMARY KEY, d date)");
            s.execute("INSERT INTO types_sqlite_bad_date VALUES (1, '10/03/2024')");
        }
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Opener {
        Connection open() throws Exception;
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    static Connection fedduck() throws Exception {
        return federation.open();
    }

    static Connection postgres() throws SQLException {
        return RemoteDatabases.postgres().admin();
    }

    static Connection mysql() throws SQLException {
        return RemoteDatabases.mysql().admin();
    }

    static Connection sqlite() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
    }

    /** Column 1 of every row of {@code sql}, read with {@code column}, on a new connection. */
    static <T> List<T> rows(Opener opener, String sql, Column<T> column) throws Exception {
        try (Connection c = opener.open()) {
            return rows(c, sql, column);
        }
    }

    static <T> List<T> rows(Connection c, String sql, Column<T> column) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(column.read(rs));
            }
        }
        return out;
    }

    static <T> T single(Opener opener, String sql, Column<T> column) throws Exception {
        List<T> all = rows(opener, sql, column);
        assertEquals(1, all.size(), sql);
        return all.get(0);
    }

    static <T> List<T> fromFedDuck(String sql, Column<T> column) throws Exception {
        return rows(TypeMappingIT::fedduck, sql, column);
    }

    static <T> List<T> fromPostgres(String sql, Column<T> column) throws Exception {
        return rows(TypeMappingIT::postgres, sql, column);
    }

    static <T> List<T> fromMysql(String sql, Column<T> column) throws Exception {
        return rows(TypeMappingIT::mysql, sql, column);
    }

    static <T> List<T> fromSqlite(String sql, Column<T> column) throws Exception {
        return rows(TypeMappingIT::sqlite, sql, column);
    }

    static <T> T oneFromFedDuck(String sql, Column<T> column) throws Exception {
        return single(TypeMappingIT::fedduck, sql, column);
    }

    /** The DuckDB type of a column as DESCRIBE reports it (reads no rows, so no value can fail). */
    static String duckType(String table, String column) throws Exception {
        return single(TypeMappingIT::fedduck, "SELECT column_type FROM (DESCRIBE " + table + ") WHERE column_name = '"
                + column + "'", rs -> rs.getString(1));
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs {@code body} with another JVM default time zone, the way a user's machine would have it. */
    static void inJvmZone(String zone, Body body) throws Exception {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            body.run();
        } finally {
            TimeZone.setDefault(before);
        }
    }

    static SQLException queryFails(String sql) throws Exception {
        try (Connection c = fedduck(); Statement s = c.createStatement()) {
            return assertThrows(SQLException.class, () -> {
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            });
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- PostgreSQL

    static final String PG = "pg.public.types_pg_values";

    @Test
    void postgresNumericWithPrecisionArrivesAsAnExactDecimal() throws Exception {
        assertEquals("DECIMAL(12,2)", duckType(PG, "amount"));
        List<BigDecimal> expected = rows(TypeMappingIT::postgres,
                "SELECT amount FROM types_pg_values ORDER BY id", rs -> rs.getBigDecimal(1));
        List<Object> actual = fromFedDuck("SELECT amount FROM " + PG + " ORDER BY id",
                rs -> rs.getObject(1));
        assertEquals(Arrays.asList(new BigDecimal("1234567890.12"), new BigDecimal("-0.01"),
                new BigDecimal("9999999999.99"), null, null), expected);
        assertEquals(expected, actual, "BigDecimal, same unscaled value and scale");
        assertEquals(expected.get(0), oneFromFedDuck("SELECT amount FROM " + PG + " WHERE id = 1",
                rs -> rs.getObject(1, BigDecimal.class)));
    }

    @Test
    void postgresUnconstrainedNumericArrivesAsALossyDouble() throws Exception {
        assertEquals("DOUBLE", duckType(PG, "free"));
        BigDecimal source = single(TypeMappingIT::postgres, "SELECT free FROM types_pg_values WHERE id = 1",
                rs -> rs.getBigDecimal(1));
        Object arrived = oneFromFedDuck("SELECT free FROM " + PG + " WHERE id = 1", rs -> rs.getObject(1));
        assertInstanceOf(Double.class, arrived);
        // Not even always the nearest double: 1.234567890123457E19 where Java parses 1.2345678901234567E19.
        assertEquals(source.doubleValue(), (Double) arrived, Math.abs(source.doubleValue()) * 1e-15);
        assertNotEquals(0, source.compareTo(new BigDecimal((Double) arrived)), "digits are lost");
        assertEquals(0.1, oneFromFedDuck("SELECT free FROM " + PG + " WHERE id = 2", rs -> rs.getDouble(1)));
    }

    @Test
    void postgresNumericNaNAndInfinityArriveAsZero() throws Exception {
        assertEquals(List.of("NaN", "Infinity", "-Infinity"), rows(TypeMappingIT::postgres,
                "SELECT free::text FROM types_pg_values WHERE id >= 3 ORDER BY id", rs -> rs.getString(1)));
        assertEquals(List.of(0.0, 0.0, 0.0), rows(TypeMappingIT::fedduck,
                "SELECT free FROM " + PG + " WHERE id >= 3 ORDER BY id", rs -> rs.getObject(1)));
    }

    /** What pushdown's rule for numerics follows (docs/pushdown.md): DuckDB reads a NaN even of numeric(p,s) as 0. */
    @Test
    void postgresConstrainedNumericNaNArrivesAsZero() throws Exception {
        assertEquals(List.of("NaN", "2.50"), rows(TypeMappingIT::postgres,
                "SELECT amount::text FROM types_pg_nan ORDER BY id", rs -> rs.getString(1)));
        assertEquals(List.of(new BigDecimal("0.00"), new BigDecimal("2.50")), rows(TypeMappingIT::fedduck,
                "SELECT amount FROM pg.public.types_pg_nan ORDER BY id", rs -> rs.getObject(1)));
    }

    @Test
    void postgresUnconstrainedNumericIsExactWhenCastToTextOnTheServer() throws Exception {
        List<String> expected = fromPostgres("SELECT free::text FROM types_pg_values ORDER BY id",
                rs -> rs.getString(1));
        List<String> actual = fromFedDuck("SELECT free FROM postgres_query('pg',"
                + " 'SELECT id, free::text AS free FROM public.types_pg_values') ORDER BY id", rs -> rs.getString(1));
        assertEquals("12345678901234567890.123456789", expected.get(0));
        assertEquals(expected, actual);
    }

    @Test
    void postgresNumericWiderThan38DigitsArrivesAsDouble() throws Exception {
        assertEquals("DOUBLE", duckType(PG, "wide"));
        BigDecimal source = single(TypeMappingIT::postgres, "SELECT wide FROM types_pg_values WHERE id = 1",
                rs -> rs.getBigDecimal(1));
        assertEquals(source.doubleValue(), oneFromFedDuck("SELECT wide FROM " + PG + " WHERE id = 1",
                rs -> (Double) rs.getObject(1)), Math.abs(source.doubleValue()) * 1e-15);
    }

    @Test
    void postgresNumericWithNegativeScaleArrivesAsAWrongDecimal() throws Exception {
        assertEquals(new BigDecimal("12300"), single(TypeMappingIT::postgres,
                "SELECT hundreds FROM types_pg_negative_scale", rs -> rs.getBigDecimal(1)));
        // The extension takes scale -2 as the unsigned byte 254.
        assertEquals("DECIMAL(5,254)", duckType("pg.public.types_pg_negative_scale", "hundreds"));
        BigDecimal arrived = oneFromFedDuck("SELECT hundreds FROM pg.public.types_pg_negative_scale",
                rs -> rs.getBigDecimal(1));
        assertNotEquals(0, arrived.compareTo(new BigDecimal("12300")), "arrived as " + arrived);
        assertEquals(new BigDecimal("12300"), oneFromFedDuck("SELECT hundreds FROM postgres_query('pg',"
                + " 'SELECT hundreds::numeric(18,0) AS hundreds FROM public.types_pg_negative_scale')",
                rs -> rs.getBigDecimal(1)), "cast on the server to a scale of 0 or more");
    }

    @Test
    void postgresTimestamptzIsTheInstantAsOffsetDateTimeInTheJvmZone() throws Exception {
        assertEquals("TIMESTAMP WITH TIME ZONE", duckType(PG, "tstz"));
        List<Instant> source = fromPostgres("SELECT tstz FROM types_pg_values WHERE id <= 2 ORDER BY id",
                rs -> rs.getObject(1, OffsetDateTime.class).toInstant());
        assertEquals(List.of(PG_INSTANT, Instant.parse("1999-12-31T23:59:59Z")), source);
        try (Connection c = fedduck(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tstz FROM " + PG + " WHERE id <= 2 ORDER BY id")) {
            for (Instant instant : source) {
                assertTrue(rs.next());
                OffsetDateTime expected = OffsetDateTime.ofInstant(instant, ZoneId.systemDefault());
                assertEquals(expected, rs.getObject(1));
                assertEquals(expected, rs.getObject(1, OffsetDateTime.class));
                assertEquals(instant, rs.getObject(1, Instant.class));
                assertEquals(instant, rs.getTimestamp(1).toInstant());
                assertEquals(expected.toString(), rs.getString(1));
            }
        }
    }

    @Test
    void postgresTimestamptzOnADaylightSavingDayHasTheOffsetOfThatMoment() throws Exception {
        // duckdb_jdbc 1.4.4.0 alone gives 05:34:56.123456-08:00 here; FedDuckResultSet corrects it.
        inJvmZone("America/Los_Angeles", () -> {
            OffsetDateTime expected = OffsetDateTime.parse("2024-03-10T05:34:56.123456-07:00");
            try (Connection c = fedduck(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT tstz FROM " + PG + " WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(expected, rs.getObject(1));
                assertEquals(expected, rs.getObject(1, OffsetDateTime.class));
                assertEquals(expected.toZonedDateTime(), rs.getObject(1, ZonedDateTime.class).withFixedOffsetZone());
                assertEquals(ZoneId.of("America/Los_Angeles"), rs.getObject(1, ZonedDateTime.class).getZone());
                assertEquals(expected.toString(), rs.getString(1));
                assertEquals(PG_INSTANT, rs.getTimestamp(1).toInstant());
            }
        });
    }

    @Test
    void postgresTimestampIsAWallClockValueExactAsLocalDateTime() throws Exception {
        assertEquals("TIMESTAMP", duckType(PG, "wall"));
        List<LocalDateTime> source = rows(TypeMappingIT::postgres,
                "SELECT wall FROM types_pg_values WHERE id <= 2 ORDER BY id",
                rs -> rs.getObject(1, LocalDateTime.class));
        assertEquals(List.of(LocalDateTime.parse("2024-03-10T02:30:00"), LocalDateTime.parse("1999-12-31T23:59:59")),
                source);
        assertEquals(source, fromFedDuck("SELECT wall FROM " + PG + " WHERE id <= 2 ORDER BY id",
                rs -> rs.getObject(1, LocalDateTime.class)));
        assertInstanceOf(Timestamp.class, oneFromFedDuck("SELECT wall FROM " + PG + " WHERE id = 2",
                rs -> rs.getObject(1)));
        assertEquals(Timestamp.valueOf("1999-12-31 23:59:59"), single(TypeMappingIT::fedduck,
                "SELECT wall FROM " + PG + " WHERE id = 2", rs -> rs.getObject(1)));
    }

    @Test
    void timestampInTheJvmZonesDaylightSavingGapIsExactOnlyAsLocalDateTime() throws Exception {
        // 02:30 on 2024-03-10 does not exist in Los Angeles; java.sql.Timestamp cannot hold it.
        inJvmZone("America/Los_Angeles", () -> {
            try (Connection c = fedduck(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT wall FROM " + PG + " WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(LocalDateTime.parse("2024-03-10T02:30:00"), rs.getObject(1, LocalDateTime.class));
                assertEquals(LocalDateTime.parse("2024-03-10T03:30:00"),
                        ((Timestamp) rs.getObject(1)).toLocalDateTime());
                assertEquals("2024-03-10 03:30:00.0", rs.getString(1));
            }
            assertEquals(LocalDateTime.parse("2024-03-10T02:30:00"), single(TypeMappingIT::fedduck,
                    "SELECT dt FROM " + myTable() + " WHERE id = 2", rs -> rs.getObject(1, LocalDateTime.class)),
                    "MySQL DATETIME likewise");
            assertEquals("2024-03-10 02:30:00", single(TypeMappingIT::fedduck,
                    "SELECT wall::VARCHAR FROM " + PG + " WHERE id = 1", rs -> rs.getString(1)),
                    "cast in SQL to keep the text");
        });
    }

    @Test
    void postgresDateArrivesAsLocalDate() throws Exception {
        assertEquals("DATE", duckType(PG, "day"));
        List<LocalDate> source = fromPostgres("SELECT day FROM types_pg_values ORDER BY id",
                rs -> rs.getObject(1, LocalDate.class));
        assertEquals(LocalDate.parse("2024-02-29"), source.get(0));
        assertEquals(source, fromFedDuck("SELECT day FROM " + PG + " ORDER BY id",
                rs -> (LocalDate) rs.getObject(1)));
        assertEquals(source, fromFedDuck("SELECT day FROM " + PG + " ORDER BY id",
                rs -> rs.getObject(1, LocalDate.class)));
    }

    @Test
    void historicDatesAreExactFromGetObjectButTypedLocalDateUsesTheJulianCalendar() throws Exception {
        List<LocalDate> source = fromPostgres("SELECT day FROM types_pg_history WHERE id <= 2 ORDER BY id",
                rs -> rs.getObject(1, LocalDate.class));
        assertEquals(List.of(LocalDate.of(1582, 10, 10), LocalDate.of(-43, 3, 15)), source);
        String sql = "SELECT day FROM pg.public.types_pg_history WHERE id <= 2 ORDER BY id";
        assertEquals(source, fromFedDuck(sql, rs -> rs.getObject(1)));
        // getObject(i, LocalDate.class) goes through java.sql.Date: ten days later in the Gregorian gap,
        // and the year before 1 AD loses its era.
        assertEquals(List.of(LocalDate.of(1582, 10, 20), LocalDate.of(44, 3, 15)),
                fromFedDuck(sql, rs -> rs.getObject(1, LocalDate.class)));
    }

    @Test
    void historicTimestampsAreExactAsLocalDateTimeButNotAsJavaSqlTimestamp() throws Exception {
        List<LocalDateTime> source = rows(TypeMappingIT::postgres,
                "SELECT wall FROM types_pg_history WHERE id <= 2 ORDER BY id",
                rs -> rs.getObject(1, LocalDateTime.class));
        assertEquals(List.of(LocalDateTime.of(1582, 10, 10, 10, 0), LocalDateTime.of(-43, 3, 15, 10, 0)), source);
        String sql = "SELECT wall FROM pg.public.types_pg_history WHERE id <= 2 ORDER BY id";
        assertEquals(source, fromFedDuck(sql, rs -> rs.getObject(1, LocalDateTime.class)));
        assertEquals(LocalDateTime.of(1582, 10, 20, 10, 0), fromFedDuck(sql,
                rs -> ((Timestamp) rs.getObject(1)).toLocalDateTime()).get(0));
    }

    @Test
    void postgresInfinityIsInfiniteInSqlButAFarFutureValueInJava() throws Exception {
        String sql = "SELECT isinf(day), isinf(wall), isinf(tstz), day::VARCHAR, tstz::VARCHAR, day, wall, tstz"
                + " FROM pg.public.types_pg_history WHERE id = 3";
        try (Connection c = fedduck(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1) && rs.getBoolean(2) && rs.getBoolean(3), "isinf in SQL");
            assertEquals("infinity", rs.getString(4));
            assertEquals("infinity", rs.getString(5));
            assertEquals(5881580, ((LocalDate) rs.getObject(6)).getYear());
            assertEquals(294247, rs.getObject(7, LocalDateTime.class).getYear());
            assertEquals(294247, ((OffsetDateTime) rs.getObject(8)).withOffsetSameInstant(ZoneOffset.UTC).getYear());
        }
    }

    @Test
    void postgresJsonbArrivesAsVarcharHoldingPostgresNormalisedText() throws Exception {
        assertEquals("VARCHAR", duckType(PG, "jb"));
        List<String> source = fromPostgres("SELECT jb FROM types_pg_values ORDER BY id", rs -> rs.getString(1));
        assertEquals("{\"a\": [1, 2, {\"c\": null}], \"b\": 1}", source.get(0), "jsonb reorders keys and spacing");
        assertEquals(source, fromFedDuck("SELECT jb FROM " + PG + " ORDER BY id", rs -> (String) rs.getObject(1)));
        assertEquals("1", oneFromFedDuck("SELECT json_extract_string(jb, '$.b') FROM " + PG
                + " WHERE id = 1", rs -> rs.getString(1)), "DuckDB's JSON functions take the text");
    }

    @Test
    void postgresJsonArrivesAsVarcharHoldingTheTextAsWritten() throws Exception {
        assertEquals("VARCHAR", duckType(PG, "j"));
        List<String> source = fromPostgres("SELECT j FROM types_pg_values ORDER BY id", rs -> rs.getString(1));
        assertEquals("{\"b\":1,  \"a\":2}", source.get(0));
        assertEquals(source, fromFedDuck("SELECT j FROM " + PG + " ORDER BY id", rs -> (String) rs.getObject(1)));
    }

    @Test
    void postgresUuidArrivesAsUuid() throws Exception {
        assertEquals("UUID", duckType(PG, "u"));
        List<UUID> source = fromPostgres("SELECT u FROM types_pg_values ORDER BY id",
                rs -> rs.getObject(1, UUID.class));
        assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), source.get(0));
        assertEquals(source, fromFedDuck("SELECT u FROM " + PG + " ORDER BY id", rs -> (UUID) rs.getObject(1)));
        assertEquals(source, fromFedDuck("SELECT u FROM " + PG + " ORDER BY id", rs -> rs.getObject(1, UUID.class)));
    }

    @Test
    void postgresTextArrayArrivesAsVarcharListAndJavaSqlArray() throws Exception {
        assertEquals("VARCHAR[]", duckType(PG, "tags"));
        List<List<Object>> source = fromPostgres("SELECT tags FROM types_pg_values WHERE id <= 2 ORDER BY id",
                rs -> Arrays.asList((Object[]) rs.getArray(1).getArray()));
        assertEquals(Arrays.asList("a", "b c", null, "\"q\""), source.get(0));
        assertEquals(List.of(), source.get(1));
        assertEquals(source, fromFedDuck("SELECT tags FROM " + PG + " WHERE id <= 2 ORDER BY id", rs -> {
            Array array = assertInstanceOf(Array.class, rs.getObject(1));
            assertEquals("VARCHAR", array.getBaseTypeName());
            return Arrays.asList((Object[]) array.getArray());
        }));
        assertEquals("b c", oneFromFedDuck("SELECT tags[2] FROM " + PG + " WHERE id = 1",
                rs -> rs.getString(1)), "1-based list indexing, as in PostgreSQL");
    }

    @Test
    void postgresEnumArrivesAsDuckDbEnumThatSortsInDeclarationOrder() throws Exception {
        assertEquals("ENUM('sad', 'ok', 'happy')", duckType(PG, "mood"));
        List<String> source = rows(TypeMappingIT::postgres,
                "SELECT mood FROM types_pg_values WHERE mood IS NOT NULL ORDER BY mood", rs -> rs.getString(1));
        assertEquals(List.of("sad", "ok", "happy"), source);
        assertEquals(source, rows(TypeMappingIT::fedduck,
                "SELECT mood FROM " + PG + " WHERE mood IS NOT NULL ORDER BY mood", rs -> (String) rs.getObject(1)));
    }

    @Test
    void postgresByteaArrivesAsBlobReadWithGetBytes() throws Exception {
        assertEquals("BLOB", duckType(PG, "bin"));
        List<byte[]> source = fromPostgres("SELECT bin FROM types_pg_values WHERE id <= 2 ORDER BY id",
                rs -> rs.getBytes(1));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, source.get(0));
        try (Connection c = fedduck(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT bin FROM " + PG + " WHERE id <= 2 ORDER BY id")) {
            for (byte[] expected : source) {
                assertTrue(rs.next());
                assertArrayEquals(expected, rs.getBytes(1));
                Blob blob = assertInstanceOf(Blob.class, rs.getObject(1));
                assertArrayEquals(expected, blob.getBytes(1, (int) blob.length()));
                assertThrows(SQLException.class, () -> rs.getObject(1, byte[].class), "duckdb_jdbc cannot");
            }
        }
    }

    @Test
    void postgresBooleanAndBigintArriveAsBooleanAndLong() throws Exception {
        assertEquals("BOOLEAN", duckType(PG, "flag"));
        assertEquals("BIGINT", duckType(PG, "big"));
        List<Object> flags = fromPostgres("SELECT flag FROM types_pg_values WHERE id <= 3 ORDER BY id",
                rs -> rs.getObject(1));
        assertEquals(Arrays.asList(true, false, null), flags);
        assertEquals(flags, fromFedDuck("SELECT flag FROM " + PG + " WHERE id <= 3 ORDER BY id",
                rs -> rs.getObject(1)));
        List<Object> bigs = fromPostgres("SELECT big FROM types_pg_values WHERE id <= 3 ORDER BY id",
                rs -> rs.getObject(1));
        assertEquals(Arrays.asList(Long.MAX_VALUE, Long.MIN_VALUE, null), bigs);
        assertEquals(bigs, fromFedDuck("SELECT big FROM " + PG + " WHERE id <= 3 ORDER BY id",
                rs -> rs.getObject(1)));
    }

    @Test
    void postgresDomainArrivesAsVarcharAndCharLosesItsPadding() throws Exception {
        assertEquals("VARCHAR", duckType(PG, "qty"), "a domain over integer");
        assertEquals(List.of("5", "1"), fromFedDuck("SELECT qty FROM " + PG + " WHERE id <= 2 ORDER BY id",
                rs -> (String) rs.getObject(1)));
        assertEquals("VARCHAR", duckType(PG, "code"));
        assertEquals(List.of("ab   ", "abcde"), rows(TypeMappingIT::postgres,
                "SELECT code FROM types_pg_values WHERE id <= 2 ORDER BY id", rs -> rs.getString(1)));
        assertEquals(List.of("ab", "abcde"), rows(TypeMappingIT::fedduck,
                "SELECT code FROM " + PG + " WHERE id <= 2 ORDER BY id", rs -> rs.getString(1)));
    }

    // ---------------------------------------------------------------- MySQL / MariaDB

    static String myTable() {
        return my + "types_my_values";
    }

    @Test
    void mysqlTinyint1ArrivesAsBooleanAndEveryNonZeroValueIsTrue() throws Exception {
        assertEquals("BOOLEAN", duckType(myTable(), "flag"));
        assertEquals(Arrays.asList(1, 0, 2, -1, null), rows(TypeMappingIT::mysql,
                "SELECT flag FROM types_my_values ORDER BY id", rs -> rs.getObject(1) == null ? null : rs.getInt(1)));
        assertEquals(Arrays.asList(true, false, true, true, null), rows(TypeMappingIT::fedduck,
                "SELECT flag FROM " + myTable() + " ORDER BY id", rs -> rs.getObject(1)));
    }

    /**
     * The mysql_* type settings say LOCAL, but the extension caches table entries per attached database, so
     * one connection's change would reach every connection of the federation: FedDuck refuses it.
     */
    @Test
    void mysqlTypeSettingsAreRefusedBecauseTheyWouldChangeEveryConnectionsTypes() throws Exception {
        String typeOf = "SELECT typeof(flag), typeof(t) FROM " + myTable() + " WHERE id = 1";
        try (Connection changer = fedduck(); Connection other = fedduck()) {
            for (String change : List.of("SET mysql_tinyint1_as_boolean = false", "SET mysql_time_as_time = true",
                    "PRAGMA mysql_tinyint1_as_boolean = false", "SET SESSION mysql_time_as_time = true")) {
                SQLException e = assertThrows(SQLException.class, () -> execute(changer, change));
                assertEquals("42501", e.getSQLState(), change);
            }
            assertEquals(List.of("BOOLEAN VARCHAR"), rows(other, typeOf, rs -> rs.getString(1) + " " + rs.getString(2)));
        }
    }

    @Test
    void mysqlTinyint1KeepsItsNumberThroughMysqlQuery() throws Exception {
        try (Connection c = fedduck()) {
            assertEquals(Arrays.asList(1L, 0L, 2L, -1L, null), rows(c, "SELECT * FROM mysql_query('my',"
                    + " 'SELECT CAST(flag AS SIGNED) FROM types_my_values ORDER BY id')",
                    rs -> rs.getObject(1) == null ? null : rs.getLong(1)));
        }
    }

    @Test
    void mysqlUnsignedBigintArrivesAsUbigintAndBigIntegerAboveTwoToThe63() throws Exception {
        assertEquals("UBIGINT", duckType(myTable(), "ubig"));
        List<BigInteger> source = fromMysql("SELECT ubig FROM types_my_values ORDER BY id",
                rs -> rs.getString(1) == null ? null : new BigInteger(rs.getString(1)));
        assertEquals(Arrays.asList(new BigInteger("18446744073709551615"), BigInteger.TWO.pow(63), BigInteger.ZERO,
                null, null), source);
        assertEquals(source, fromFedDuck("SELECT ubig FROM " + myTable() + " ORDER BY id",
                rs -> (BigInteger) rs.getObject(1)));
        assertEquals(source, fromFedDuck("SELECT ubig FROM " + myTable() + " ORDER BY id",
                rs -> rs.getObject(1, BigInteger.class)));
        assertEquals(new BigDecimal(source.get(0)), single(TypeMappingIT::fedduck,
                "SELECT ubig FROM " + myTable() + " WHERE id = 1", rs -> rs.getBigDecimal(1)));
        assertEquals(Long.valueOf(-1), oneFromFedDuck("SELECT ubig FROM " + myTable() + " WHERE id = 1",
                (Column<Long>) rs -> rs.getLong(1)), "getLong wraps around silently: never use it on UBIGINT");
    }

    @Test
    void mysqlDatetimeArrivesAsTheStoredWallClockTime() throws Exception {
        assertEquals("TIMESTAMP", duckType(myTable(), "dt"));
        // As text: MariaDB Connector/J itself moves 02:30 to 03:30 when the JVM zone skips that hour.
        List<LocalDateTime> source = rows(TypeMappingIT::mysql,
                "SELECT DATE_FORMAT(dt, '%Y-%m-%dT%H:%i:%s.%f') FROM types_my_values WHERE id <= 3 ORDER BY id",
                rs -> LocalDateTime.parse(rs.getString(1)));
        assertEquals(LocalDateTime.parse("2024-03-10T21:34:56.5"), source.get(0),
                "as written, whatever the session zone");
        assertEquals(source, fromFedDuck("SELECT dt FROM " + myTable() + " WHERE id <= 3 ORDER BY id",
                rs -> rs.getObject(1, LocalDateTime.class)));
    }

    @Test
    void mysqlTimestampArrivesAsItsUtcWallClockTimeAndAtTimeZoneUtcMakesItAnInstant() throws Exception {
        assertEquals("TIMESTAMP", duckType(myTable(), "ts"));
        List<Instant> source = rows(TypeMappingIT::mysql,
                "SELECT UNIX_TIMESTAMP(ts) FROM types_my_values WHERE id <= 2 ORDER BY id", rs -> {
                    BigDecimal seconds = rs.getBigDecimal(1);
                    return Instant.ofEpochSecond(seconds.longValue(),
                            seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
                });
        assertEquals(List.of(MY_INSTANT, Instant.parse("1999-12-31T14:59:59Z")), source);
        try (Connection c = fedduck(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ts, ts AT TIME ZONE 'UTC', typeof(ts AT TIME ZONE 'UTC')"
                     + " FROM " + myTable() + " WHERE id <= 2 ORDER BY id")) {
            for (Instant instant : source) {
                assertTrue(rs.next());
                assertEquals(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), rs.getObject(1, LocalDateTime.class));
                assertEquals("TIMESTAMP WITH TIME ZONE", rs.getString(3));
                assertEquals(instant, rs.getObject(2, OffsetDateTime.class).toInstant());
                assertEquals(instant, rs.getTimestamp(2).toInstant());
            }
        }
    }

    @Test
    void mysqlZeroDatetimeArrivesAsNull() throws Exception {
        assertEquals("0000-00-00 00:00:00.000000", single(TypeMappingIT::mysql,
                "SELECT CAST(dt AS CHAR) FROM types_my_values WHERE id = 4", rs -> rs.getString(1)));
        assertNull(oneFromFedDuck("SELECT dt FROM " + myTable() + " WHERE id = 4", rs -> rs.getObject(1)));
    }

    @Test
    void mysqlEnumArrivesAsVarcharAndSortsAlphabeticallyNotInDeclarationOrder() throws Exception {
        assertEquals("VARCHAR", duckType(myTable(), "kind"));
        assertEquals(List.of("view", "click", "buy"), rows(TypeMappingIT::mysql,
                "SELECT kind FROM types_my_values WHERE kind IS NOT NULL ORDER BY kind", rs -> rs.getString(1)));
        assertEquals(List.of("buy", "click", "view"), rows(TypeMappingIT::fedduck,
                "SELECT kind FROM " + myTable() + " WHERE kind IS NOT NULL ORDER BY kind",
                rs -> (String) rs.getObject(1)));
        assertEquals(List.of("view", "click", "buy"), fromFedDuck("SELECT kind FROM " + myTable()
                        + " WHERE kind IS NOT NULL ORDER BY list_position(['view', 'click', 'buy'], kind)",
                rs -> rs.getString(1)), "the declaration order has to be spelled out");
    }

    @Test
    void mysqlJsonArrivesAsVarcharHoldingTheServersText() throws Exception {
        assertEquals("VARCHAR", duckType(myTable(), "doc"));
        List<String> source = fromMysql("SELECT doc FROM types_my_values ORDER BY id", rs -> rs.getString(1));
        assertEquals(source, fromFedDuck("SELECT doc FROM " + myTable() + " ORDER BY id",
                rs -> (String) rs.getObject(1)));
        assertEquals("[1,2]", oneFromFedDuck("SELECT json_extract(doc, '$.a')::VARCHAR FROM " + myTable()
                + " WHERE id = 1", rs -> rs.getString(1)));
    }

    @Test
    void mysqlDecimalArrivesAsAnExactDecimal() throws Exception {
        assertEquals("DECIMAL(12,2)", duckType(myTable(), "amount"));
        List<BigDecimal> source = fromMysql("SELECT amount FROM types_my_values ORDER BY id",
                rs -> rs.getBigDecimal(1));
        assertEquals(new BigDecimal("1234567890.12"), source.get(0));
        assertEquals(source, fromFedDuck("SELECT amount FROM " + myTable() + " ORDER BY id",
                rs -> (BigDecimal) rs.getObject(1)));
    }

    @Test
    void mysqlUtf8mb4TextKeepsEmojiAndEveryOtherCharacter() throws Exception {
        assertEquals("VARCHAR", duckType(myTable(), "txt"));
        List<String> source = fromMysql("SELECT txt FROM types_my_values ORDER BY id", rs -> rs.getString(1));
        assertEquals(DUCK, source.get(0));
        assertEquals(source, fromFedDuck("SELECT txt FROM " + myTable() + " ORDER BY id",
                rs -> (String) rs.getObject(1)));
        assertEquals(Long.valueOf(6), oneFromFedDuck("SELECT length(txt) FROM " + myTable() + " WHERE id = 1",
                (Column<Long>) rs -> rs.getLong(1)), "one character for the duck, not two or four");
    }

    @Test
    void mysqlTimeArrivesAsVarcharIncludingValuesBeyondOneDay() throws Exception {
        assertEquals("VARCHAR", duckType(myTable(), "t"));
        List<String> source = fromMysql("SELECT CAST(t AS CHAR) FROM types_my_values ORDER BY id",
                rs -> rs.getString(1));
        assertEquals(Arrays.asList("12:34:56", "-838:59:59", "838:59:59", null, null), source);
        assertEquals(source, fromFedDuck("SELECT t FROM " + myTable() + " ORDER BY id",
                rs -> (String) rs.getObject(1)));
    }

    // ---------------------------------------------------------------- SQLite

    static final String LITE = "lite.main.";

    @Test
    void sqliteDeclaredTypesMapByTheirNames() throws Exception {
        String table = LITE + "types_sqlite_declared";
        List<String> columns = List.of("n", "r", "t", "b", "d", "dt", "num", "flag", "vc", "other");
        List<String> types = new ArrayList<>();
        for (String column : columns) {
            types.add(duckType(table, column));
        }
        assertEquals(List.of("BIGINT", "DOUBLE", "VARCHAR", "BLOB", "DATE", "TIMESTAMP", "DOUBLE", "BIGINT", "VARCHAR",
                "VARCHAR"), types);
        String list = String.join(", ", columns);
        try (Connection source = sqlite(); Connection c = fedduck();
             Statement ss = source.createStatement(); Statement fs = c.createStatement();
             ResultSet expected = ss.executeQuery("SELECT " + list + " FROM types_sqlite_declared ORDER BY id");
             ResultSet actual = fs.executeQuery("SELECT " + list + " FROM " + table + " ORDER BY id")) {
            while (expected.next()) {
                assertTrue(actual.next());
                assertEquals(expected.getLong(1), (Long) actual.getObject(1));
                assertEquals(expected.getDouble(2), (Double) actual.getObject(2));
                assertEquals(expected.getString(3), (String) actual.getObject(3));
                assertArrayEquals(expected.getBytes(4), actual.getBytes(4));
                assertInstanceOf(Blob.class, actual.getObject(4));
                assertEquals(LocalDate.parse(expected.getString(5)), (LocalDate) actual.getObject(5));
                assertEquals(LocalDateTime.parse(expected.getString(6).replace(' ', 'T')),
                        ((Timestamp) actual.getObject(6)).toLocalDateTime());
                assertEquals(expected.getDouble(7), (Double) actual.getObject(7));
                assertEquals(expected.getLong(8), (Long) actual.getObject(8));
                assertEquals(expected.getString(9), (String) actual.getObject(9));
                assertEquals(expected.getString(10), (String) actual.getObject(10));
            }
            assertTrue(!actual.next());
        }
    }

    @Test
    void sqliteIntegerColumnHoldingTextOrRealFailsWithMismatchTypeError() throws Exception {
        assertEquals("BIGINT", duckType(LITE + "types_sqlite_int_text", "n"));
        SQLException text = queryFails("SELECT n FROM " + LITE + "types_sqlite_int_text");
        assertTrue(text.getMessage().contains("Mismatch Type Error") && text.getMessage().contains("forty-two")
                && text.getMessage().contains("sqlite_all_varchar"), text.getMessage());
        SQLException real = queryFails("SELECT n FROM " + LITE + "types_sqlite_int_real");
        assertTrue(real.getMessage().contains("Mismatch Type Error") && real.getMessage().contains("float"),
                real.getMessage());
    }

    @Test
    void sqliteRealColumnHoldingTextFailsWithMismatchTypeError() throws Exception {
        assertEquals(List.of("real", "text"), rows(TypeMappingIT::sqlite,
                "SELECT typeof(r) FROM types_sqlite_real_text ORDER BY id", rs -> rs.getString(1)));
        SQLException e = queryFails("SELECT r FROM " + LITE + "types_sqlite_real_text");
        assertTrue(e.getMessage().contains("Mismatch Type Error") && e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void sqliteTextColumnHoldingABlobFailsWithMismatchTypeError() throws Exception {
        SQLException e = queryFails("SELECT t FROM " + LITE + "types_sqlite_text_blob");
        assertTrue(e.getMessage().contains("Mismatch Type Error") && e.getMessage().contains("blob"), e.getMessage());
    }

    @Test
    void sqliteUntypedColumnArrivesAsBlobOfEachValuesText() throws Exception {
        assertEquals("BLOB", duckType(LITE + "types_sqlite_untyped", "v"));
        assertEquals(Arrays.asList("integer", "text", "real", "blob", "null"), rows(TypeMappingIT::sqlite,
                "SELECT typeof(v) FROM types_sqlite_untyped ORDER BY id", rs -> rs.getString(1)));
        List<byte[]> source = fromSqlite("SELECT CAST(v AS BLOB) FROM types_sqlite_untyped ORDER BY id",
                rs -> rs.getBytes(1));
        List<byte[]> actual = fromFedDuck("SELECT v FROM " + LITE + "types_sqlite_untyped ORDER BY id",
                rs -> rs.getBytes(1));
        assertEquals(source.size(), actual.size());
        for (int i = 0; i < source.size(); i++) {
            assertArrayEquals(source.get(i), actual.get(i), "row " + (i + 1));
        }
        assertArrayEquals(bytes("3.5"), actual.get(2));
        assertEquals(List.of("1", "two", "3.5"), rows(TypeMappingIT::fedduck,
                "SELECT decode(v) FROM " + LITE + "types_sqlite_untyped WHERE id <= 3 ORDER BY id",
                rs -> rs.getString(1)),
                "decode() turns the text back into VARCHAR");
    }

    @Test
    void sqliteBlobColumnTakesTextAndNumbersAsTheirBytes() throws Exception {
        assertEquals(List.of("text", "integer"), rows(TypeMappingIT::sqlite,
                "SELECT typeof(b) FROM types_sqlite_blob_mixed ORDER BY id", rs -> rs.getString(1)));
        List<byte[]> actual = fromFedDuck("SELECT b FROM " + LITE + "types_sqlite_blob_mixed ORDER BY id",
                rs -> rs.getBytes(1));
        assertArrayEquals(bytes("hello"), actual.get(0));
        assertArrayEquals(bytes("7"), actual.get(1));
    }

    @Test
    void sqliteDateColumnReadsIsoTextAndUnixSecondsButMisreadsJulianDays() throws Exception {
        assertEquals("DATE", duckType(LITE + "types_sqlite_dates", "d"));
        assertEquals(List.of("text", "integer", "real"), rows(TypeMappingIT::sqlite,
                "SELECT typeof(d) FROM types_sqlite_dates ORDER BY id", rs -> rs.getString(1)));
        assertEquals(List.of("2024-03-10", "2024-03-10", "2024-03-10"), rows(TypeMappingIT::sqlite,
                "SELECT CASE typeof(d) WHEN 'integer' THEN date(d, 'unixepoch') ELSE date(d) END"
                        + " FROM types_sqlite_dates ORDER BY id", rs -> rs.getString(1)),
                "what SQLite's date() makes of them");
        LocalDate day = LocalDate.parse("2024-03-10");
        assertEquals(List.of(day, day, LocalDate.parse("1970-01-29")),
                fromFedDuck("SELECT d FROM " + LITE + "types_sqlite_dates ORDER BY id", rs -> rs.getObject(1)),
                "a number is taken as Unix seconds, so a Julian day number lands in January 1970");
    }

    @Test
    void sqliteDateColumnWithNonIsoTextFailsWithConversionError() throws Exception {
        SQLException e = queryFails("SELECT d FROM " + LITE + "types_sqlite_bad_date");
        assertTrue(e.getMessage().contains("Conversion Error") && e.getMessage().contains("10/03/2024"),
                e.getMessage());
    }

    @Test
    void sqliteAllVarcharSetOnTheConnectionReadsMixedColumnsAsTextForThatConnectionOnly() throws Exception {
        try (Connection varchar = fedduck(); Connection typed = fedduck()) {
            execute(varchar, "SET sqlite_all_varchar = true");
            assertEquals(List.of("42", "forty-two"), rows(varchar,
                    "SELECT n FROM " + LITE + "types_sqlite_int_text ORDER BY id", rs -> (String) rs.getObject(1)));
            assertEquals(List.of("VARCHAR"), rows(varchar,
                    "SELECT typeof(n) FROM " + LITE + "types_sqlite_int_text WHERE id = 1", rs -> rs.getString(1)));
            assertEquals(Arrays.asList("1", "two", "3.5", null), rows(varchar,
                    "SELECT v FROM " + LITE + "types_sqlite_untyped WHERE id <> 4 ORDER BY id", rs -> rs.getString(1)));
            String blobAsText = rows(varchar, "SELECT b FROM " + LITE + "types_sqlite_declared WHERE id = 1",
                    rs -> rs.getString(1)).get(0);
            assertNotEquals("\u0000\u00ff", blobAsText);
            assertTrue(blobAsText.contains("\uFFFD"), "bytes that are not UTF-8 are replaced: lossy for BLOBs");
            SQLException e = assertThrows(SQLException.class, () -> rows(typed,
                    "SELECT n FROM " + LITE + "types_sqlite_int_text ORDER BY id", rs -> rs.getObject(1)));
            assertTrue(e.getMessage().contains("Mismatch Type Error"), "other connections are not affected");
            execute(varchar, "SET sqlite_all_varchar = false");
            assertEquals(List.of(42L, -7L), rows(varchar,
                    "SELECT n FROM " + LITE + "types_sqlite_declared ORDER BY id", rs -> rs.getObject(1)));
        }
    }

    @Test
    void sqliteAllVarcharResetBreaksTypedReadsSoTurnItOffWithSetFalse() throws Exception {
        try (Connection c = fedduck()) {
            execute(c, "SET sqlite_all_varchar = true");
            execute(c, "RESET sqlite_all_varchar");
            SQLException e = assertThrows(SQLException.class, () -> rows(c,
                    "SELECT n FROM " + LITE + "types_sqlite_declared ORDER BY id", rs -> rs.getObject(1)));
            assertTrue(e.getMessage().contains("declared as text"), e.getMessage());
            execute(c, "SET sqlite_all_varchar = false");
            assertEquals(List.of(42L, -7L), rows(c, "SELECT n FROM " + LITE + "types_sqlite_declared ORDER BY id",
                    rs -> rs.getObject(1)));
        }
    }

    @Test
    void sqliteAllVarcharIsNotAConnectionProperty() throws Exception {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(federation.url("sqlite_all_varchar=true")).close());
        assertTrue(e.getMessage().contains("unknown connection property 'sqlite_all_varchar'"), e.getMessage());
    }
}
