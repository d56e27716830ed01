package io.datapipeline.postgres.business;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.postgres.connection.PgConnections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One small pool per business database the tasks name; closed with the application. */
public final class BusinessDatabases implements AutoCloseable {

    private final Map<String, PgConnections> pools = new ConcurrentHashMap<>();
    private final int poolSize;

    public BusinessDatabases(int poolSize) {
        this.poolSize = poolSize;
    }

    PgConnections of(DatabaseUrl db) {
        return pools.computeIfAbsent(db.toSecretUri(), k -> new PgConnections(db, "data-pipeline-business", poolSize));
    }

    @Override
    public void close() {
        pools.values().forEach(PgConnections::close);
        pools.clear();
    }
}
