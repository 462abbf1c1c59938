package io.fedduck.jdbc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.procedures.FedDuckTableFunctions;
import io.fedduck.procedures.FederationProcedures;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

/** The classifier's refusals as the JDBC layer throws them, with FedDuck's own call names. */
class ReadOnlyPolicyTest {
    private static final String LABEL = "FedDuck connection 7";

    private static SQLException refused(String sql, boolean readOnly) {
        return assertThrows(SQLException.class, () -> ReadOnlyPolicy.requireAllowed(sql, readOnly, LABEL), sql);
    }

    @Test
    void eachRefusalCarriesItsSqlState() {
        assertEquals("42000", refused("SELECT 'unterminated", false).getSQLState());
        assertTrue(refused("SELECT 'unterminated", false) instanceof SQLSyntaxErrorException);
        assertEquals("42501", refused("SELECT * FROM postgres_scan('dsn', 'public', 't')", false).getSQLState());
        assertEquals("42501", refused("ATTACH 'x.db' AS x", false).getSQLState());
        assertEquals("25006", refused("DELETE FROM t", true).getSQLState());
        assertTrue(refused("DELETE FROM t", true).getMessage().startsWith(LABEL + " is read-only: DELETE"));
        assertDoesNotThrow(() -> ReadOnlyPolicy.requireAllowed("DELETE FROM t", false, LABEL));
    }

    @Test
    void theClassifierIsToldFedDuckProceduresAndTableFunctions() {
        assertEquals(FederationProcedures.NAMES, ReadOnlyPolicy.CALLS.federationProcedures());
        assertEquals(FedDuckTableFunctions.NAMES, ReadOnlyPolicy.CALLS.tableFunctions());
        for (String procedure : FederationProcedures.NAMES) {
            SQLException e = refused("CALL " + procedure + "('pg')", true);
            assertEquals("25006", e.getSQLState());
            assertTrue(e.getMessage().contains("changes the sources"), e.getMessage());
        }
        for (String function : FedDuckTableFunctions.NAMES) {
            assertDoesNotThrow(() -> ReadOnlyPolicy.requireAllowed("CALL " + function + "('pg')", true, LABEL));
        }
        assertEquals("25006", refused("CALL sync_table('pg', 'a', 'b')", true).getSQLState());
    }
}
