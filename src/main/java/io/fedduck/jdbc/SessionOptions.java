package io.fedduck.jdbc;

import java.nio.file.Path;

/**
 * The per-connection options the driver hands to a new {@link FedDuckConnection}.
 *
 * @param url the JDBC URL the connection was opened with (reported by DatabaseMetaData)
 * @param readOnly whether writes are refused from the start
 * @param queryTimeoutSeconds default timeout of every statement; 0 for none
 * @param largeResultRows rows past which a result without max rows gets a warning; 0 for never
 * @param metadataTtl how old DuckDB's cached view of the sources' catalogs may be at a catalog read
 * @param healthCheckInterval time between background health checks of the sources; zero for none
 * @param validRequires a source that {@code isValid} also requires to answer, or null
 * @param auditLog the JSON Lines audit file, or null for no audit
 * @param auditSensitiveOnly record only sensitive statements (AuditRecord#isSensitive)
 * @param auditMaxBytes size past which the audit file rotates; 0 for never
 * @param timeZone DuckDB session time zone
 * @param user the name recorded in the audit log
 * @param pushdown whether statements of one source may run on that source (docs/pushdown.md)
 */
public record SessionOptions(String url, boolean readOnly, int queryTimeoutSeconds, long largeResultRows,
                             java.time.Duration metadataTtl, java.time.Duration healthCheckInterval,
                             String validRequires, Path auditLog, boolean auditSensitiveOnly, long auditMaxBytes,
                             String timeZone, String user, boolean pushdown) {
}
