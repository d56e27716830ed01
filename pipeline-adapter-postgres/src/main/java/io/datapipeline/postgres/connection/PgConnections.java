package io.datapipeline.postgres.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.PipelineException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;

/**
 * Connections to one PostgreSQL database: a small HikariCP pool for short statements, and dedicated
 * physical connections for work that holds a session-level lock (closing the connection releases it,
 * even if the process dies).
 */
public final class PgConnections implements AutoCloseable {

    /** How long a connection attempt may take when nothing else is said ({@code PIPELINE_DB_CONNECT_TIMEOUT_SECONDS}). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final DatabaseUrl url;
    private final String applicationName;
    private final int poolSize;
    private final Duration connectTimeout;
    private final String role;
    private HikariDataSource pool;

    /**
     * @param url             target with credentials
     * @param applicationName shown in {@code pg_stat_activity}
     * @param poolSize        maximum pooled connections
     */
    public PgConnections(DatabaseUrl url, String applicationName, int poolSize) {
        this(url, applicationName, poolSize, DEFAULT_CONNECT_TIMEOUT, "the vector database");
    }

    /**
     * @param url             target with credentials
     * @param applicationName shown in {@code pg_stat_activity}
     * @param poolSize        maximum pooled connections
     * @param connectTimeout  how long one connection attempt (and a wait for a pooled one) may take
     * @param role            what the database is, for messages ({@code the vector database})
     */
    public PgConnections(DatabaseUrl url, String applicationName, int poolSize, Duration connectTimeout, String role) {
        this.url = url;
        this.applicationName = applicationName;
        this.poolSize = poolSize;
        this.connectTimeout = connectTimeout;
        this.role = role;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public DatabaseUrl url() {
        return url;
    }

    /** A pooled connection; created lazily so commands that never need the pool do not pay for it. */
    /**
     * A pooled connection; the pool is created lazily so commands that never need it do not pay for it. A database
     * that cannot be reached fails within the connect timeout, with {@link ConnectionFailure}'s explanation as the
     * message (host, port, database, user and the cause).
     */
    public Connection pooled() throws SQLException {
        HikariDataSource p = pool();
        try {
            return p.getConnection();
        } catch (SQLTransientConnectionException e) {
            if (e.getCause() == null && p.getHikariPoolMXBean() != null
                    && p.getHikariPoolMXBean().getTotalConnections() > 0) {
                throw new SQLException("every one of the " + poolSize + " connections to " + url.masked()
                        + " stayed busy for " + connectTimeout.toSeconds() + " s; retry, or raise "
                        + "PIPELINE_DB_CONNECT_TIMEOUT_SECONDS", e.getSQLState(), e);
            }
            throw new SQLException(ConnectionFailure.explain(role, url, e, connectTimeout), e.getSQLState(), e);
        }
    }

    private synchronized HikariDataSource pool() throws SQLException {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url.jdbcUrl());
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(0);
            config.setPoolName(applicationName + "-pool");
            // the first connection is made when the pool is: a database that refuses fails at once (not after the
            // pool's wait), one that does not answer after the connect timeout; the next call tries again
            config.setInitializationFailTimeout(1);
            config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
            config.addDataSourceProperty("ApplicationName", applicationName);
            config.addDataSourceProperty("tcpKeepAlive", "true");
            config.addDataSourceProperty("connectTimeout", String.valueOf(timeoutSeconds()));
            config.addDataSourceProperty("loginTimeout", String.valueOf(timeoutSeconds()));
            try {
                pool = new HikariDataSource(config);
            } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new SQLException(ConnectionFailure.explain(role, url, cause, connectTimeout),
                        cause instanceof SQLException s ? s.getSQLState() : "08001", cause);
            }
        }
        return pool;
    }

    /** The driver's timeouts are whole seconds. */
    private long timeoutSeconds() {
        return Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
    }

    /** A new physical connection, not from the pool. */
    public Connection dedicated(String purpose) {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", truncate(applicationName + ": " + purpose));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketFactory", KeepAliveSocketFactory.class.getName());
        props.setProperty("connectTimeout", String.valueOf(timeoutSeconds()));
        props.setProperty("loginTimeout", String.valueOf(timeoutSeconds()));
        try {
            return DriverManager.getConnection(url.jdbcUrl(), props);
        } catch (SQLException e) {
            throw new PipelineException(ConnectionFailure.explain(role, url, e, connectTimeout), e);
        }
    }

    /**
     * Connects once and disconnects: whether the database answers.
     *
     * @throws PipelineException with {@link ConnectionFailure}'s explanation when it does not
     */
    public void check() {
        try (Connection c = dedicated("connection check")) {
            c.isValid((int) timeoutSeconds());
        } catch (SQLException e) {
            throw new PipelineException(ConnectionFailure.explain(role, url, e, connectTimeout), e);
        }
    }

    private static String truncate(String name) {
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
