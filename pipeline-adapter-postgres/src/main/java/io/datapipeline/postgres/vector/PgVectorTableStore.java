package io.datapipeline.postgres.vector;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector store on PostgreSQL. A session is one dedicated connection holding the store-wide advisory
 * lock ({@code pg_try_advisory_lock(LOCK_NAMESPACE, STORE_LOCK)}), so backup, truncate, restore and loads
 * are serialised across processes and instances; the lock goes away with the connection if the process dies.
 */
public final class PgVectorTableStore implements VectorTableStore {

    /** First key of every advisory lock this product takes ("PIPE"). */
    public static final int LOCK_NAMESPACE = 0x50495045;
    /** Second key of the store-wide lock. */
    public static final int STORE_LOCK = 1;

    private static final Logger LOG = LoggerFactory.getLogger(PgVectorTableStore.class);
    private static final long POLL_MILLIS = 250;

    private final PgConnections connections;
    private final VectorTables tables;
    private final Duration writerWait;

    /**
     * @param connections the vector database
     * @param tables      the configured tables (locked against writers during a backup with truncate)
     * @param writerWait  how long a backup with truncate waits for running writers before giving up
     */
    public PgVectorTableStore(PgConnections connections, VectorTables tables, Duration writerWait) {
        this.connections = connections;
        this.tables = tables;
        this.writerWait = writerWait;
    }

