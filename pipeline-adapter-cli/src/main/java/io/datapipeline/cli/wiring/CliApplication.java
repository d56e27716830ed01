package io.datapipeline.cli.wiring;

import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.port.out.VectorTableStore;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.DataDirectory;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The CLI's object graph, built by hand and lazily: a command that only prints help, lists or verifies
 * backups never connects to a database. The only place of the CLI that names concrete services and
 * adapters.
 */
public final class CliApplication implements AutoCloseable {

    private static final Duration WRITER_WAIT = Duration.ofSeconds(60);

    private final Map<String, String> env;
    private Settings settings;
    private PgConnections vectorDb;
    private PgVectorTableStore vectorStore;
    private VectorAdminService vectorAdmin;

    public CliApplication(Map<String, String> env) {
        this.env = env;
    }

    /** Resolves settings once per invocation. */
    public synchronized Settings settings(SettingsInput input) {
        if (settings == null) {
            settings = Settings.resolve(input, env);
        }
        return settings;
    }

    public BackupVectorTablesUseCase backupVectorTables(SettingsInput input) {
        return vectorAdmin(input);
    }

    public ListVectorBackupsUseCase listVectorBackups(SettingsInput input) {
        return vectorAdmin(input);
    }

    public VerifyVectorBackupUseCase verifyVectorBackup(SettingsInput input) {
        return vectorAdmin(input);
    }

    public RestoreVectorBackupUseCase restoreVectorBackup(SettingsInput input) {
        return vectorAdmin(input);
    }

    private synchronized VectorAdminService vectorAdmin(SettingsInput input) {
        if (vectorAdmin == null) {
            Settings s = settings(input);
            VectorTables tables = VectorTables.langchainDefaults();
            VectorTableStore store = new VectorTableStore() {
                @Override
                public VectorStoreSession openSession(String purpose, Duration lockWait) {
                    return vectorStore(s, tables).openSession(purpose, lockWait);
                }

                @Override
                public String describeDatabase() {
                    return vectorStore(s, tables).describeDatabase();
                }
            };
            vectorAdmin = new VectorAdminService(store, tables, new DataDirectory(s.dataDir()), Clock.systemDefaultZone());
        }
        return vectorAdmin;
    }

    private synchronized PgVectorTableStore vectorStore(Settings s, VectorTables tables) {
        if (vectorStore == null) {
            vectorDb = new PgConnections(s.vectorDatabase(), "data-pipeline-cli", 4);
            vectorStore = new PgVectorTableStore(vectorDb, tables, WRITER_WAIT);
        }
        return vectorStore;
    }

    @Override
    public synchronized void close() {
        if (vectorDb != null) {
            vectorDb.close();
        }
    }
}
