package io.datapipeline.cli.wiring;

import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.core.port.out.CommitStatus;
import io.datapipeline.core.port.out.VectorStoreSession;
import io.datapipeline.core.port.out.VectorTableStore;
import io.datapipeline.core.service.CreateTaskService;
import io.datapipeline.core.service.ExecuteTaskService;
import io.datapipeline.core.service.GetTaskService;
import io.datapipeline.core.service.WorkflowRunner;
import io.datapipeline.core.service.WorkflowSteps;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.llm.ModelSettings;
import io.datapipeline.postgres.business.BusinessDatabases;
import io.datapipeline.postgres.business.PgSchemaInspector;
import io.datapipeline.postgres.business.PgSqlValidator;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.task.PgTaskRepository;
import io.datapipeline.postgres.vector.PgLangChainTables;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.DataDirectory;
import io.datapipeline.vectoradmin.FileTaskWorkspace;
import io.datapipeline.vectoradmin.VectorAdminService;
import java.nio.file.Path;
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
    private final Clock clock = Clock.systemDefaultZone();
    private Settings settings;
    private Path dataDirOverride;
    private PgConnections vectorDb;
    private PgVectorTableStore vectorStore;
    private VectorAdminService vectorAdmin;
    private PgTaskRepository tasks;
    private BusinessDatabases business;
    private ExecuteTaskService execute;

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

    /** Uses another data directory for this invocation (workflow run --output-dir). */
    public synchronized void overrideDataDir(Path dir) {
        this.dataDirOverride = dir.toAbsolutePath().normalize();
    }

    private Path dataDir(Settings s) {
        return dataDirOverride != null ? dataDirOverride : s.dataDir();
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

    public DedupeVectorStoreUseCase dedupeVectorStore(SettingsInput input) {
        return vectorAdmin(input);
    }

    public CreateTaskUseCase createTask(SettingsInput input) {
        Settings s = settings(input);
        return new CreateTaskService(tasks(s), new FileTaskWorkspace(new DataDirectory(dataDir(s))), clock);
    }

    public GetTaskUseCase getTask(SettingsInput input) {
        return new GetTaskService(tasks(settings(input)), clock, java.util.Optional.<io.datapipeline.core.port.in.ListVectorBackupsUseCase>of(vectorAdmin(input)));
    }

    /** Executes in this process: the call returns when the run has ended. */
    public synchronized ExecuteTaskUseCase executeTask(SettingsInput input) {
        if (execute == null) {
            Settings s = settings(input);
            VectorTables tables = VectorTables.langchainDefaults();
            FileTaskWorkspace workspace = new FileTaskWorkspace(new DataDirectory(dataDir(s)));
            ModelSettings models = new ModelSettings(s::byEnvName);
            business = new BusinessDatabases(5);
            VectorAdminService admin = vectorAdmin(input);
            WorkflowRunner runner = new WorkflowRunner(tasks(s), workspace, clock, WorkflowSteps.standard(workspace,
                    new PgSchemaInspector(business), new PgSqlValidator(business), models.languageModel(),
                    models.embeddingModel(), admin, clock, Duration.ZERO));
            execute = new ExecuteTaskService(tasks(s), workspace, runner, new VectorManagementPolicy(), Runnable::run,
                    clock);
        }
        return execute;
    }

    private synchronized VectorAdminService vectorAdmin(SettingsInput input) {
        if (vectorAdmin == null) {
            Settings s = settings(input);
            VectorTables tables = VectorTables.langchainDefaults();
            vectorAdmin = new VectorAdminService(lazyStore(s, tables), tables, new PgLangChainTables(tables),
                    new DataDirectory(dataDir(s)), clock);
        }
        return vectorAdmin;
    }

    private VectorTableStore lazyStore(Settings s, VectorTables tables) {
        return new VectorTableStore() {
            @Override
            public VectorStoreSession openSession(String purpose, Duration lockWait) {
                return vectorStore(s, tables).openSession(purpose, lockWait);
            }

            @Override
            public CommitStatus statusOf(String transactionId) {
                return vectorStore(s, tables).statusOf(transactionId);
            }

            @Override
            public String clusterId() {
                return vectorStore(s, tables).clusterId();
            }

            @Override
            public String describeDatabase() {
                return vectorStore(s, tables).describeDatabase();
            }
        };
    }

    private synchronized PgConnections vectorDb(Settings s) {
        if (vectorDb == null) {
            vectorDb = new PgConnections(s.vectorDatabase(), "data-pipeline-cli", 4);
        }
        return vectorDb;
    }

    private synchronized PgVectorTableStore vectorStore(Settings s, VectorTables tables) {
        if (vectorStore == null) {
            vectorStore = new PgVectorTableStore(vectorDb(s), tables, WRITER_WAIT);
        }
        return vectorStore;
    }

    private synchronized PgTaskRepository tasks(Settings s) {
        if (tasks == null) {
            tasks = new PgTaskRepository(vectorDb(s)).migrate();
        }
        return tasks;
    }

    @Override
    public synchronized void close() {
        if (business != null) {
            business.close();
        }
        if (vectorDb != null) {
            vectorDb.close();
        }
    }
}
