package io.datapipeline.postgres.task;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.vectoradmin.contract.BackupSlotsContract;
import io.datapipeline.vectoradmin.port.BackupSlots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL slot claims honour the same contract as the fake. */
@ExtendWith(PostgresExtension.class)
class PgBackupSlotsIT extends BackupSlotsContract {

    private static TestDatabase db;
    private static PgConnections connections;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
        connections = new PgConnections(DatabaseUrl.parse(db.jdbcUrlWithCredentials(), "db"), "slots-test", 10);
        new PgTaskRepository(connections).migrate();
    }

    @AfterAll
    static void close() {
        connections.close();
    }

    @Override
    protected BackupSlots freshSlots() {
        db.execute("DELETE FROM pipeline_backup_slots");
        return new PgBackupSlots(connections);
    }
}
