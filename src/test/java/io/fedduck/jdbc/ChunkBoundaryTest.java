package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * ChunkBoundary reads duckdb_jdbc's private fields: this fails when a duckdb_jdbc upgrade changes them,
 * which would otherwise quietly leave streamed reads unbounded on a stalled link.
 */
class ChunkBoundaryTest {
    @Test
    void knowsWhichNextFetchesAChunkOfAStreamedDuckDbResult() throws Exception {
        assertTrue(ChunkBoundary.understood(), "duckdb_jdbc's result set is not the one ChunkBoundary knows");
        Properties streaming = new Properties();
        streaming.setProperty("jdbc_stream_results", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", streaming);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT range FROM range(5000)")) {
            List<Long> fetchedBefore = new ArrayList<>();
            long rows = 0;
            while (true) {
                boolean fetches = ChunkBoundary.nextFetches(rs);
                if (!rs.next()) {
                    assertTrue(fetches, "the end of the result is found by a fetch");
                    break;
                }
                if (fetches) {
                    fetchedBefore.add(rows);
                }
                assertEquals(rows, rs.getLong(1));
                rows++;
            }
            assertEquals(5000, rows);
            // DuckDB's chunks hold 2,048 rows: the first next() and every 2,048th fetch, no other
            assertEquals(List.of(0L, 2048L, 4096L), fetchedBefore);
            assertFalse(ChunkBoundary.nextFetches(rs), "a finished result fetches nothing more");
        }
    }

    @Test
    void cannotTellForOtherResultSets() throws Exception {
        assertFalse(ChunkBoundary.nextFetches(javax.sql.rowset.RowSetProvider.newFactory().createCachedRowSet()));
    }
}
