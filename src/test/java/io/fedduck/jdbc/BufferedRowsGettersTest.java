package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result copied aside (another statement ran while it was open) answers the getters a streamed one
 * answers, with the same values: a client must not break because a second tab ran a query.
 */
class BufferedRowsGettersTest {
    @TempDir
    Path dir;

    private static final String SQL = "SELECT * FROM (VALUES"
            + " ('\\xAA\\xBB'::BLOB, TIMESTAMP '2024-01-01 12:00:00.123456', TIMESTAMPTZ '2024-01-01 12:00:00+00',"
            + "  DATE '2024-03-31', TIMESTAMP_NS '2024-07-01 23:30:00.123456789', 7::TINYINT, 70000, 4000000000::UINTEGER, TIME '23:30:00'),"
            + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) t(b, ts, tstz, d, tsns, tiny, i, ui, tm)";

    interface Getter {
        Object get(ResultSet rs, int column) throws SQLException;
    }

    private static Map<String, Getter> getters() {
        Map<String, Getter> g = new LinkedHashMap<>();
        for (String zone : List.of("UTC", "America/New_York", "Asia/Tokyo")) {
            Calendar cal = Calendar.getInstance(TimeZone.getTimeZone(zone));
            g.put("getTimestamp(" + zone + ")", (rs, c) -> rs.getTimestamp(c, cal));
            g.put("getDate(" + zone + ")", (rs, c) -> rs.getDate(c, cal));
            g.put("getTime(" + zone + ")", (rs, c) -> rs.getTime(c, cal));
        }
        g.put("getBlob", (rs, c) -> {
            Blob b = rs.getBlob(c);
            return b == null ? null : Arrays.toString(b.getBytes(1, (int) b.length()));
        });
        g.put("getObject(BigInteger)", (rs, c) -> rs.getObject(c, BigInteger.class));
        return g;
    }

    /** Every answer that the streamed result gives a value for, per row, column and getter. */
    private static List<String> answers(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            for (int c = 1; c <= columns; c++) {
                for (Map.Entry<String, Getter> g : getters().entrySet()) {
                    String answer;
                    try {
                        Object v = g.getValue().get(rs, c);
                        answer = (v == null ? "null" : v.getClass().getSimpleName() + " " + v) + " wasNull=" + rs.wasNull();
                    } catch (SQLException | RuntimeException e) { // duckdb_jdbc throws both
                        answer = "refused";
                    }
                    out.add(rs.getMetaData().getColumnLabel(c) + " " + g.getKey() + ": " + answer);
                }
            }
        }
        return out;
    }

    @Test
    void aCopiedAsideResultAnswersBlobCalendarAndBigIntegerGettersAsTheStreamDoes() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb"));
             Statement s = c.createStatement(); Statement other = c.createStatement()) {
            List<String> streamed;
            try (ResultSet rs = s.executeQuery(SQL)) {
                streamed = answers(rs);
            }
            List<String> buffered;
            try (ResultSet rs = s.executeQuery(SQL)) {
                other.executeQuery("SELECT 1").close(); // copies the first result aside
                buffered = answers(rs);
            }
            List<String> differ = new ArrayList<>();
            for (int i = 0; i < streamed.size(); i++) {
                if (!streamed.get(i).endsWith("refused") && !streamed.get(i).equals(buffered.get(i))) {
                    differ.add(streamed.get(i) + " | copied aside: " + buffered.get(i));
                }
            }
            assertEquals(List.of(), differ);
        }
    }

    @Test
    void aNarrowingGetObjectOnACopiedAsideResultNeverCutsTheValueOff() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb"));
             Statement s = c.createStatement(); Statement other = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 9223372036854775807::BIGINT, 4000000000::UINTEGER, 1.5::DOUBLE, 42::BIGINT")) {
            other.executeQuery("SELECT 1").close();
            assertTrue(rs.next());
            assertThrows(SQLException.class, () -> rs.getObject(1, Integer.class)); // was -1
            assertThrows(SQLException.class, () -> rs.getObject(2, Integer.class)); // was -294967296
            assertThrows(SQLException.class, () -> rs.getObject(3, Long.class)); // was 1
            assertEquals(42, rs.getObject(4, Integer.class));
            assertEquals(Long.MAX_VALUE, rs.getObject(1, Long.class));
        }
    }
}
