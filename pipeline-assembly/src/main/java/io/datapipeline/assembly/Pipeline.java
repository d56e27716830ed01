package io.datapipeline.assembly;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.CancelExecutionUseCase;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.ExecutionEventsUseCase;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.core.service.ExecutionEventsService;
import io.datapipeline.postgres.task.PgExecutionJournal;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListBusinessTablesUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.PreviewExecutionUseCase;
import io.datapipeline.core.port.in.PruneVectorBackupsUseCase;
import io.datapipeline.core.port.in.QueryTasksUseCase;
import io.datapipeline.core.port.in.ScheduledBackupUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.TargetVectorDatabaseUseCase;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.core.port.in.ValidateSqlUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.port.in.EvaluateRetrievalUseCase;
import io.datapipeline.core.port.in.InspectVectorStoreUseCase;
import io.datapipeline.core.port.in.RetrievalHistoryUseCase;
import io.datapipeline.core.port.in.SearchVectorStoreUseCase;
import io.datapipeline.core.service.RetrievalEvaluationService;
import io.datapipeline.core.service.VectorStoreSearchService;
import io.datapipeline.postgres.vector.PgVectorStoreReader;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.service.BusinessDatabaseService;
import io.datapipeline.core.service.CreateTaskService;
import io.datapipeline.core.service.ExecuteTaskService;
import io.datapipeline.core.service.GetTaskService;
import io.datapipeline.core.service.TaskAdminService;
import io.datapipeline.core.service.TaskFilesService;
import io.datapipeline.core.service.TaskLogsService;
import io.datapipeline.core.service.ValidateSqlService;
import io.datapipeline.core.service.WorkflowRunner;
import io.datapipeline.core.service.WorkflowSteps;
import io.datapipeline.core.service.LlmWork;
import io.datapipeline.core.port.in.GenerateDocumentsUseCase;
import io.datapipeline.core.port.in.GeneratePairsUseCase;
import io.datapipeline.core.service.GenerateDocumentsService;
import io.datapipeline.core.service.GeneratePairsService;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.vectoradmin.workspace.FileUnitCheckpoints;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import io.datapipeline.core.vector.BackupDefaults;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.llm.ModelSettings;
import io.datapipeline.postgres.business.BusinessDatabases;
import io.datapipeline.postgres.business.PgSchemaInspector;
import io.datapipeline.postgres.business.PgSqlValidator;
import io.datapipeline.postgres.connection.PgConnections;
import io.datapipeline.postgres.task.PgBackupSlots;
import io.datapipeline.postgres.task.PgTaskRepository;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.ScheduledBackups;
import io.datapipeline.vectoradmin.VectorAdminService;
import io.datapipeline.vectoradmin.workspace.FileTaskWorkspace;
import io.datapipeline.vectoradmin.workspace.LocalFileFolders;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The whole object graph of the pipeline, built from {@link PipelineSettings}: the one place that names the
 * concrete services and adapters. The REST server, the CLI and library users ask it for use cases. Parts are
 * built on first use, so a command that only lists or verifies backup sets never connects to a database.
 */
public final class Pipeline implements AutoCloseable {

    private final PipelineSettings settings;
    private final String applicationName;
    private final Executor executions;
    private final Clock clock;
    private final VectorTables tables = VectorTables.langchainDefaults();
    private final DataDirectory dataDir;
    private final FileTaskWorkspace workspace;
    private PgConnections vectorDb;
    private PgVectorTableStore vectorStore;
    private VectorAdminService vectorAdmin;
    private PgTaskRepository tasks;
    private BusinessDatabases business;
    private ExecuteTaskService execute;
    private BusinessDatabaseService businessDatabase;
    private GetTaskService getTask;
    private ExecutionJournal journal;
    private Optional<LanguageModel> chatModel;
    private ExecutorService llmUnits;
    private final FileUnitCheckpoints checkpoints;
    private java.util.concurrent.ExecutorService backgroundIo;
    private java.util.concurrent.ScheduledExecutorService cancelWatch;
    private EmbeddingModel embedder;
    private VectorStoreSearchService storeSearch;
    private RetrievalEvaluationService retrieval;

