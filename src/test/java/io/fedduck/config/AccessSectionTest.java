package io.fedduck.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.access.AccessRules;
import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.credentials.PasswordHash;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The access: section of a connections file: what it grants, and every mistake refused with its line. */
class AccessSectionTest {
    private static final String CONNECTIONS = "connections:\n  lite:\n    type: sqlite\n    file_path: /tmp/x.db\n"
            + "    options: {create_if_missing: true, read_only: false}\n";

    private static AccessRules rules(String access) throws SQLException {
        return ConnectionsFile.parse(CONNECTIONS + access, "test.yaml", null, Map.of()).access().orElseThrow();
    }

    private static SQLException error(String access) {
        return assertThrows(SQLException.class,
                () -> ConnectionsFile.parse(CONNECTIONS + access, "test.yaml", null, Map.of()));
    }

    @Test
    void aFileWithoutAccessHasNoRules() throws SQLException {
        assertTrue(ConnectionsFile.parse(CONNECTIONS, "test.yaml", null, Map.of()).access().isEmpty());
    }

    @Test
    void rolesUsersAndTheDefaultRoleAreRead() throws SQLException {
        String hash = PasswordHash.hash("s3cret".toCharArray());
        AccessRules rules = rules("access:\n"
                + "  default_role: viewer\n"
                + "  sensitive: [hr, 'crm.customers', 'pg.public.salar*']\n"
                + "  roles:\n"
                + "    viewer:\n"
                + "      connections:\n"
                + "        'sales_*': [select]\n"
                + "        crm: [select, sync]\n"
                + "      local: [select]\n"
                + "    Engineer:\n"
                + "      privileges: [connect]\n"
                + "      connections: {'*': [select, write_remote]}\n"
                + "      local: [select, write_local]\n"
                + "  users:\n"
                + "    alice: viewer\n"
                + "    Bob: {role: engineer, password: '" + hash + "'}\n");
        Role viewer = rules.login(null, null);
        assertEquals("viewer", viewer.name());
        assertEquals(Set.of(Privilege.SELECT), viewer.on("SALES_EU"));
        assertEquals(Set.of(Privilege.SELECT, Privilege.SYNC), viewer.on("crm"));
        assertFalse(viewer.sees("hr"));
        assertTrue(viewer.writesNothing(), "sync without write_local writes nothing");
        assertEquals("viewer", rules.login("ALICE", null).name());
        Role engineer = rules.login("bob", "s3cret".toCharArray());
        assertTrue(engineer.mayConnect() && engineer.may(Privilege.WRITE_REMOTE, "anything"));
        SQLException wrong = assertThrows(SQLException.class, () -> rules.login("bob", "S3cret".toCharArray()));
        assertEquals("28000", wrong.getSQLState());
        assertEquals("28000", assertThrows(SQLException.class, () -> rules.login("carol", null)).getSQLState());
        assertTrue(rules.isSensitive("hr", "public", "anything"));
        assertTrue(rules.isSensitive("CRM", "main", "customers"));
        assertTrue(rules.isSensitive("pg", "public", "salaries"));
        assertFalse(rules.isSensitive("pg", "public", "orders"));
        assertFalse(rules.toString().contains(hash), "no hash in toString");
    }

    @Test
    void withoutADefaultRoleAConnectionMustNameItsUser() throws SQLException {
        AccessRules rules = rules("access:\n  roles:\n    r: {local: [select]}\n  users:\n    u: r\n");
        assertEquals("28000", assertThrows(SQLException.class, () -> rules.login(null, null)).getSQLState());
        assertEquals("28000", assertThrows(SQLException.class, () -> rules.login(" ", null)).getSQLState());
    }

    @Test
    void mistakesAreRefusedWithTheirLine() {
        assertMessage(error("access:\n  roles:\n    r:\n      connections: {x: [selekt]}\n"), "test.yaml:9",
                "'selekt' is not a privilege held here", "select, write_remote, sync");
        assertMessage(error("access:\n  roles:\n    r:\n      local: [write_remote]\n"), "'write_remote' is not a"
                + " privilege held here (here: select, write_local)");
        assertMessage(error("access:\n  roles:\n    r:\n      privileges: [select]\n"), "here: connect, admin");
        assertMessage(error("access:\n  roles:\n    r: {}\n  users:\n    u: nobody\n"), "unknown role 'nobody'");
        assertMessage(error("access:\n  roles:\n    r: {}\n  default_role: ghost\n"), "unknown role 'ghost'");
        assertMessage(error("access:\n  roles:\n    r: {}\n  users:\n    u: {role: r, password: hunter2}\n"),
                "must be an Argon2id hash", "hash-password", "never accepted");
        assertMessage(error("access:\n  roles:\n    r: {conections: {}}\n"), "unknown key 'conections'",
                "did you mean connections?");
        assertMessage(error("access:\n  rolez: {}\n"), "unknown key 'rolez'");
        assertMessage(error("access:\n  users: {}\n"), "needs roles:");
        assertMessage(error("access:\n  roles:\n    r: {}\n  users:\n    u: r\n    U: r\n"), "defined twice");
        assertMessage(error("access:\n  roles:\n    r: {}\n  sensitive: ['a.b.c.d']\n"), "is not connection");
    }

    private static void assertMessage(SQLException e, String... parts) {
        assertEquals("22023", e.getSQLState(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }
}
