package io.datapipeline.vectoradmin.port;

/** What the database says became of a transaction, asked by its id on a new connection. */
public enum CommitStatus {
    /** It committed: its changes are durable and visible. */
    COMMITTED,
    /** It rolled back (or its session died before COMMIT): nothing of it is visible. */
    ABORTED,
    /** It is still running (e.g. a commit waiting for a synchronous standby). */
    IN_PROGRESS,
    /** The database cannot tell (the id is too old, or the database could not be asked). */
    UNKNOWN
}
