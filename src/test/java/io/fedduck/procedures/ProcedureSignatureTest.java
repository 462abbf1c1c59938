package io.fedduck.procedures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedduck.sql.ParsedSql;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Routing a CALL from the one reading of its text: the arguments stay exactly as written. */
class ProcedureSignatureTest {
    private static final ProcedureSignature SYNC = new ProcedureSignature("sync_table",
            List.of("connection_name"), List.of("replace := false"));

    private static String query(String sql) throws SQLException {
        return SYNC.argumentsQuery(ParsedSql.of(sql));
    }

    @Test
    void theCallBecomesASelectOfTheArgumentsMacroFromItsParenthesisOn() throws SQLException {
        assertEquals("SELECT * FROM sync_table_args('a', 'b')", query("CALL sync_table('a', 'b')"));
        assertEquals("SELECT * FROM sync_table_args(?, replace := true) -- done",
                query("/* lead ( */ call Main.\"SYNC_TABLE\" (?, replace := true) -- done"));
        assertEquals("SELECT * FROM sync_table_args('a')", query("CALL\u00A0sync_table('a')"));
        assertEquals("SELECT * FROM sync_table_args('(')", query("CALL temp.main.sync_table('(')"));
    }

    @Test
    void onlyALoneCallWithArgumentsIsRoutable() {
        for (String sql : List.of("CALL sync_table", "SELECT * FROM sync_table('a')", "CALL sync_table('a'); SELECT 1")) {
            assertEquals("42000", assertThrows(SQLException.class, () -> query(sql)).getSQLState(), sql);
        }
        assertEquals(Optional.of("z"), ProcedureSignature.calledName(ParsedSql.of("CALL x.y.z()")));
        assertEquals(Optional.empty(), ProcedureSignature.calledName(ParsedSql.of("SELECT 1; CALL sync_table('a')")));
        assertEquals(Optional.empty(), ProcedureSignature.calledName(ParsedSql.of("EXPLAIN CALL sync_table('a')")));
    }
}
