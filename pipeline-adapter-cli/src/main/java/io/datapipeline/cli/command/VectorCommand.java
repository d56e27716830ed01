package io.datapipeline.cli.command;

import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline vector ...}: back up, truncate, list, verify and restore the LangChain tables; see what the
 * assistant retrieves from them ({@link StoreCommands}).
 */
@Command(name = "vector", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline vector list", "  pipeline vector truncate --task-id task_20250721_113010 --json"},
        description = "Back up, truncate, list, verify and restore the LangChain pgvector tables; search and evaluate what the assistant retrieves from them.",
        subcommands = {VectorCommand.Backup.class, VectorCommand.Truncate.class, VectorCommand.ListSets.class,
            VectorCommand.Verify.class, VectorCommand.Restore.class, VectorCommand.Dedupe.class,
            VectorCommand.Prune.class, VectorCommand.Delete.class, VectorReembedCommand.class,
            StoreCommands.Collections.class,
            StoreCommands.Search.class, StoreCommands.Evaluate.class})
public final class VectorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final List<String> TABLE_ORDER = VectorTables.langchainDefaults().all().stream()
            .map(t -> t.display()).toList();

    /** {@code --wait[=SECONDS]}: wait for the store lock instead of failing with exit code 3. */
    static final class WaitOption {
        @Option(names = "--wait", arity = "0..1", fallbackValue = "86400", paramLabel = "SECONDS",
                description = "Wait for the vector store lock (up to SECONDS, default: a day) instead of exiting with 3 when busy.")
        Long seconds;

        Duration duration() {
            return seconds == null ? Duration.ZERO : Duration.ofSeconds(Math.max(0, seconds));
        }
    }

    /** {@code --format csv|binary --compress none|zstd}: the encoding of a new set (default: the configured one). */
    static final class EncodingOptions {
        @Option(names = "--format", paramLabel = "csv|binary", description = "Data file format: csv (byte-identical to "
                + "psql \\copy, the original's) or binary (PostgreSQL's binary COPY: faster, about a third of the bytes). "
                + "Default: PIPELINE_BACKUP_FORMAT, else csv.")
        String format;

        @Option(names = "--compress", paramLabel = "none|zstd", description = "Compress the data files with zstd "
                + "(.zst appended). Default: PIPELINE_BACKUP_COMPRESS, else none.")
        String compress;

        /** The format asked for, or {@code null} for the configured default. */
        io.datapipeline.core.domain.BackupFormat format() {
            return format == null ? null : io.datapipeline.core.domain.BackupFormat.fromWire(format, "--format");
        }

        /** The compression asked for, or {@code null} for the configured default. */
        io.datapipeline.core.domain.Compression compression() {
            return compress == null ? null : io.datapipeline.core.domain.Compression.fromWire(compress, "--compress");
        }
    }

    /** {@code --task-id ID | --global}. */
    static final class LocationChoice {
        @Option(names = "--task-id", paramLabel = "ID", required = true, description = "The task's backup folder <data-dir>/<ID>/vector_bak/.")
        String taskId;

        @Option(names = "--global", required = true, description = "The global backup folder <data-dir>/vector_bak/.")
        boolean global;

        BackupLocation location() {
            return taskId == null ? BackupLocation.global() : BackupLocation.ofTask(TaskId.parse(taskId));
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Back up langchain_pg_collection and langchain_pg_embedding into a new backup set.",
                "Both tables are exported from one snapshot; with --truncate the embedding table is emptied in the same "
                        + "transaction, writers are held back until it commits, and nothing is truncated unless the "
                        + "backup is complete."},
            footer = {"%nExamples:", "  pipeline vector backup --db-url postgresql://app@db:5432/vectors",
                "  pipeline vector backup --task-id task_20250721_113010 --truncate --json"})
    static final class Backup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", paramLabel = "ID", description = "Write into <data-dir>/<ID>/vector_bak/ (default: the global folder).")
        String taskId;

        @Option(names = "--truncate", description = "Also truncate langchain_pg_embedding, in the same transaction.")
        boolean truncate;

        @ArgGroup(exclusive = false)
        EncodingOptions encoding = new EncodingOptions();

        @ArgGroup(exclusive = false)
        WaitOption wait = new WaitOption();

        @Option(names = "--json", description = "Print the vector_management report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            return runBackup(spec, taskId, truncate, encoding, wait, json);
        }
    }

    @Command(name = "truncate", mixinStandardHelpOptions = true,
            description = {"Back up both tables, then truncate langchain_pg_embedding, in one transaction.",
                "The same as 'vector backup --truncate': there is no truncate without a backup."},
            footer = {"%nExample:", "  pipeline vector truncate --task-id task_20250721_113010 --json"})
    static final class Truncate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--task-id", paramLabel = "ID", description = "Write the backup into <data-dir>/<ID>/vector_bak/.")
        String taskId;

        @ArgGroup(exclusive = false)
        EncodingOptions encoding = new EncodingOptions();

        @ArgGroup(exclusive = false)
        WaitOption wait = new WaitOption();

        @Option(names = "--json", description = "Print the vector_management report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            return runBackup(spec, taskId, true, encoding, wait, json);
        }
    }

    static int runBackup(CommandSpec spec, String taskId, boolean truncate, EncodingOptions encoding, WaitOption wait,
            boolean json) {
        BackupLocation location = BackupLocation.of(Optional.ofNullable(taskId).map(TaskId::parse));
        BackupVectorTablesCommand cmd = new BackupVectorTablesCommand(location, truncate,
                wait == null ? Duration.ZERO : wait.duration(), TerminalProgress.forTerminal(spec.commandLine().getErr(),
                json), encoding == null ? null : encoding.format(), encoding == null ? null : encoding.compression());
        VectorManagementReport report = CommandSupport.app(spec).backupVectorTables(CommandSupport.settings(spec))
                .backup(cmd);
        if (json) {
            CommandSupport.printJson(spec, report);
        } else {
            Render.backup(spec.commandLine().getOut(), report, TABLE_ORDER);
        }
        return CommandSupport.exitCode(report.kind());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List backup sets, newest first, per location, with what their manifests say.",
            footer = {"%nExamples:", "  pipeline vector list", "  pipeline vector list --global",
                "  pipeline vector list --task-id task_20250721_113010 --json"})
    static final class ListSets implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        Scope scope;

        static final class Scope {
            @Option(names = "--task-id", paramLabel = "ID", description = "Only this task's folder.")
            String taskId;

            @Option(names = {"--global", "--global-only"}, description = "Only the global folder (--global-only is "
                    + "the same, the REST API's global_only).")
            boolean globalOnly;
        }

        @Option(names = "--json", description = "Print the listing as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            Optional<TaskId> task = scope == null ? Optional.empty() : Optional.ofNullable(scope.taskId).map(TaskId::parse);
            boolean globalOnly = scope != null && scope.globalOnly;
            BackupListing listing = CommandSupport.app(spec).listVectorBackups(CommandSupport.settings(spec))
                    .list(task, globalOnly);
            if (json) {
                CommandSupport.printJson(spec, listing);
            } else {
                Render.listing(spec.commandLine().getOut(), listing);
            }
            return CommandSupport.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-read a backup set and check sizes, SHA-256 checksums, row counts and headers against its manifest.",
            footer = {"%nExamples:", "  pipeline vector verify --global --timestamp 20250721_113010",
                "  pipeline vector verify --global --timestamp 20250721_113010 --restore-test"})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        LocationChoice where;

        @Option(names = "--timestamp", required = true, paramLabel = "YYYYMMDD_HHMMSS", description = "The backup set.")
        String timestamp;

        @Option(names = "--restore-test", description = "Also restore the set into a scratch schema of the target "
                + "database, in a transaction that always rolls back, and compare row counts and content digests with "
                + "the manifest (the live tables are never touched).")
        boolean restoreTest;

        @Option(names = "--json", description = "Print the verification report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            BackupLocation location = where.location();
            BackupTimestamp ts = BackupTimestamp.parse(timestamp);
            VerifyReport report = CommandSupport.app(spec).verifyVectorBackup(CommandSupport.settings(spec))
                    .verify(location, ts, restoreTest);
            if (json) {
                CommandSupport.printJson(spec, report);
            } else {
                Render.verify(spec.commandLine().getOut(), report);
            }
            return CommandSupport.exitCode(report.kind());
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore a backup set in one transaction (collection before embedding).",
                "Without --truncate-before-restore rows are appended and rows whose key exists are skipped and counted; "
                        + "with it both tables are replaced. A failure anywhere leaves the tables as they were. "
                        + "Sets made by the original Python tool (no manifest) are accepted and converted."},
            footer = {"%nExamples:", "  pipeline vector restore --global --timestamp 20250721_113010",
                "  pipeline vector restore --task-id task_20250721_113010 --timestamp 20250721_113010 --truncate-before-restore",
                "  pipeline vector restore --global --timestamp 20250721_113010 --collections sql --truncate-before-restore",
                "  pipeline vector restore --global --timestamp 20250721_113010 --truncate-before-restore --exclusive"})
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        LocationChoice where;

        @Option(names = "--timestamp", required = true, paramLabel = "YYYYMMDD_HHMMSS", description = "The backup set.")
        String timestamp;

        @Option(names = "--tables", split = ",", paramLabel = "TABLE",
                description = "Restore only these tables (langchain_pg_collection, langchain_pg_embedding).")
        List<String> tables;

        @Option(names = "--truncate-before-restore", description = "Replace: remove the tables' rows first, in the same transaction.")
        boolean replace;

        @Option(names = "--force", description = "Restore a set listed as incomplete (its transaction rolled back or its "
                + "outcome is unknown); checksums are still verified.")
        boolean force;

        @Option(names = "--collections", split = ",", paramLabel = "NAME",
                description = "Restore only the rows of these collections (e.g. sql,ddl); with --truncate-before-restore "
                        + "only their rows are replaced and the other collections stay as they are.")
        List<String> collections;

        @Option(names = "--exclusive", description = "With --truncate-before-restore: empty the tables with TRUNCATE "
                + "instead of DELETE. Faster on large stores, but the tables stay locked until the restore commits, so "
                + "the assistant's queries wait meanwhile. Not with --collections.")
        boolean exclusive;

        @ArgGroup(exclusive = false)
        WaitOption wait = new WaitOption();

        @Option(names = "--json", description = "Print the restore report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            BackupLocation location = where.location();
            BackupTimestamp ts = BackupTimestamp.parse(timestamp);
            RestoreVectorBackupCommand cmd = new RestoreVectorBackupCommand(location, ts, tables, replace, force,
                    wait == null ? Duration.ZERO : wait.duration(),
                    TerminalProgress.forTerminal(spec.commandLine().getErr(), json), collections, exclusive);
            RestoreReport report = CommandSupport.app(spec).restoreVectorBackup(CommandSupport.settings(spec)).restore(cmd);
            if (json) {
                CommandSupport.printJson(spec, report);
            } else {
                Render.restore(spec.commandLine().getOut(), report);
            }
            return CommandSupport.exitCode(report.kind());
        }
    }

    @Command(name = "dedupe", mixinStandardHelpOptions = true,
            description = {"Find, and with --apply remove, duplicate (collection, document) rows that older loads or "
                    + "other tools left in langchain_pg_embedding, keeping one row of each.",
                "Without --apply (or with --dry-run) it only reports what it would remove. With --apply both tables are "
                        + "backed up into the global folder first, in the same transaction as the removal."},
            footer = {"%nExamples:", "  pipeline vector dedupe", "  pipeline vector dedupe --apply --json"})
    static final class Dedupe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        Mode mode;

        static final class Mode {
            @Option(names = "--dry-run", description = "Only report the duplicates (the default).")
            boolean dryRun;

            @Option(names = "--apply", description = "Back up, then remove the duplicates, in one transaction.")
            boolean apply;
        }

        @ArgGroup(exclusive = false)
        WaitOption wait = new WaitOption();

        @Option(names = "--json", description = "Print the dedupe report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            boolean apply = mode != null && mode.apply;
            io.datapipeline.core.vector.DedupeReport report = CommandSupport.app(spec)
                    .dedupeVectorStore(CommandSupport.settings(spec)).dedupe(apply,
                            wait == null ? Duration.ZERO : wait.duration(),
                            TerminalProgress.forTerminal(spec.commandLine().getErr(), json));
            if (json) {
                CommandSupport.printJson(spec, report);
            } else {
                Render.dedupe(spec.commandLine().getOut(), report, apply);
            }
            return CommandSupport.exitCode(report.kind());
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Delete old or unusable backup sets. Without --apply it only prints what it would delete.",
                "Complete sets go when every rule given allows it (outside the newest --keep, older than --max-age); "
                        + "incomplete and damaged sets only with --incomplete. Never deleted: the newest complete set of a "
                        + "location that verifies, a set being restored, a set a running execution took, and a set whose "
                        + "transaction's outcome is unknown."},
            footer = {"%nExamples:", "  pipeline vector prune --all --keep 5",
                "  pipeline vector prune --global --max-age 30d --apply",
                "  pipeline vector prune --task-id task_20250721_113010 --incomplete --apply --json"})
    static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        static final class Scope {
            @Option(names = "--task-id", paramLabel = "ID", required = true, description = "This task's folder.")
            String taskId;

            @Option(names = "--global", required = true, description = "The global folder.")
            boolean global;

            @Option(names = "--all", required = true, description = "The global folder and every task's folder.")
            boolean all;
        }

        @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N complete sets of each location.")
        Integer keep;

        @Option(names = "--max-age", paramLabel = "AGE", description = "Only sets older than AGE (e.g. 30d, 12h, 2w).")
        String maxAge;

        @Option(names = "--incomplete", description = "Also delete incomplete and damaged sets.")
        boolean incomplete;

        @Option(names = "--apply", description = "Delete; without it, only print what would be deleted.")
        boolean apply;

        @Option(names = "--json", description = "Print the prune report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            if (keep == null && maxAge == null && !incomplete) {
                throw io.datapipeline.core.domain.InvalidInputException.missing("--keep", "say what to prune: --keep N "
                        + "(keep the newest N complete sets), --max-age AGE (older than AGE, e.g. 30d), --incomplete "
                        + "(incomplete and damaged sets), or several");
            }
            Optional<BackupLocation> location = scope.all ? Optional.empty() : Optional.of(scope.global
                    ? BackupLocation.global() : BackupLocation.ofTask(TaskId.parse(scope.taskId)));
            io.datapipeline.core.port.in.PruneVectorBackupsCommand cmd = new io.datapipeline.core.port.in
                    .PruneVectorBackupsCommand(location, Optional.ofNullable(keep), Optional.ofNullable(maxAge)
                            .map(a -> io.datapipeline.core.domain.PipelineSettings.parseAge(a, "--max-age")), incomplete,
                            apply);
            io.datapipeline.core.vector.PruneReport report = CommandSupport.app(spec)
                    .pruneVectorBackups(CommandSupport.settings(spec)).prune(cmd);
            if (json) {
                CommandSupport.printJson(spec, report);
            } else {
                Render.prune(spec.commandLine().getOut(), report);
            }
            return CommandSupport.exitCode(report.kind());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete one backup set (every file of it). Needs --yes.",
                "Refused for the newest complete, verified set of its location, a set being restored, a set a running "
                        + "execution took, and a set whose transaction's outcome is unknown."},
            footer = {"%nExample:", "  pipeline vector delete --global --timestamp 20250721_113010 --yes"})
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        LocationChoice where;

        @Option(names = "--timestamp", required = true, paramLabel = "YYYYMMDD_HHMMSS", description = "The backup set.")
        String timestamp;

        @Option(names = "--yes", description = "Confirm the deletion.")
        boolean yes;

        @Option(names = "--json", description = "Print the report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            BackupTimestamp ts = BackupTimestamp.parse(timestamp);
            if (!yes) {
                throw io.datapipeline.core.domain.InvalidInputException.missing("--yes", "deleting backup set " + ts
                        + " cannot be undone; add --yes to confirm");
            }
            io.datapipeline.core.vector.PruneReport report = CommandSupport.app(spec)
                    .pruneVectorBackups(CommandSupport.settings(spec)).delete(where.location(), ts);
            if (json) {
                CommandSupport.printJson(spec, report);
            } else {
                Render.prune(spec.commandLine().getOut(), report);
            }
            return CommandSupport.OK;
        }
    }
}
