package io.datapipeline.vectoradmin.port;

/**
 * One connection to the vector store that holds the store-wide lock until {@link #close()}. Work runs in
 * transactions; the outcome of each is returned as a value, so a caller never mistakes a commit whose answer
 * was lost for a rollback.
 */
public interface VectorStoreSession extends AutoCloseable {

    /**
     * Runs {@code work} in one transaction.
     *
     * <p>When the work throws, the transaction rolls back and the outcome is {@link TransactionOutcome.RolledBack}
     * with the work's exception (a {@link io.datapipeline.core.domain.PipelineException} as thrown, anything else
     * wrapped). When COMMIT is sent and its answer does not arrive, the transaction's status is asked on a new
     * connection: committed, rolled back, or {@link TransactionOutcome.Unknown}. After a lost connection the
     * session is unusable; close it.
     */
    <T> TransactionOutcome<T> transaction(TransactionMode mode, TransactionWork<T> work);

    /** Runs {@code work} in a {@link TransactionMode#READ} transaction and returns its value, or throws its failure. */
    default <T> T read(TransactionWork<T> work) {
        return transaction(TransactionMode.READ, work).valueOrThrow();
    }

    /**
     * What became of an earlier transaction, asked on a new connection (used to settle the backup sets of
     * processes that died around a commit).
     */
    CommitStatus statusOf(String transactionId);

    /** {@link VectorTableStore#clusterId()} of the session's database. */
    String clusterId();

    /** Releases the lock and the connection. */
    @Override
    void close();

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(VectorTransaction tx) throws Exception;
    }
}
