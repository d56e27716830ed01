package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.BackupCatalog;
import io.datapipeline.vectoradmin.sets.BackupFileNames;
import io.datapipeline.vectoradmin.sets.BackupSetWriter;
import io.datapipeline.vectoradmin.sets.Failures;
import io.datapipeline.vectoradmin.sets.DataDirectory;
import io.datapipeline.vectoradmin.sets.OutcomeResolver;
import io.datapipeline.vectoradmin.sets.SetInspector;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.PruneVectorBackupsCommand;
import io.datapipeline.core.port.in.PruneVectorBackupsUseCase;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.port.in.ReloadVectorStoreUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.core.vector.BackupDefaults;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.PruneReport;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vector-table management: back up (and truncate), reload, dedupe, list, verify and restore the LangChain
 * tables. One implementation for the CLI, the REST API, the workflow's {@code training_load} and library users.
 */
public final class VectorAdminService implements BackupVectorTablesUseCase, ListVectorBackupsUseCase,
        VerifyVectorBackupUseCase, RestoreVectorBackupUseCase, ReloadVectorStoreUseCase, DedupeVectorStoreUseCase,
        PruneVectorBackupsUseCase, io.datapipeline.core.port.in.ReembedVectorStoreUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(VectorAdminService.class);

    private final BackupWriter writer;
    private final BackupCatalog catalog;
    private final Restorer restorer;
    private final Reloader reloader;
    private final Deduper deduper;
    private final Reembedder reembedder;
    private final RestoreDrill drill;
    private final Verifier verifier;
    private final Pruner pruner;
    private final BackupDefaults defaults;
    private final DataDirectory dataDir;

    /**
     * @param store     the vector database
     * @param tables    the configured tables and truncate scope
     * @param dataDir   the data directory
     * @param clock     time source for timestamps and logs
     */
    public VectorAdminService(VectorTableStore store, VectorTables tables,
            DataDirectory dataDir, Clock clock) {
        this(store, tables, dataDir, clock, BackupDefaults.of(BackupDefaults.thisProcess()), id -> false);
    }

    /**
     * @param defaults         encoding, instance name and retention of the sets this service writes
     * @param executionRunning whether a task execution (by id) is still running: its sets are never pruned
     */
    public VectorAdminService(VectorTableStore store, VectorTables tables,
            DataDirectory dataDir, Clock clock, BackupDefaults defaults,
            java.util.function.Predicate<String> executionRunning) {
        this(store, tables, dataDir, clock, defaults, executionRunning, Runnable::run);
    }

    /**
     * @param background where backup files are fsynced while their export goes on; owned (and shut down) by the
     *                   caller, which is the assembly ({@code Runnable::run}: in the exporting thread)
     */
    public VectorAdminService(VectorTableStore store, VectorTables tables,
            DataDirectory dataDir, Clock clock, BackupDefaults defaults,
            java.util.function.Predicate<String> executionRunning, java.util.concurrent.Executor background) {
        this(store, tables, dataDir, clock, defaults, executionRunning, background,
                io.datapipeline.core.port.out.EmbeddingModels.NONE);
    }

    /** @param models builds the models a re-embed moves the store to */
    public VectorAdminService(VectorTableStore store, VectorTables tables,
            DataDirectory dataDir, Clock clock, BackupDefaults defaults,
            java.util.function.Predicate<String> executionRunning, java.util.concurrent.Executor background,
            io.datapipeline.core.port.out.EmbeddingModels models) {
        this.defaults = defaults;
        this.dataDir = dataDir;
        BackupFileNames names = new BackupFileNames(tables);
        SetInspector inspector = new SetInspector(names, dataDir);
        BackupSetWriter sets = new BackupSetWriter(tables, dataDir, names, inspector, clock,
                store::describeDatabase, defaults.instance(), defaults.minFreeBytes(), background);
        this.writer = new BackupWriter(store, tables, sets, defaults);
        this.catalog = new BackupCatalog(tables, dataDir, names, inspector, clock,
                () -> new OutcomeResolver(store::clusterId, store::statusOf));
        this.restorer = new Restorer(store, tables, dataDir, names, catalog);
        this.reloader = new Reloader(store, tables, sets, clock, defaults.encoding());
        this.drill = new RestoreDrill(store, tables);
        this.verifier = new Verifier(tables, catalog, names);
        this.pruner = new Pruner(catalog, verifier, names, dataDir, clock, executionRunning);
        this.deduper = new Deduper(store, sets, tables.embedding().display(), defaults.encoding());
        this.reembedder = new Reembedder(store, tables, sets, dataDir.root(), clock, defaults.encoding(), models);
    }

    @Override
    public io.datapipeline.core.port.in.ReembedReport reembed(io.datapipeline.core.port.in.ReembedVectorStoreCommand
            command) {
        io.datapipeline.core.port.in.ReembedReport report = reembedder.reembed(command);
        if (report.success() && report.backup() != null) {
            retain(BackupLocation.global());
        }
        return report;
    }

    @Override
    public VectorManagementReport backup(BackupVectorTablesCommand command) {
        VectorManagementReport report = writer.backup(command);
        if (report.success()) {
            retain(command.location());
        }
        return report;
    }

    /**
     * A scheduled backup of the global location, recorded with its slot; retention as after any backup.
     *
     * @param scheduleSlot the slot (ISO-8601) this process claimed
     */
    public VectorManagementReport scheduledBackup(String scheduleSlot, Duration lockWait) {
        VectorManagementReport report = writer.backup(new BackupVectorTablesCommand(BackupLocation.global(), false,
                lockWait, TransferProgress.NONE), scheduleSlot);
        if (report.success()) {
            retain(BackupLocation.global());
        }
        return report;
    }

    @Override
    public ReloadReport reload(ReloadVectorStoreCommand command) {
        ReloadReport report = reloader.reload(command);
        if (report.success() && command.backup()) {
            retain(BackupLocation.ofTask(command.taskId()));
        }
        return report;
    }

    /** Automatic retention after a successful backup; its failures are logged, never the backup's. */
    private void retain(BackupLocation location) {
        BackupDefaults.Retention r = defaults.retention();
        if (!r.enabled()) {
            return;
        }
        try {
            PruneReport pruned = pruner.prune(new PruneVectorBackupsCommand(Optional.of(location), r.keep(), r.maxAge(),
                    false, true));
            if (!pruned.selected().isEmpty() || !pruned.errors().isEmpty()) {
                LOG.info("retention in {}: deleted {} set(s) ({} bytes){}", location, pruned.selected().size(),
                        pruned.bytes(), pruned.errors().isEmpty() ? "" : "; errors: " + pruned.errors());
            }
        } catch (RuntimeException e) {
            LOG.warn("retention in {} failed (the backup itself succeeded): {}", location, Failures.message(e));
        }
    }

    @Override
    public PruneReport prune(PruneVectorBackupsCommand command) {
        return pruner.prune(command);
    }

    @Override
    public PruneReport delete(BackupLocation location, BackupTimestamp timestamp) {
        return pruner.delete(location, timestamp);
    }

    @Override
    public DedupeReport dedupe(boolean apply, Duration lockWait, TransferProgress progress) {
        return deduper.dedupe(apply, lockWait, progress);
    }

    @Override
    public BackupListing list(Optional<TaskId> taskId, boolean globalOnly) {
        return catalog.list(taskId, globalOnly);
    }

    @Override
    public BackupLocation locationOf(String path, String field) {
        return dataDir.locationOf(path, field);
    }

    @Override
    public Optional<BackupFile> file(BackupLocation location, String fileName) {
        return catalog.file(location, fileName);
    }

    @Override
    public VerifyReport verify(BackupLocation location, BackupTimestamp timestamp, boolean restoreTest) {
        return verifier.verify(location, timestamp, restoreTest ? drill : null);
    }

    @Override
    public RestoreReport restore(RestoreVectorBackupCommand command) {
        return restorer.restore(command);
    }
}
