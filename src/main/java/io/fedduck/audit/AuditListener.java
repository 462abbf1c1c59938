package io.fedduck.audit;

/**
 * Receives one record per statement. Implementations must be thread-safe and must not throw: an audit
 * sink that fails may not break the user's query.
 */
public interface AuditListener {

    void onStatement(AuditRecord record);
}
