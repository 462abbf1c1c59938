package io.fedduck.jdbc;

import io.fedduck.access.AccessRules;
import io.fedduck.access.Role;
import io.fedduck.audit.AuditListener;
import io.fedduck.audit.AuditLogRegistry;
import io.fedduck.audit.AuditRecord;
import io.fedduck.federation.Federation;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a login against the access rules: the role of the user, or 28000 after a delay that makes
 * guessing passwords slow, recorded in the audit log as {@code login_failed}.
 */
final class Logins {
    /** How long a refused login waits before it answers. */
    static final long FAILED_LOGIN_DELAY_MILLIS = 1_000;

    private Logins() {
    }

    static Role roleOf(Federation federation, SessionOptions options, Login login) throws SQLException {
        Optional<AccessRules> rules = rulesOf(federation, login);
        try {
            if (rules.isEmpty()) {
                return Role.UNRESTRICTED;
            }
            try {
                return rules.get().login(login.user(), login.password());
            } catch (SQLException refused) {
                recordFailure(options, federation, login.user(), refused);
                pause();
                throw refused;
            }
        } finally {
            if (login.password() != null) {
                Arrays.fill(login.password(), '\0');
            }
        }
    }

    /** The rules a login is checked against: the file as read for this connection, else the federation's. */
    static Optional<AccessRules> rulesOf(Federation federation, Login login) {
        return login.rules() != null ? login.rules() : federation.accessRules();
    }

    private static void recordFailure(SessionOptions options, Federation federation, String user,
                                      SQLException refused) {
        if (options.auditLog() == null) {
            return;
        }
        try {
            AuditListener audit = AuditLogRegistry.acquire(options.auditLog(), options.auditMaxBytes(),
                    federation::redact);
            try {
                audit.onStatement(new AuditRecord(Instant.now(), null, user, null, 0, null, "refused",
                        refused.getSQLState(), refused.getMessage(), "login_failed", List.of(), null, false));
            } finally {
                AuditLogRegistry.release(options.auditLog());
            }
        } catch (SQLException | RuntimeException e) {
            refused.addSuppressed(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(FAILED_LOGIN_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
