package io.datapipeline.cli.wiring;

import io.datapipeline.assembly.Pipeline;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.ValidateSqlUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The CLI's object graph: its sources of settings turned into {@link PipelineSettings}, and the one assembly
 * ({@link Pipeline}) built from them on first use. Executions run in the command's own thread. The only place of
 * the CLI that names the assembly.
 */
public final class CliApplication implements AutoCloseable {

    private final Map<String, String> env;
    private Path dataDirOverride;
    private Pipeline pipeline;

    public CliApplication(Map<String, String> env) {
        this.env = env;
    }

    /** Uses another data directory for this invocation (workflow run --output-dir). */
    public synchronized void overrideDataDir(Path dir) {
        this.dataDirOverride = dir.toAbsolutePath().normalize();
    }

    private synchronized Pipeline pipeline(SettingsInput input) {
        if (pipeline == null) {
            PipelineSettings s = Settings.resolve(input, env);
            if (dataDirOverride != null) {
                s = s.withDataDirectory(dataDirOverride.toString());
            }
            pipeline = Pipeline.of(s, "data-pipeline-cli", Runnable::run, Clock.systemDefaultZone());
        }
        return pipeline;
    }

    /** The data directory these settings name (absolute). */
    public Path dataDirectory(SettingsInput input) {
        return Path.of(pipeline(input).settings().dataDirectory());
    }

    public BackupVectorTablesUseCase backupVectorTables(SettingsInput input) {
        return pipeline(input).backupVectorTables();
    }

    public ListVectorBackupsUseCase listVectorBackups(SettingsInput input) {
        return pipeline(input).listVectorBackups();
    }

    public VerifyVectorBackupUseCase verifyVectorBackup(SettingsInput input) {
        return pipeline(input).verifyVectorBackup();
    }

    public RestoreVectorBackupUseCase restoreVectorBackup(SettingsInput input) {
        return pipeline(input).restoreVectorBackup();
    }

    public DedupeVectorStoreUseCase dedupeVectorStore(SettingsInput input) {
        return pipeline(input).dedupeVectorStore();
    }

    public io.datapipeline.core.port.in.PruneVectorBackupsUseCase pruneVectorBackups(SettingsInput input) {
        return pipeline(input).pruneVectorBackups();
    }

    public io.datapipeline.core.port.in.ReembedVectorStoreUseCase reembedVectorStore(SettingsInput input) {
        return pipeline(input).reembedVectorStore();
    }

    public io.datapipeline.core.port.in.SearchVectorStoreUseCase searchVectorStore(SettingsInput input) {
        return pipeline(input).searchVectorStore();
    }

    public io.datapipeline.core.port.in.InspectVectorStoreUseCase inspectVectorStore(SettingsInput input) {
        return pipeline(input).inspectVectorStore();
    }

    public io.datapipeline.core.port.in.EvaluateRetrievalUseCase evaluateRetrieval(SettingsInput input) {
        return pipeline(input).evaluateRetrieval();
    }

    public io.datapipeline.core.port.in.RetrievalHistoryUseCase retrievalHistory(SettingsInput input) {
        return pipeline(input).retrievalHistory();
    }

    /** The tables of a business database the caller names (task create checks that it answers). */
    public io.datapipeline.core.port.in.ListBusinessTablesUseCase listBusinessTables(SettingsInput input) {
        return pipeline(input).listBusinessTables();
    }

    public CreateTaskUseCase createTask(SettingsInput input) {
        return pipeline(input).createTask();
    }

    public GetTaskUseCase getTask(SettingsInput input) {
        return pipeline(input).getTask();
    }

    public io.datapipeline.core.port.in.QueryTasksUseCase queryTasks(SettingsInput input) {
        return pipeline(input).queryTasks();
    }

    public io.datapipeline.core.port.in.TaskLogsUseCase taskLogs(SettingsInput input) {
        return pipeline(input).taskLogs();
    }

    public io.datapipeline.core.port.in.TaskFilesUseCase taskFiles(SettingsInput input) {
        return pipeline(input).taskFiles();
    }

    public io.datapipeline.core.port.in.DeleteTasksUseCase deleteTasks(SettingsInput input) {
        return pipeline(input).deleteTasks();
    }

    public io.datapipeline.core.port.in.CancelExecutionUseCase cancelExecution(SettingsInput input) {
        return pipeline(input).cancelExecution();
    }

    public io.datapipeline.core.port.in.ExecutionEventsUseCase executionEvents(SettingsInput input) {
        return pipeline(input).executionEvents();
    }

    /** Stops the executions this process runs (Ctrl-C, SIGTERM): they roll back what they were doing. */
    public synchronized void cancelLocalExecutions() {
        if (pipeline != null) {
            pipeline.cancelLocalExecutions();
        }
    }

    /** Validates a pairs file of the caller's against a business database; needs no vector database. */
    public ValidateSqlUseCase validateSql(SettingsInput input) {
        return pipeline(input).validateSql();
    }

    /** Documents a table list into a folder (ddl generate); needs no vector database. */
    public io.datapipeline.core.port.in.GenerateDocumentsUseCase generateDocuments(SettingsInput input) {
        return pipeline(input).generateDocuments();
    }

    /** Generates pairs from the documents of a folder or a task (qa generate). */
    public io.datapipeline.core.port.in.GeneratePairsUseCase generatePairs(SettingsInput input) {
        return pipeline(input).generatePairs();
    }

    /** Executes in this process: the call returns when the run has ended. */
    public ExecuteTaskUseCase executeTask(SettingsInput input) {
        return pipeline(input).executeTask();
    }

    @Override
    public synchronized void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
