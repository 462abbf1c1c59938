package io.fedduck.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void grantsAddUpOverMatchingGlobs() {
        Role role = new Role("r", List.of(new ConnectionGrant("prod_*", Set.of(Privilege.SELECT)),
                new ConnectionGrant("prod_crm", Set.of(Privilege.SYNC)),
                new ConnectionGrant("db?", Set.of(Privilege.SELECT))), Set.of(), Set.of());
        assertEquals(Set.of(Privilege.SELECT, Privilege.SYNC), role.on("PROD_CRM"));
        assertEquals(Set.of(Privilege.SELECT), role.on("prod_"));
        assertTrue(role.sees("db1"));
        assertFalse(role.sees("db12"), "? is one character");
        assertFalse(role.sees("xprod_a"), "a glob matches the whole name");
        assertFalse(role.seesLocal());
        assertTrue(role.writesNothing(), "sync needs write_local too");
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        Role role = new Role("r", List.of(new ConnectionGrant("a.b[c]+", Set.of(Privilege.SELECT))), Set.of(),
                Set.of());
        assertTrue(role.sees("a.b[c]+"));
        assertFalse(role.sees("aXb[c]+"));
    }

    @Test
    void anAdminHoldsEverythingAndAReaderWritesNothing() {
        assertTrue(Role.UNRESTRICTED.may(Privilege.WRITE_REMOTE, "any") && Role.UNRESTRICTED.mayConnect()
                && Role.UNRESTRICTED.mayOnLocal(Privilege.WRITE_LOCAL));
        Role reader = new Role("r", List.of(new ConnectionGrant("*", Set.of(Privilege.SELECT))),
                Set.of(Privilege.SELECT), Set.of());
        assertTrue(reader.writesNothing());
        assertFalse(new Role("w", List.of(), Set.of(Privilege.WRITE_LOCAL), Set.of()).writesNothing());
    }
}