    private Pipeline(PipelineSettings settings, String applicationName, Executor executions, Clock clock) {
        this.settings = settings;
        this.applicationName = applicationName;
        this.executions = executions;
        this.clock = clock;
        this.dataDir = new DataDirectory(Path.of(settings.dataDirectory()));
        this.workspace = new FileTaskWorkspace(dataDir);
        this.checkpoints = new FileUnitCheckpoints(dataDir);
    }

    /**
     * @param settings        every setting
     * @param applicationName shown in {@code pg_stat_activity}
     * @param executions      where executions run: {@code Runnable::run} runs them in the caller's thread (the CLI, a
     *                        library), a bounded pool in the background (the REST server)
     * @param clock           time source
     */
    public static Pipeline of(PipelineSettings settings, String applicationName, Executor executions, Clock clock) {
        return new Pipeline(settings, applicationName, executions, clock);
    }

    /** A pipeline that runs executions in the caller's thread, with the system clock. */
    public static Pipeline of(PipelineSettings settings) {
        return of(settings, "data-pipeline", Runnable::run, Clock.systemDefaultZone());
    }

    public PipelineSettings settings() {
        return settings;
    }

    public BackupVectorTablesUseCase backupVectorTables() {
        return vectorAdmin();
    }

    public ListVectorBackupsUseCase listVectorBackups() {
        return vectorAdmin();
    }

    public VerifyVectorBackupUseCase verifyVectorBackup() {
        return vectorAdmin();
    }

    public RestoreVectorBackupUseCase restoreVectorBackup() {
        return vectorAdmin();
    }

    public DedupeVectorStoreUseCase dedupeVectorStore() {
        return vectorAdmin();
    }

    public PruneVectorBackupsUseCase pruneVectorBackups() {
        return vectorAdmin();
    }

    /**
     * Backup, restore and listing on a vector database a caller names (the original's {@code db_connection}): the
     * configured service for the configured database, else a service of its own on two fresh connections, the same
     * data directory and defaults, closed with the {@link TargetVectorDatabaseUseCase.Target}.
     */
    public TargetVectorDatabaseUseCase targetVectorDatabase() {
        return new TargetVectorDatabaseUseCase() {
            @Override
            public boolean isConfigured(DatabaseUrl database) {
                return settings.vectorDatabase().map(c -> c.host().equalsIgnoreCase(database.host())
                        && c.port() == database.port() && c.database().equals(database.database())).orElse(false);
            }

            @Override
            public Target open(DatabaseUrl database) {
                if (isConfigured(database)) {
                    return target(vectorAdmin(), () -> { });
                }
                PgConnections connections = new PgConnections(database, applicationName + "-target", 2,
                        settings.connectTimeout(), "the target vector database");
                try {
                    connections.check();
                } catch (PipelineException e) {
                    // the caller named it: a database that does not answer is the caller's to fix
                    throw InvalidInputException.invalid("db_connection", e.getMessage());
                }
                VectorAdminService admin = new VectorAdminService(new PgVectorTableStore(connections, tables,
                        settings.writerWait()), tables, dataDir, clock, backupDefaults(), Pipeline.this::executionRunning);
                return target(admin, connections::close);
            }
        };
    }

