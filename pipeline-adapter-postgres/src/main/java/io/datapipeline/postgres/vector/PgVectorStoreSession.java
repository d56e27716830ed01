package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.vector.VectorTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;

/** One dedicated connection holding the store-wide advisory lock; transactions run on it. */
public final class PgVectorStoreSession implements VectorStoreSession {

    private final Connection connection;
    private final VectorTables tables;
    private final Duration writerWait;
    private boolean closed;

    PgVectorStoreSession(Connection connection, VectorTables tables, Duration writerWait) {
        this.connection = connection;
        this.tables = tables;
        this.writerWait = writerWait;
    }

    /** The connection, for adapters of this module that write through the session (training loads). */
    public Connection connection() {
        return connection;
    }

    @Override
    public <T> T inSnapshot(boolean blockWriters, TransactionWork<T> work) {
        return transaction(Connection.TRANSACTION_REPEATABLE_READ, !blockWriters, blockWriters, work);
    }

    @Override
    public <T> T inWriteTransaction(TransactionWork<T> work) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, false, false, work);
    }

    private <T> T transaction(int isolation, boolean readOnly, boolean blockWriters, TransactionWork<T> work) {
        if (closed) {
            throw new IllegalStateException("vector store session is closed");
        }
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(isolation);
            connection.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw new PipelineException("cannot start a transaction on the vector store: " + e.getMessage(), e);
        }
        try {
            if (blockWriters) {
                // before the first query, so the snapshot is taken after every earlier writer committed
                try (Statement s = connection.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '" + Math.max(1, writerWait.toMillis()) + "ms'");
                    s.execute("LOCK TABLE " + tables.all().stream().map(TableName::quoted)
                            .collect(Collectors.joining(", ")) + " IN SHARE MODE");
                }
            }
            T result = work.run(new PgVectorTransaction(connection));
            connection.commit();
            return result;
        } catch (Exception e) {
            rollbackQuietly();
            if (e instanceof PipelineException pe) {
                throw pe;
            }
            throw new PipelineException(describe(e), e);
        } finally {
            try {
                connection.setAutoCommit(true);
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException ignored) {
                // the connection is broken; the next use reports it
            }
        }
    }

    static String describe(Exception e) {
        if (e instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
            return "timed out waiting for writers of the vector tables to finish (lock_timeout); nothing was changed";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // a broken connection rolls back on its own
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // closing the physical connection releases the session-level advisory lock
        PgVectorTableStore.closeQuietly(connection);
    }
}
