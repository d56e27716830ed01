package io.datapipeline.vectoradmin.port;

import java.time.Duration;

/**
 * The pgvector database holding the LangChain tables, as vector-table management sees it.
 *
 * <p>Every operation on the store runs inside a {@link VectorStoreSession}, which holds the store-wide
 * lock for its whole life: backup, truncate, restore and training loads are serialised across threads,
 * processes and instances.
 */
public interface VectorTableStore {

    /**
     * Opens a session holding the store-wide lock.
     *
     * @param purpose  short description recorded with the lock so that a refused caller learns who holds it
     * @param lockWait how long to wait for the lock; {@link Duration#ZERO} tries once
     * @return the open session; close it to release the lock
     * @throws io.datapipeline.core.domain.BusyException when the lock is still held after {@code lockWait}
     */
    VectorStoreSession openSession(String purpose, Duration lockWait);

    /**
     * What became of a transaction, asked on a new connection without taking the store lock (to tell the state
     * of backup sets whose process died around a commit). {@link CommitStatus#UNKNOWN} when the database cannot
     * tell.
     */
    CommitStatus statusOf(String transactionId);

    /**
     * The identity of the database cluster whose transactions {@link #statusOf} can tell about (PostgreSQL's
     * {@code system_identifier}): a transaction id recorded in a backup set is only asked about on the same cluster,
     * since ids of another cluster may name an unrelated transaction.
     */
    String clusterId();

    /**
     * Runs {@code work} in a transaction that always rolls back, on a connection of its own and without the store
     * lock (a restore drill loads a set into scratch tables there: the live tables are never touched, and nothing
     * remains afterwards, even when the process dies halfway).
     *
     * @return the work's value
     * @throws io.datapipeline.core.domain.PipelineException the work's failure
     */
    <T> T rehearse(String purpose, VectorStoreSession.TransactionWork<T> work);

    /** The database as {@code postgresql://user@host:port/db}, never with a password. */
    String describeDatabase();
}
