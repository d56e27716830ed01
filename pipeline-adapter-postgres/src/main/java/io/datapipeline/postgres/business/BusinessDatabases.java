package io.datapipeline.postgres.business;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.postgres.connection.PgConnections;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    public BusinessDatabases(int poolSize) {
        this.poolSize = poolSize;
    }

    /** No pools: every {@link #connect} opens a new connection (with a 10-second connect timeout). */
    public static BusinessDatabases direct() {
        return new BusinessDatabases(0);
    }

    PgConnections of(DatabaseUrl db) {
        return pools.computeIfAbsent(db.toSecretUri(), k -> new PgConnections(db, APPLICATION, poolSize));
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
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }

    @Override
    public void close() {
        pools.values().forEach(PgConnections::close);
        pools.clear();
    }
}
