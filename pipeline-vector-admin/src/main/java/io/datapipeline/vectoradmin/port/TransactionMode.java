package io.datapipeline.vectoradmin.port;

/** What a transaction of a {@link VectorStoreSession} may do. */
public enum TransactionMode {

    /**
     * Read-only, one REPEATABLE READ snapshot of every table it reads; takes no table locks, so it neither
     * waits for nor blocks anybody.
     */
    READ,

    /**
     * Read-write, one REPEATABLE READ snapshot taken after the LangChain tables were locked against other
     * writers ({@code SHARE ROW EXCLUSIVE}: readers are never blocked, writers wait until commit). The
     * transaction's id is known before commit ({@link VectorTransaction#transactionId()}) so the outcome of a
     * commit whose answer is lost can be asked for afterwards.
     */
    WRITE
}
