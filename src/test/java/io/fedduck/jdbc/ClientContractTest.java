package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items of the client contract (shared/docs/client-contract.md, docs/clients.md) that need no remote
 * source: isolation levels, parameter metadata and java.time parameters, the quoting and search-escape
 * strings, unwrap, a second statement while a result is open on a local table, fetch size.
 */
class ClientContractTest {
    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:fedduck:" + dir.resolve("local.duckdb"));
    }

    @Test
    void isolationGetAndSetAgreeWithWhatIsSupported() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            int level = c.getTransactionIsolation();
            assertTrue(md.supportsTransactionIsolationLevel(level), "the current level is not a supported one");
            assertEquals(md.getDefaultTransactionIsolation(), level);
            for (int other : new int[] {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
                    Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE}) {
                if (md.supportsTransactionIsolationLevel(other)) {
                    c.setTransactionIsolation(other);
                }
            }
            assertTrue(md.supportsTransactionIsolationLevel(c.getTransactionIsolation()));
        }
    }

    @Test
    void parameterMetadataAndJavaTimeParametersWork() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE p (d DATE, ts TIMESTAMP, amount DECIMAL(12,2), note VARCHAR)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?)")) {
                ParameterMetaData pmd = ps.getParameterMetaData();
                assertEquals(4, pmd.getParameterCount());
                ps.setObject(1, LocalDate.of(2026, 3, 29));
                ps.setObject(2, LocalDateTime.of(2026, 3, 29, 2, 30));
                ps.setBigDecimal(3, new BigDecimal("12.34"));
                ps.setNull(4, Types.VARCHAR);
                assertEquals(1, ps.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("SELECT d, ts, amount, note FROM p")) {
                assertTrue(rs.next());
                assertEquals(LocalDate.of(2026, 3, 29), rs.getObject(1, LocalDate.class));
                assertEquals(LocalDateTime.of(2026, 3, 29, 2, 30), rs.getObject(2, LocalDateTime.class));
                assertEquals(new BigDecimal("12.34"), rs.getBigDecimal(3));
                assertEquals(null, rs.getString(4));
                assertTrue(rs.wasNull());
            }
        }
    }

    @Test
    void quotingSeparatorAndSearchEscapeAreFilledIn() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            assertEquals("\"", md.getIdentifierQuoteString());
            assertEquals(".", md.getCatalogSeparator());
            assertEquals("\\", md.getSearchStringEscape());
            assertFalse(md.getSQLKeywords().isBlank());
            assertFalse(md.getStringFunctions().isBlank());
        }
    }

    @Test
    void unwrapGivesFedDucksOwnInterfacesAndNeverDuckDbs() throws SQLException {
        try (Connection c = open()) {
            assertTrue(c.isWrapperFor(FedDuckConnection.class));
            assertSame(c, c.unwrap(FedDuckConnection.class));
            assertFalse(c.isWrapperFor(org.duckdb.DuckDBConnection.class));
            assertThrows(SQLException.class, () -> c.unwrap(org.duckdb.DuckDBConnection.class));
        }
    }

    @Test
    void aSecondStatementWhileALocalResultStreamsLeavesBothWhole() throws SQLException {
        try (Connection c = open(); Statement first = c.createStatement(); Statement second = c.createStatement()) {
            first.setFetchSize(100);
            assertEquals(100, first.getFetchSize());
            try (ResultSet rs = first.executeQuery("SELECT i FROM range(100000) t(i)")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
                try (PreparedStatement ps = c.prepareStatement("SELECT ? + 1")) {
                    ps.setInt(1, 41);
                    try (ResultSet other = ps.executeQuery()) {
                        assertTrue(other.next());
                        assertEquals(42, other.getInt(1));
                    }
                }
                try (ResultSet other = second.executeQuery("SELECT count(*) FROM range(10)")) {
                    assertTrue(other.next());
                    assertEquals(10, other.getLong(1));
                }
                assertEquals(0, rs.getLong(1), "the current row moved");
                long expected = 1;
                while (rs.next()) {
                    assertEquals(expected++, rs.getLong(1));
                }
                assertEquals(100000, expected);
                assertNotNull(rs.getMetaData());
            }
        }
    }

    @Test
    void metadataCallsWhileAResultStreamsLeaveItWhole() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE meta_t (id INTEGER PRIMARY KEY, name VARCHAR)");
            try (ResultSet rs = s.executeQuery("SELECT i FROM range(100000) t(i)")) {
                assertTrue(rs.next());
                DatabaseMetaData md = c.getMetaData();
                // each of these runs a query in DuckDB's driver: never on the connection that streams
                assertFalse(md.getSQLKeywords().isBlank());
                assertFalse(md.getDatabaseProductVersion().isBlank());
                assertFalse(md.getNumericFunctions().isBlank());
                assertFalse(md.getSystemFunctions().isBlank());
                assertFalse(md.getTimeDateFunctions().isBlank());
                try (ResultSet tables = md.getTables(null, null, "meta_t", null)) {
                    assertTrue(tables.next());
                }
                try (ResultSet columns = md.getColumns(null, null, "meta_t", null)) {
                    assertTrue(columns.next());
                }
                try (ResultSet keys = md.getPrimaryKeys(null, null, "meta_t")) {
                    assertTrue(keys.next());
                }
                try (ResultSet types = md.getTypeInfo()) {
                    assertTrue(types.next());
                }
                long expected = 1;
                while (rs.next()) {
                    assertEquals(expected++, rs.getLong(1));
                }
                assertEquals(100000, expected);
            }
        }
    }

    @Test
    void aHugeOpenResultIsCutOffWithAClearErrorInsteadOfFillingTheHeap() throws SQLException {
        try (Connection c = open(); Statement first = c.createStatement(); Statement second = c.createStatement()) {
            // 200,000 rows of 1,000 characters: about 800 MB as FedDuck counts, past its 256 MB bound
            try (ResultSet rs = first.executeQuery("SELECT i, repeat('x', 1000) AS wide FROM range(200000) t(i)")) {
                assertTrue(rs.next());
                try (ResultSet other = second.executeQuery("SELECT 42")) {
                    assertTrue(other.next());
                    assertEquals(42, other.getInt(1));
                }
                long read = 1;
                SQLException cut = null;
                try {
                    while (rs.next()) {
                        read++;
                    }
                } catch (SQLException e) {
                    cut = e;
                }
                assertNotNull(cut, "all 200,000 rows were held in memory");
                assertEquals("54000", cut.getSQLState());
                assertTrue(cut.getMessage().contains("another statement"), cut.getMessage());
                assertTrue(read > 1000 && read < 200000, "rows read before the cut: " + read);
            }
        }
    }
}
