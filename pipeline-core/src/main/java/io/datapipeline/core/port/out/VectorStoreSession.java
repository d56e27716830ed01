package io.datapipeline.core.port.out;

/**
 * One connection to the vector store that holds the store-wide lock until {@link #close()}. Work runs
 * in transactions opened by the methods below; a transaction whose work throws is rolled back, so a
 * failure leaves the tables exactly as they were.
 */
public interface VectorStoreSession extends AutoCloseable {

    /**
     * Runs {@code work} in one REPEATABLE READ transaction: everything it reads comes from one snapshot.
     *
     * @param blockWriters when true the given tables are locked against writers (not readers) before the
     *                     snapshot is taken and until commit, so rows committed meanwhile by others wait
     *                     and land after the commit; required to truncate inside {@code work}
     */
    <T> T inSnapshot(boolean blockWriters, TransactionWork<T> work);

    /**
     * Runs {@code work} in one read-write transaction (READ COMMITTED). Statements inside take the locks
     * they need (a TRUNCATE locks its tables exclusively until commit).
     */
    <T> T inWriteTransaction(TransactionWork<T> work);

    /** Releases the lock and the connection. */
    @Override
    void close();

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(VectorTransaction tx) throws Exception;
    }
}
