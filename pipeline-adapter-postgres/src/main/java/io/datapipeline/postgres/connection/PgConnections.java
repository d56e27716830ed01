package io.datapipeline.postgres.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.PipelineException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to one PostgreSQL database: a small HikariCP pool for short statements, and dedicated
 * physical connections for work that holds a session-level lock (closing the connection releases it,
 * even if the process dies).
 */
public final class PgConnections implements AutoCloseable {

    private final DatabaseUrl url;
    private final String applicationName;
    private final int poolSize;
    private HikariDataSource pool;

    /**
     * @param url             target with credentials
     * @param applicationName shown in {@code pg_stat_activity}
     * @param poolSize        maximum pooled connections
     */
    public PgConnections(DatabaseUrl url, String applicationName, int poolSize) {
        this.url = url;
        this.applicationName = applicationName;
        this.poolSize = poolSize;
    }

    public DatabaseUrl url() {
        return url;
    }

    /** A pooled connection; created lazily so commands that never need the pool do not pay for it. */
    public synchronized Connection pooled() throws SQLException {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url.jdbcUrl());
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(0);
            config.setPoolName(applicationName + "-pool");
            config.setInitializationFailTimeout(-1);
            config.setConnectionTimeout(15_000);
            config.addDataSourceProperty("ApplicationName", applicationName);
            config.addDataSourceProperty("tcpKeepAlive", "true");
            pool = new HikariDataSource(config);
        }
        return pool.getConnection();
    }

    /** A new physical connection, not from the pool. */
    public Connection dedicated(String purpose) {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", truncate(applicationName + ": " + purpose));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketFactory", KeepAliveSocketFactory.class.getName());
        props.setProperty("connectTimeout", "15");
        try {
            return DriverManager.getConnection(url.jdbcUrl(), props);
        } catch (SQLException e) {
            throw new PipelineException("cannot connect to " + url.masked() + ": " + e.getMessage(), e);
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
