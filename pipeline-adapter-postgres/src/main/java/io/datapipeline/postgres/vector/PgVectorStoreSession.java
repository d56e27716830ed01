package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.core.vector.VectorTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection holding the store-wide advisory lock; transactions run on it.
 *
 * <p>A write transaction locks the existing LangChain tables {@code IN SHARE ROW EXCLUSIVE MODE} before its
 * first query (so its REPEATABLE READ snapshot is taken after every earlier writer committed, and writers wait
 * until it ends while readers never do), then records its id with {@code pg_current_xact_id()}. COMMIT is sent
 * outside the work's error handling: when its answer is lost, the outcome is asked with {@code pg_xact_status}
 * on a new connection before anything else happens.
 */
public final class PgVectorStoreSession implements VectorStoreSession {

    private static final Logger LOG = LoggerFactory.getLogger(PgVectorStoreSession.class);

    private final Connection connection;
    private final VectorTables tables;
    private final Duration writerWait;
    private final PgVectorTableStore store;
    private final Backend backend;
    private boolean closed;
    private boolean broken;

    /**
     * The server process of the session.
     *
     * @param pid       its process id ({@code 0}: unknown)
     * @param startedAt its {@code backend_start}, so a later process with the same id is never mistaken for it
     */
    record Backend(int pid, String startedAt) {
    }

    PgVectorStoreSession(Connection connection, VectorTables tables, Duration writerWait, PgVectorTableStore store,
            Backend backend) {
        this.connection = connection;
        this.tables = tables;
        this.writerWait = writerWait;
        this.store = store;
        this.backend = backend;
    }

    @Override
    public <T> TransactionOutcome<T> transaction(TransactionMode mode, TransactionWork<T> work) {
        if (closed) {
            throw new IllegalStateException("vector store session is closed");
        }
        if (broken) {
            throw new PipelineException("the vector store session lost its connection; open a new one");
        }
        boolean write = mode == TransactionMode.WRITE;
        List<TableName> toLock;
        try {
            toLock = write ? existing(tables.all()) : List.of();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(!write);
        } catch (SQLException e) {
            markIfBroken(e);
            return new TransactionOutcome.RolledBack<>(new PipelineException(
                    "cannot start a transaction on the vector store: " + describe(e), e));
        }
        Optional<String> xid = Optional.empty();
        T result;
        try {
            if (write) {
                xid = Optional.of(lockForWriting(toLock));
            }
            result = work.run(new PgVectorTransaction(connection, tables, xid, writerWait));
        } catch (Exception e) {
            rollbackAfterFailure(e);
            return new TransactionOutcome.RolledBack<>(wrap(e));
        }
        return commit(result, xid, write);
    }

    /**
     * A write transaction locks the existing tables against writers before its snapshot is taken (SET and LOCK take
     * none; the first query does); returns its transaction id.
     */
    private String lockForWriting(List<TableName> toLock) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + Math.max(1, writerWait.toMillis()) + "ms'");
            if (!toLock.isEmpty()) {
                s.execute("LOCK TABLE " + toLock.stream().map(TableName::quoted).collect(Collectors.joining(", "))
                        + " IN SHARE ROW EXCLUSIVE MODE");
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_current_xact_id()::text")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Commits; when the answer to COMMIT is lost, ends the server process of this connection and asks the database on
     * a new connection what became of the transaction, so the outcome is never guessed.
     */
    private <T> TransactionOutcome<T> commit(T result, Optional<String> xid, boolean write) {
        try {
            connection.commit();
            resetQuietly();
            return new TransactionOutcome.Committed<>(result, xid, Optional.empty());
        } catch (SQLException e) {
            if (!write) {
                markIfBroken(e);
                // nothing was to be committed: the snapshot was read completely
                return new TransactionOutcome.Committed<>(result, Optional.empty(), Optional.of(
                        "read-only transaction; nothing was to be committed"));
            }
            if (!isConnectionLoss(e)) {
                rollbackQuietly();
                resetQuietly();
                return new TransactionOutcome.RolledBack<>(new PipelineException("the database refused the commit, "
                        + "the transaction was rolled back: " + describe(e), e));
            }
            broken = true;
            String id = xid.get();
            LOG.warn("the answer to COMMIT of transaction {} was lost ({}); asking the database on a new connection", id,
                    e.getMessage());
            store.terminate(backend);
            CommitStatus status = store.resolve(id);
            return switch (status) {
                case COMMITTED -> new TransactionOutcome.Committed<>(result, xid, Optional.of(
                        "the database confirmed on a new connection that transaction " + id + " committed"));
                case ABORTED -> new TransactionOutcome.RolledBack<>(new PipelineException("the connection was lost at "
                        + "COMMIT and the database confirmed that transaction " + id + " rolled back: " + describe(e), e));
                case IN_PROGRESS, UNKNOWN -> new TransactionOutcome.Unknown<>(result, id, "connection lost at COMMIT ("
                        + describe(e) + "); pg_xact_status('" + id + "') answered "
                        + (status == CommitStatus.IN_PROGRESS ? "'in progress' until the wait ran out"
                                : "nothing the tool could use"));
            };
        }
    }

    @Override
    public CommitStatus statusOf(String transactionId) {
        return store.statusOf(transactionId);
    }

    @Override
    public String clusterId() {
        return store.clusterId();
    }

    private List<TableName> existing(List<TableName> candidates) throws SQLException {
        List<TableName> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (TableName t : candidates) {
                ps.setString(1, t.quoted());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        found.add(t);
                    }
                }
            }
        }
        return found;
    }

    private void rollbackAfterFailure(Exception e) {
        if (e instanceof SQLException sql) {
            markIfBroken(sql);
        } else if (e.getCause() instanceof SQLException sql) {
            markIfBroken(sql);
        }
        rollbackQuietly();
        resetQuietly();
        try {
            if (!broken && !connection.isValid(5)) {
                broken = true;
            }
        } catch (SQLException | RuntimeException ignored) {
            // e.g. a COPY abandoned halfway leaves the protocol in a state the driver cannot recover from
            broken = true;
        }
        if (broken) {
            // the server may not have noticed yet: its process would keep the transaction and its locks
            store.terminate(backend);
        }
    }

    private static RuntimeException wrap(Exception e) {
        if (e instanceof PipelineException pe) {
            return pe;
        }
        if (e instanceof RuntimeException re && !(e.getCause() instanceof SQLException)) {
            return re;
        }
        return new PipelineException(describe(e), e);
    }

    private void markIfBroken(SQLException e) {
        if (isConnectionLoss(e)) {
            broken = true;
        }
    }

    static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03");
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
        } catch (SQLException | RuntimeException ignored) {
            // a broken connection rolls back on its own
        }
    }

    private void resetQuietly() {
        try {
            connection.setAutoCommit(true);
            connection.setReadOnly(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException | RuntimeException ignored) {
            // the connection is broken; the next use reports it
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // released explicitly first: the server ends a closed connection's session asynchronously, and until it has,
        // the lock would still refuse the next operation; closing the connection releases it anyway if this fails
        if (!broken) {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    ps.setInt(1, PgVectorTableStore.LOCK_NAMESPACE);
                    ps.setInt(2, PgVectorTableStore.STORE_LOCK);
                    ps.execute();
                }
            } catch (SQLException | RuntimeException ignored) {
                // the close below releases it
            }
        }
        PgVectorTableStore.closeQuietly(connection);
    }
}
