package io.datapipeline.postgres.business;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections to business databases: one small pool per database the tasks name, closed with the application; or,
 * for callers' one-off requests ({@link #direct()}), a fresh connection each time, so a caller naming many databases
 * leaves no pool (and no pool thread) behind, and an unreachable one fails at once instead of after the pool's wait.
 */
public final class BusinessDatabases implements AutoCloseable {

    private static final String APPLICATION = "data-pipeline-business";

    private final Map<String, PgConnections> pools = new ConcurrentHashMap<>();
    private final int poolSize;
    private final Duration connectTimeout;

    public BusinessDatabases(int poolSize) {
        this(poolSize, PgConnections.DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * @param poolSize       connections per database, or 0 for a fresh connection each time
     * @param connectTimeout how long a connection attempt may take
     */
    public BusinessDatabases(int poolSize, Duration connectTimeout) {
        this.poolSize = poolSize;
        this.connectTimeout = connectTimeout;
    }

    /** No pools: every {@link #connect} opens a new connection (with the default connect timeout). */
    public static BusinessDatabases direct() {
        return direct(PgConnections.DEFAULT_CONNECT_TIMEOUT);
    }

    /** No pools: every {@link #connect} opens a new connection, which may take {@code connectTimeout}. */
    public static BusinessDatabases direct(Duration connectTimeout) {
        return new BusinessDatabases(0, connectTimeout);
    }

    /** How long a connection attempt may take. */
    Duration connectTimeout() {
        return connectTimeout;
    }

    PgConnections of(DatabaseUrl db) {
        return pools.computeIfAbsent(db.toSecretUri(), k -> new PgConnections(db, APPLICATION, poolSize,
                connectTimeout, "the business database"));
    }

    /** A connection to {@code db}; the caller closes it (back to the pool, or for good). */
    Connection connect(DatabaseUrl db) throws SQLException {
        if (poolSize > 0) {
            return of(db).pooled();
        }
        Properties props = new Properties();
        db.user().ifPresent(u -> props.setProperty("user", u));
        db.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", APPLICATION);
        String seconds = String.valueOf(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }

    @Override
    public void close() {
        pools.values().forEach(PgConnections::close);
        pools.clear();
    }
}
