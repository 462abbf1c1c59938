package io.fedduck.procedures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What tools list as FedDuck's routines is what FedDuck installs and routes. */
class RoutinesTest {
    @Test
    void theTableFunctionsAreTheInstalledOnes() {
        assertEquals(FedDuckTableFunctions.NAMES, Routines.ALL.stream().filter(r -> !r.procedure())
                .map(Routines.Routine::name).collect(Collectors.toSet()));
    }

    @Test
    void theProceduresAreTheRoutedOnes() {
        assertEquals(Set.of(FederationProcedures.CONNECT, FederationProcedures.DISCONNECT, FederationProcedures.REFRESH,
                        SyncTableProcedure.SIGNATURE.name()),
                Routines.ALL.stream().filter(Routines.Routine::procedure).map(Routines.Routine::name)
                        .collect(Collectors.toSet()));
    }

    @Test
    void parametersFollowTheRoutersSignatures() {
        assertEquals(SyncTableProcedure.SIGNATURE.positional(), Routines.ALL.stream()
                .filter(r -> r.name().equals("sync_table")).findFirst().orElseThrow().parameters().stream()
                .filter(p -> !p.optional()).map(Routines.Parameter::name).toList());
    }
}