    @Override
    public VectorStoreSession openSession(String purpose, Duration lockWait) {
        Connection c = connections.dedicated(purpose);
        try {
            long deadline = System.nanoTime() + lockWait.toNanos();
            boolean logged = false;
            while (!tryLock(c)) {
                if (System.nanoTime() >= deadline) {
                    String holder = holder(c);
                    c.close();
                    throw new BusyException("the vector store is busy: another vector operation holds its lock ("
                            + holder + "); nothing was changed; retry later");
                }
                if (!logged) {
                    LOG.info("vector store lock is held by {}; waiting up to {} s", holder(c), lockWait.toSeconds());
                    logged = true;
                }
                Thread.sleep(POLL_MILLIS);
            }
            return new PgVectorStoreSession(c, tables, writerWait, this, prepare(c));
        } catch (SQLException e) {
            closeQuietly(c);
            throw new PipelineException("cannot take the vector store lock on " + connections.url().masked() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while waiting for the vector store lock", e);
        }
    }

    @Override
    public <T> T rehearse(String purpose, VectorStoreSession.TransactionWork<T> work) {
        try (Connection c = connections.dedicated(purpose)) {
            c.setAutoCommit(false);
            try {
                return work.run(new PgVectorTransaction(c, tables, Optional.empty(), writerWait, true));
            } catch (PipelineException e) {
                throw e;
            } catch (SQLException e) {
                throw new PipelineException(purpose + ": " + PgVectorStoreSession.describe(e), e);
            } catch (Exception e) {
                throw new PipelineException(purpose + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()), e);
            } finally {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // closing the connection ends the transaction as well
                }
            }
        } catch (SQLException e) {
            throw new PipelineException(purpose + ": " + PgVectorStoreSession.describe(e), e);
        }
    }

    /**
     * Settings of a session that holds the store lock, and who its server process is. The server notices a client
     * that vanished without a word within about a minute (keepalives), and a client that stopped talking inside a
     * transaction ends it after ten minutes, so an orphaned session does not keep the tables locked for hours.
     */
    private static PgVectorStoreSession.Backend prepare(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET tcp_keepalives_idle = 30");
            s.execute("SET tcp_keepalives_interval = 10");
            s.execute("SET tcp_keepalives_count = 3");
            s.execute("SET idle_in_transaction_session_timeout = '10min'");
            try (ResultSet rs = s.executeQuery("SELECT pid, backend_start::text FROM pg_stat_activity "
                    + "WHERE pid = pg_backend_pid()")) {
                return rs.next() ? new PgVectorStoreSession.Backend(rs.getInt(1), rs.getString(2))
                        : new PgVectorStoreSession.Backend(0, null);
            }
        }
    }

    /**
     * Ends the server process of a session whose connection was lost, if it still runs (it may be waiting for the
     * answer that never comes, holding its locks): a transaction not yet committed rolls back, one committed stays
     * committed. Best effort; the transaction's status is asked afterwards either way.
     */
    void terminate(PgVectorStoreSession.Backend backend) {
        if (backend.pid() == 0) {
            return;
        }
        try (Connection c = connections.dedicated("end a lost session");
                PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE pid = ? AND backend_start::text = ?")) {
            ps.setInt(1, backend.pid());
            ps.setString(2, backend.startedAt());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    LOG.warn("ended server process {} of the lost vector store session", backend.pid());
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not end server process {} of the lost session: {}", backend.pid(), e.getMessage());
        }
    }

    /** How long the outcome of a commit whose answer was lost is asked for while the database says "in progress". */
    private static final Duration RESOLVE_WAIT = Duration.ofSeconds(30);

    @Override
    public CommitStatus statusOf(String transactionId) {
        try (Connection c = connections.dedicated("transaction status")) {
            return status(c, transactionId);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot ask the database about transaction {}: {}", transactionId, e.getMessage());
            return CommitStatus.UNKNOWN;
        }
    }

    /**
     * Asks, on new connections, until the database says committed or aborted, or {@link #RESOLVE_WAIT} has
     * passed (a commit waiting for a synchronous standby stays "in progress"; the database may be restarting).
     */
    CommitStatus resolve(String transactionId) {
        long deadline = System.nanoTime() + RESOLVE_WAIT.toNanos();
        CommitStatus last = CommitStatus.UNKNOWN;
        while (true) {
            try (Connection c = connections.dedicated("transaction status")) {
                last = status(c, transactionId);
                if (last == CommitStatus.COMMITTED || last == CommitStatus.ABORTED) {
                    LOG.info("transaction {}: {}", transactionId, last);
                    return last;
                }
                if (last == CommitStatus.UNKNOWN) {
                    return last;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("cannot ask the database about transaction {} yet: {}", transactionId, e.getMessage());
            }
            if (System.nanoTime() >= deadline) {
                return last;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
    }

    private static CommitStatus status(Connection c, String transactionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_xact_status(?::xid8)")) {
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String s = rs.getString(1);
                if (s == null) {
                    return CommitStatus.UNKNOWN;
                }
                return switch (s) {
                    case "committed" -> CommitStatus.COMMITTED;
                    case "aborted" -> CommitStatus.ABORTED;
                    case "in progress" -> CommitStatus.IN_PROGRESS;
                    default -> CommitStatus.UNKNOWN;
                };
            }
        } catch (SQLException e) {
            // 22023: the id is from the future or too old to tell
            if ("22023".equals(e.getSQLState()) || "22P02".equals(e.getSQLState())) {
                return CommitStatus.UNKNOWN;
            }
            throw e;
        }
    }

    private volatile String clusterId;

    @Override
    public String clusterId() {
        String id = clusterId;
        if (id == null) {
            try (Connection c = connections.dedicated("cluster identity");
                    PreparedStatement ps = c.prepareStatement("SELECT system_identifier::text FROM pg_control_system()");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getString(1);
                clusterId = id;
            } catch (SQLException e) {
                throw new PipelineException("cannot read the identity of " + connections.url().masked() + ": "
                        + e.getMessage(), e);
            }
        }
        return id;
    }

    @Override
    public String describeDatabase() {
        return connections.url().masked();
    }

    public VectorTables tables() {
        return tables;
    }

    List<TableName> lockedTables() {
        return tables.all();
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_NAMESPACE);
            ps.setInt(2, STORE_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock: pid, application name and since when, as far as this user may see. */
    static String holder(Connection c) {
        String sql = "SELECT a.pid, coalesce(a.application_name, ''), a.backend_start "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid AND l.objid = ?::oid "
                + "AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, Integer.toUnsignedLong(LOCK_NAMESPACE));
            ps.setLong(2, STORE_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return "pid " + rs.getInt(1) + " '" + rs.getString(2) + "' connected since " + rs.getTimestamp(3);
                }
                return "holder not visible";
            }
        } catch (SQLException e) {
            return "holder unknown";
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being abandoned; closing is best effort
        }
    }
}
