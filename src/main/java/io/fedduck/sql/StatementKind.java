package io.fedduck.sql;

/** What a statement does, as far as read-only enforcement is concerned. */
public enum StatementKind {
    /** A query: SELECT, VALUES, FROM-first, TABLE, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN of a read. */
    READ,
    /** Changes only the session: SET/RESET (not GLOBAL), USE, transaction control, informational PRAGMAs. */
    SESSION,
    /** A CALL; see {@link ClassifiedStatement#calledProcedure()}. */
    CALL,
    /** Anything else, including statements FedDuck does not recognise. */
    WRITE,
    /**
     * What FedDuck itself manages and no connection may do: ATTACH, DETACH, INSTALL, LOAD, secrets, and
     * the settings that guard secrets, extensions and external access.
     */
    MANAGED
}
