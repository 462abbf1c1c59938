/**
 * Reading SQL text: the lexer that sees DuckDB's token boundaries, the statement classifier, the lists of
 * DuckDB's settings and file or network functions, the masking of credentials in text that is logged,
 * and the reading of DuckDB's own parse tree ({@code json_serialize_sql}) of a simple select.
 *
 * <p>A leaf: it imports nothing of FedDuck's, so every other package may use it without an import circle.
 * What higher layers own (FedDuck's procedure and table-function names) is handed in as a
 * {@link io.fedduck.sql.CallNames}; a refusal comes back as a {@link io.fedduck.sql.Refusal}, which the JDBC
 * layer turns into an SQLException with FedDuck's SQLStates.
 */
package io.fedduck.sql;
