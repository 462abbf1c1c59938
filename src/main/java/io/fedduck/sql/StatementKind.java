package io.fedduck.sql;

/** What a statement does, as far as read-only enforcement is concerned. */
public enum StatementKind {
    /** A query: SELECT, VALUES, FROM-first, TABLE, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN of a read. */
    READ,
    /**
     * Changes only the session: SET/RESET of the settings {@link SessionSettings} allows, SET/RESET VARIABLE,
     * USE, transaction control, informational PRAGMAs.
     */
    SESSION,
    /** A CALL; see {@link ClassifiedStatement#calledProcedure()}. */
    CALL,
    /** Anything else, including statements FedDuck does not recognise. */
    WRITE,
    /**
     * What no connection may do, because FedDuck manages it or it changes the shared DuckDB instance: ATTACH,
     * DETACH, INSTALL, LOAD, secrets, a change of any setting {@link SessionSettings} does not allow, a
     * PRAGMA that is not informational; see {@link ClassifiedStatement#managedReason()}.
     */
    MANAGED
}
