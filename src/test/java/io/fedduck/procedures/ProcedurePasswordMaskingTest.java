package io.fedduck.procedures;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.sql.SqlMasker;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit log's masker knows where FedDuck's procedures take a password, also by position. */
class ProcedurePasswordMaskingTest {
    private static final String SECRET = "Secret-Marker-4711";

    @Test
    void everyPasswordParameterIsMaskedWhenGivenByPosition() throws ReflectiveOperationException {
        int checked = 0;
        for (ProcedureSignature procedure : procedures()) {
            List<String> parameters = new ArrayList<>(procedure.positional());
            for (String named : procedure.named()) {
                parameters.add(named.substring(0, named.indexOf(' ')));
            }
            for (int i = 0; i < parameters.size(); i++) {
                String parameter = parameters.get(i);
                if (!parameter.contains("password") && !parameter.contains("secret") && !parameter.contains("token")) {
                    continue;
                }
                List<String> arguments = new ArrayList<>();
                for (int k = 0; k <= i; k++) {
                    arguments.add(k == i ? "'" + SECRET + "'" : "'v" + k + "'");
                }
                for (String name : List.of(procedure.name(), procedure.name() + "_args")) {
                    String sql = "CALL " + name + "(" + String.join(", ", arguments) + ")";
                    assertFalse(SqlMasker.mask(sql).contains(SECRET), parameter + " of " + sql);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 2, "connect_database's password was checked");
    }

    @SuppressWarnings("unchecked")
    private static List<ProcedureSignature> procedures() throws ReflectiveOperationException {
        Field field = FederationProcedures.class.getDeclaredField("PROCEDURES");
        field.setAccessible(true);
        List<ProcedureSignature> all = new ArrayList<>(((Map<String, ProcedureSignature>) field.get(null)).values());
        all.add(SyncTableProcedure.SIGNATURE);
        all.add(DescribeRemoteTableCall.SIGNATURE);
        return all;
    }
}