    private static TargetVectorDatabaseUseCase.Target target(VectorAdminService admin, Runnable close) {
        return new TargetVectorDatabaseUseCase.Target() {
            @Override
            public BackupVectorTablesUseCase backup() {
                return admin;
            }

            @Override
            public RestoreVectorBackupUseCase restore() {
                return admin;
            }

            @Override
            public ListVectorBackupsUseCase list() {
                return admin;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** Re-embeds the store with another model, built from the operator's choice on top of the configured settings. */
    public io.datapipeline.core.port.in.ReembedVectorStoreUseCase reembedVectorStore() {
        return vectorAdmin();
    }

    /** What the assistant would retrieve for a question (embedded by the configured model). */
    public SearchVectorStoreUseCase searchVectorStore() {
        return storeSearch();
    }

    /** The store's collections, rows, dimensions and recorded models. */
    public InspectVectorStoreUseCase inspectVectorStore() {
        return storeSearch();
    }

    /** Leave-one-out retrieval evaluation of a task's questions against the store, kept in the task directory. */
    public EvaluateRetrievalUseCase evaluateRetrieval() {
        return retrieval();
    }

    /** A task's past retrieval evaluations. */
    public RetrievalHistoryUseCase retrievalHistory() {
        return retrieval();
    }

    private synchronized VectorStoreSearchService storeSearch() {
        if (storeSearch == null) {
            storeSearch = new VectorStoreSearchService(new PgVectorStoreReader(vectorDb(), tables), embedder());
        }
        return storeSearch;
    }

    private synchronized RetrievalEvaluationService retrieval() {
        if (retrieval == null) {
            retrieval = new RetrievalEvaluationService(workspace, new PgVectorStoreReader(vectorDb(), tables),
                    embedder(), clock);
        }
        return retrieval;
    }

    /** Scheduled backups of the global location, claimed per slot in the vector database. */
    public synchronized ScheduledBackupUseCase scheduledBackups() {
        tasks();
        return new ScheduledBackups(vectorAdmin(), new PgBackupSlots(vectorDb()), backupDefaults().instance(),
                settings.writerWait());
    }

    public CreateTaskUseCase createTask() {
        return new CreateTaskService(tasks(), workspace, clock, settings.generation().defaults());
    }

    public GetTaskUseCase getTask() {
        return getTaskService();
    }

    public QueryTasksUseCase queryTasks() {
        return getTaskService();
    }

    public DeleteTasksUseCase deleteTasks() {
        return new TaskAdminService(tasks(), workspace);
    }

    public TaskFilesUseCase taskFiles() {
        return new TaskFilesService(tasks(), workspace, clock);
    }

    public TaskLogsUseCase taskLogs() {
        return new TaskLogsService(tasks(), workspace);
    }

    /** Executions run on the executor given to {@link #of}. */
    public synchronized ExecuteTaskUseCase executeTask() {
        if (execute == null) {
            WorkflowRunner runner = new WorkflowRunner(tasks(), workspace, clock, WorkflowSteps.standard(workspace,
                    new PgSchemaInspector(business()), new PgSqlValidator(business()), chatModel(),
                    embedder(), vectorAdmin(), clock, Duration.ZERO, llmWork()), checkpoints);
            execute = new ExecuteTaskService(tasks(), workspace, runner, new VectorManagementPolicy(), executions, clock,
                    journal());
            // cancel requests of other processes reach this one's executions; the scheduler is closed with the pipeline
            cancelWatch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pipeline-cancel-watch");
                t.setDaemon(true);
                return t;
            });
            cancelWatch.scheduleWithFixedDelay(execute::pollCancels, ExecuteTaskService.CANCEL_POLL_MILLIS,
                    ExecuteTaskService.CANCEL_POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return execute;
    }

    /** What an execution would decide (the vector-management policy) and run, without running it. */
    public synchronized PreviewExecutionUseCase previewExecution() {
        executeTask();
        return execute;
    }

    /** Cancels executions, here or in any other process on the same metadata database. */
    public synchronized CancelExecutionUseCase cancelExecution() {
        executeTask();
        return execute;
    }

    /** Stops every execution running in this process (shutdown, Ctrl-C of the CLI). */
    public synchronized void cancelLocalExecutions() {
        if (execute != null) {
            execute.cancelLocal();
        }
    }

    /** Executions with their live progress, and their events. */
    public ExecutionEventsUseCase executionEvents() {
        return new ExecutionEventsService(tasks(), journal());
    }

    private synchronized ExecutionJournal journal() {
        if (journal == null) {
            tasks();
            journal = new PgExecutionJournal(vectorDb());
        }
        return journal;
    }

    /** The tables of a business database the caller names; needs no vector database. */
    public ListBusinessTablesUseCase listBusinessTables() {
        return businessDatabaseService();
    }

    /** One table of a business database as DDL and Markdown, with the language model's comments when asked. */
    public DescribeBusinessTableUseCase describeBusinessTable() {
        return businessDatabaseService();
    }

    /** Table documents of a table list into a folder of the caller's ({@code ddl generate}); needs no vector database. */
    public GenerateDocumentsUseCase generateDocuments() {
        return new GenerateDocumentsService(new LocalFileFolders(), new PgSchemaInspector(business()), chatModel(),
                llmWork(), settings.generation().defaults());
    }

    /** Question-SQL pairs from the documents of a folder or a task ({@code qa generate}), without an execution. */
    public GeneratePairsUseCase generatePairs() {
        return new GeneratePairsService(new LocalFileFolders(), () -> settings.vectorDatabase().isPresent()
                ? Optional.of(tasks()) : Optional.empty(), workspace, chatModel(), llmWork(),
                settings.generation().defaults(), clock);
    }

    /** The SQL of a pairs file of the caller's, validated as {@code sql_validation} does; needs no vector database. */
    public ValidateSqlUseCase validateSql() {
        // a one-off run against a database the caller names: fresh connections, an unreachable one fails at once
        return new ValidateSqlService(new LocalFileFolders(),
                new PgSqlValidator(BusinessDatabases.direct(settings.connectTimeout())),
                chatModel(), clock);
    }

    private synchronized BusinessDatabaseService businessDatabaseService() {
        if (businessDatabase == null) {
            // callers name databases at will: fresh connections, no pool left behind per name
            businessDatabase = new BusinessDatabaseService(
                    new PgSchemaInspector(BusinessDatabases.direct(settings.connectTimeout())), chatModel());
        }
        return businessDatabase;
    }

    /**
     * The chat model, built once: its limiter of requests in flight ({@code PIPELINE_LLM_CONCURRENCY}) is shared by
     * every execution and use case of this process.
     */
    private synchronized Optional<LanguageModel> chatModel() {
        if (chatModel == null) {
            chatModel = ModelSettings.of(settings).languageModel();
        }
        return chatModel;
    }

    /**
     * Where the language-model steps run their tables and themes: a pool whose threads start on first use (none in a
     * constructor), bounded in practice by each execution's concurrency, stopped with the pipeline.
     */
    private synchronized LlmWork llmWork() {
        if (llmUnits == null) {
            AtomicInteger n = new AtomicInteger();
            llmUnits = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "pipeline-llm-unit-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return LlmWork.of(llmUnits, checkpoints, settings.generation().llmConcurrency(), clock);
    }

    /** The pools of the business databases tasks and callers name, closed with the pipeline. */
    private synchronized BusinessDatabases business() {
        if (business == null) {
            // one connection per table documented at once, and one to spare
            business = new BusinessDatabases(Math.max(5, settings.generation().llmConcurrency() + 1),
                    settings.connectTimeout());
        }
        return business;
    }

    /** Marks the tasks a stopped process left in progress as failed (interrupted); returns how many (start-up). */
    public int reconcileInterruptedTasks() {
        return getTaskService().reconcileAll();
    }

    /** One line for the start-up log: database (masked), data directory, models. Never a secret. */
    public String describe() {
        return "database=" + settings.vectorDatabase().map(d -> d.masked()).orElse("none") + " data_dir="
                + settings.dataDirectory() + " chat_model=" + chatModel().map(m -> m.describe()).orElse("none")
                + " llm_concurrency=" + settings.generation().llmConcurrency()
                + " embeddings=" + embedder().describe();
    }

    private synchronized GetTaskService getTaskService() {
        if (getTask == null) {
            getTask = new GetTaskService(tasks(), clock, Optional.of(vectorAdmin()));
        }
        return getTask;
    }

    /**
     * The one thread that fsyncs backup files while their export goes on (one export at a time per store lock); made on
     * first use, shut down by {@link #close}.
     */
    private synchronized java.util.concurrent.ExecutorService backgroundIo() {
        if (backgroundIo == null) {
            backgroundIo = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pipeline-backup-fsync");
                t.setDaemon(true);
                return t;
            });
        }
        return backgroundIo;
    }

    private synchronized VectorAdminService vectorAdmin() {
        if (vectorAdmin == null) {
            vectorAdmin = new VectorAdminService(lazyStore(), tables, dataDir, clock,
                    backupDefaults(), this::executionRunning, backgroundIo(),
                    choice -> ReembedModels.build(settings, choice));
        }
        return vectorAdmin;
    }

    /** Whether a task execution still runs (its backup sets are never pruned); false without a database. */
    private boolean executionRunning(String executionId) {
        if (settings.vectorDatabase().isEmpty()) {
            return false;
        }
        return tasks().findExecution(executionId).map(e -> e.status() == ExecutionStatus.RUNNING).orElse(false);
    }

    /** The encoding, instance name and retention of the sets this process writes. */
    public BackupDefaults backupDefaults() {
        PipelineSettings.Backups b = settings.backups();
        return new BackupDefaults(b.encoding(), b.instance().orElseGet(BackupDefaults::thisProcess),
                new BackupDefaults.Retention(b.keep(), b.maxAge()), b.minFreeBytes());
    }

    /** The vector store, connected on first use. */
    private VectorTableStore lazyStore() {
        return new VectorTableStore() {
            @Override
            public VectorStoreSession openSession(String purpose, Duration lockWait) {
                return vectorStore().openSession(purpose, lockWait);
            }

            @Override
            public CommitStatus statusOf(String transactionId) {
                return vectorStore().statusOf(transactionId);
            }

            @Override
            public String clusterId() {
                return vectorStore().clusterId();
            }

            @Override
            public <T> T rehearse(String purpose, VectorStoreSession.TransactionWork<T> work) {
                return vectorStore().rehearse(purpose, work);
            }

            @Override
            public String describeDatabase() {
                return vectorStore().describeDatabase();
            }
        };
    }

    private synchronized PgConnections vectorDb() {
        if (vectorDb == null) {
            vectorDb = new PgConnections(settings.requireVectorDatabase(), applicationName, 8, settings.connectTimeout(),
                    "the vector database");
        }
        return vectorDb;
    }

    private synchronized PgVectorTableStore vectorStore() {
        if (vectorStore == null) {
            vectorStore = new PgVectorTableStore(vectorDb(), tables, settings.writerWait());
        }
        return vectorStore;
    }

    private synchronized PgTaskRepository tasks() {
        if (tasks == null) {
            tasks = new PgTaskRepository(vectorDb()).migrate();
        }
        return tasks;
    }

    /**
     * The one embedding model of this pipeline (loads, searches and evaluations embed with it): the configured
     * endpoint, or the in-process model by default; closed with the pipeline.
     */
    private synchronized EmbeddingModel embedder() {
        if (embedder == null) {
            embedder = ModelSettings.of(settings).embeddingModel();
        }
        return embedder;
    }

    @Override
    public synchronized void close() {
        if (llmUnits != null) {
            llmUnits.shutdownNow();
        }
        if (cancelWatch != null) {
            cancelWatch.shutdownNow();
        }
        if (backgroundIo != null) {
            backgroundIo.shutdown();
        }
        if (embedder instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the embedding model failed: " + e.getMessage(), e);
            }
        }
        if (business != null) {
            business.close();
        }
        if (vectorDb != null) {
            vectorDb.close();
        }
    }
}
