package io.datapipeline.rest.api;

import io.datapipeline.core.domain.AccessPolicy;
import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.BackupVectorTablesCommand;
import io.datapipeline.core.port.in.BackupVectorTablesUseCase;
import io.datapipeline.core.port.in.DedupeVectorStoreUseCase;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.RestoreVectorBackupCommand;
import io.datapipeline.core.port.in.RestoreVectorBackupUseCase;
import io.datapipeline.core.port.in.TargetVectorDatabaseUseCase;
import io.datapipeline.core.port.in.VerifyVectorBackupUseCase;
import io.datapipeline.core.port.in.PruneVectorBackupsCommand;
import io.datapipeline.core.port.in.PruneVectorBackupsUseCase;
import io.datapipeline.core.domain.BackupFormat;
import io.datapipeline.core.domain.Compression;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.vector.PruneReport;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.BackupLocation;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.core.vector.VerifyReport;
import io.datapipeline.wire.VectorShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Vector-table management over HTTP. Backup sets are addressed by location (a task id, or global) and
 * timestamp, never by a path. Operations run synchronously and answer 200 only when they did everything;
 * a failure is a 500 with the report (nothing half-done is kept), a busy store a 409.
 */
@Controller("/api/v0/data_pipeline/vector")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VectorController {

    private static final List<String> ORDER = VectorTables.langchainDefaults().all().stream().map(t -> t.display())
            .toList();

    private final BackupVectorTablesUseCase backup;
    private final ListVectorBackupsUseCase list;
    private final VerifyVectorBackupUseCase verify;
    private final PruneVectorBackupsUseCase prune;
    private final RestoreVectorBackupUseCase restore;
    private final DedupeVectorStoreUseCase dedupe;
    private final GetTaskUseCase tasks;
    private final TargetVectorDatabaseUseCase targets;

    public VectorController(BackupVectorTablesUseCase backup, ListVectorBackupsUseCase list,
            VerifyVectorBackupUseCase verify, RestoreVectorBackupUseCase restore, DedupeVectorStoreUseCase dedupe,
            PruneVectorBackupsUseCase prune, GetTaskUseCase tasks, TargetVectorDatabaseUseCase targets) {
        this.targets = targets;
        this.tasks = tasks;
        this.prune = prune;
        this.backup = backup;
        this.list = list;
        this.verify = verify;
        this.restore = restore;
        this.dedupe = dedupe;
    }

    /**
     * Reports (dry run, the default) or removes duplicate (collection, document) rows after a backup. A dry run needs
     * scope read, {@code "apply": true} scope admin.
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = @ExtensionProperty(name = "apply",
            value = "true")))
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/dedupe", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> dedupe(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("apply", "dry_run", "wait_seconds"));
        boolean apply = in.bool("apply", false);
        if (apply && in.bool("dry_run", false)) {
            throw InvalidInputException.invalid("dry_run", "apply and dry_run contradict each other; give one");
        }
        if (apply) {
            Access.require(request, AccessPolicy.dedupe(true));
        }
        DedupeReport report = dedupe.dedupe(apply, Duration.ofSeconds(in.integer("wait_seconds", 0, 0, 3600)), null);
        Map<String, Object> data = VectorShapes.dedupe(report);
        if (!report.success()) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, report.outcome() == CommitOutcome.UNKNOWN
                    ? "commit_outcome_unknown" : "internal_error", report.error(), null, Map.of("dedupe", data));
        }
        return Envelope.ok(data, report.total() == 0 ? "no duplicate rows found" : apply
                ? "removed " + report.total() + " duplicate row(s) after a backup"
                : "dry run: " + report.total() + " duplicate row(s) would be removed");
    }

    /**
     * Backs up both vector tables into a new set (scope execute, into the global location or the folder of an existing
     * task); with {@code "truncate_vector_tables": true} it also empties the embedding table in the same transaction
     * (scope admin); a {@code task_id} that no task has makes a new folder (scope admin); {@code db_connection} names
     * another vector database than the configured one to back up (scope admin). {@code "backup_vector_tables": false}
     * (the original's switch) does nothing and says so. 507 when the data directory is below its free-space floor.
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = {
        @ExtensionProperty(name = "truncate_vector_tables", value = "true"),
        @ExtensionProperty(name = "task_id", value = "a task id no task has (a new folder)"),
        @ExtensionProperty(name = "db_connection", value = "another vector database than the configured one")}))
    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/backup", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> backup(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("task_id", "truncate_vector_tables", "backup_vector_tables",
                "db_connection", "wait_seconds", "format", "compress"));
        boolean truncate = in.bool("truncate_vector_tables", false);
        Optional<TaskId> taskId = Optional.ofNullable(in.string("task_id")).map(TaskId::parse);
        Optional<DatabaseUrl> target = target(in);
        if (!in.bool("backup_vector_tables", true)) {
            if (truncate) {
                throw InvalidInputException.invalid("backup_vector_tables", "backup_vector_tables false and "
                        + "truncate_vector_tables true contradict each other: there is no truncate without a backup");
            }
            Map<String, Object> nothing = new LinkedHashMap<>();
            nothing.put("backup_performed", false);
            nothing.put("truncate_performed", false);
            return Envelope.ok(nothing, "nothing done: backup_vector_tables is false");
        }
        boolean other = target.isPresent() && !targets.isConfigured(target.get());
        Access.require(request, AccessPolicy.backup(truncate, taskId.isPresent() && tasks.get(taskId.get()).isEmpty(),
                other));
        BackupLocation location = BackupLocation.of(taskId);
        String format = in.string("format");
        String compress = in.string("compress");
        BackupVectorTablesCommand command = new BackupVectorTablesCommand(location, truncate,
                Duration.ofSeconds(in.integer("wait_seconds", 0, 0, 3600)), null,
                format == null ? null : BackupFormat.fromWire(format, "format"),
                compress == null ? null : Compression.fromWire(compress, "compress"));
        VectorManagementReport report;
        if (other) {
            try (TargetVectorDatabaseUseCase.Target t = targets.open(target.get())) {
                report = t.backup().backup(command);
            }
        } else {
            report = backup.backup(command);
        }
        Map<String, Object> data = VectorShapes.vectorManagement(report);
        if (report.commitOutcome() == CommitOutcome.UNKNOWN) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "commit_outcome_unknown", "the answer to COMMIT was "
                    + "lost and the database could not tell whether it committed; backup set " + report.timestamp()
                    + " is kept: " + String.join("; ", report.errors()), null, Map.of("vector_management", data));
        }
        if (!report.success()) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "vector table backup failed and "
                    + "was rolled back; nothing was truncated and no file of the set was kept", null,
                    Map.of("vector_management", data));
        }
        return Envelope.ok(data, "vector table backup complete" + (report.truncatePerformed() ? " and table truncated" : "")
                + (other ? " (of " + target.get().masked() + ")" : ""));
    }

    /** The caller's {@code db_connection}: the vector database to work on, when it names one. */
    private static Optional<DatabaseUrl> target(JsonBody in) {
        return Optional.ofNullable(in.filter("db_connection")).map(u -> DatabaseUrl.parse(u, "db_connection"));
    }

    /**
     * The backup sets, newest first per location (scope read); {@code db_connection} names another vector database
     * than the configured one, whose commit outcomes the listing asks (scope admin).
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = @ExtensionProperty(
            name = "db_connection", value = "another vector database than the configured one")))
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/restore/list", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> listBackups(HttpRequest<?> request,
            @Nullable @QueryValue("task_id") String taskId, @Nullable @QueryValue("global_only") String globalOnly,
            @Nullable @QueryValue("db_connection") String dbConnection) {
        Optional<TaskId> task = Optional.ofNullable(taskId).filter(t -> !t.isBlank()).map(TaskId::parse);
        boolean global = Params.bool("global_only", globalOnly, false);
        Optional<DatabaseUrl> target = Optional.ofNullable(dbConnection).filter(u -> !u.isBlank())
                .map(u -> DatabaseUrl.parse(u, "db_connection"));
        boolean other = target.isPresent() && !targets.isConfigured(target.get());
        Access.require(request, AccessPolicy.listBackups(other));
        BackupListing listing;
        if (other) {
            try (TargetVectorDatabaseUseCase.Target t = targets.open(target.get())) {
                listing = t.list().list(task, global);
            }
        } else {
            listing = list.list(task, global);
        }
        return Envelope.ok(VectorShapes.listing(listing), listing.totalBackupSets() == 0 ? "no backup sets found"
                : "found " + listing.locations().size() + " backup location(s) with " + listing.totalBackupSets()
                        + " backup set(s)");
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/verify", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> verify(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("task_id", "timestamp", "restore_test"));
        BackupLocation location = BackupLocation.of(Optional.ofNullable(in.string("task_id")).map(TaskId::parse));
        VerifyReport report = verify.verify(location, BackupTimestamp.parse(in.string("timestamp")),
                in.bool("restore_test", false));
        return Envelope.ok(VectorShapes.verify(report), "backup set " + report.summary());
    }

    /**
     * Restores a set (scope admin), addressed by {@code task_id} (or none: global) or, as the original did, by
     * {@code backup_path}, a backup folder inside the data directory; {@code db_connection} restores into another vector
     * database than the configured one.
     */
    @SecurityRequirement(name = Access.SCHEME, scopes = "admin")
    @RequiredScope(ApiScope.ADMIN)
    @Post(uri = "/restore", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> restore(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("task_id", "backup_path", "timestamp", "tables",
                "truncate_before_restore", "db_connection", "wait_seconds", "force", "collections", "exclusive"));
        BackupLocation location = restoreLocation(in);
        Optional<DatabaseUrl> target = target(in);
        boolean other = target.isPresent() && !targets.isConfigured(target.get());
        if (other) {
            Access.require(request, AccessPolicy.otherVectorDatabase());
        }
        RestoreVectorBackupCommand command = new RestoreVectorBackupCommand(location,
                BackupTimestamp.parse(in.string("timestamp")), in.strings("tables", false),
                in.bool("truncate_before_restore", false), in.bool("force", false),
                Duration.ofSeconds(in.integer("wait_seconds", 0, 0, 3600)), null, in.strings("collections", true),
                in.bool("exclusive", false));
        RestoreReport report;
        if (other) {
            try (TargetVectorDatabaseUseCase.Target t = targets.open(target.get())) {
                report = t.restore().restore(command);
            }
        } else {
            report = restore.restore(command);
        }
        if (report.commitOutcome() == CommitOutcome.UNKNOWN) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "commit_outcome_unknown", "the answer to COMMIT was "
                    + "lost and the database could not tell whether the restore committed: "
                    + String.join("; ", report.errors()), null, Map.of("restore", VectorShapes.restore(report)));
        }
        if (!report.success()) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "vector table restore failed and "
                    + "was rolled back; the tables are as they were", null, Map.of("restore", VectorShapes.restore(report)));
        }
        return Envelope.ok(VectorShapes.restore(report), "vector table restore complete"
                + (other ? " (into " + target.get().masked() + ")" : ""));
    }

    /** {@code task_id} (or none: global), or the original's {@code backup_path}; both only when they agree. */
    private BackupLocation restoreLocation(JsonBody in) {
        BackupLocation byId = BackupLocation.of(Optional.ofNullable(in.string("task_id")).map(TaskId::parse));
        if (in.filter("backup_path") == null) {
            return byId;
        }
        BackupLocation byPath = list.locationOf(in.string("backup_path"), "backup_path");
        if (in.has("task_id") && !byPath.equals(byId)) {
            throw InvalidInputException.invalid("backup_path", "backup_path names " + byPath + " but task_id names "
                    + byId + "; give one of them");
        }
        return byPath;
    }

    /**
     * Lists (dry run, scope read) or deletes ({@code "apply": true}, scope admin) the sets the retention rules select.
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = @ExtensionProperty(name = "apply",
            value = "true")))
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/prune", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> prune(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("task_id", "global", "all", "keep", "max_age", "incomplete",
                "apply"));
        Optional<BackupLocation> location = scope(in);
        boolean apply = in.bool("apply", false);
        if (apply) {
            Access.require(request, AccessPolicy.prune(true));
        }
        Integer keep = in.has("keep") ? in.integer("keep", 0, 1, 1_000_000) : null;
        String maxAge = in.string("max_age");
        PruneReport report = prune.prune(new PruneVectorBackupsCommand(location, Optional.ofNullable(keep),
                Optional.ofNullable(maxAge).map(a -> PipelineSettings.parseAge(a, "max_age")),
                in.bool("incomplete", false), apply));
        Map<String, Object> data = VectorShapes.prune(report);
        if (!report.success()) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "prune could not delete every set "
                    + "it selected: " + String.join("; ", report.errors()), null, Map.of("prune", data));
        }
        return Envelope.ok(data, (report.applied() ? "deleted " : "dry run: would delete ") + report.selected().size()
                + " backup set(s)" + (report.kept().isEmpty() ? "" : ", kept " + report.kept().size() + " protected"));
    }

    /** Deletes one set; refused (409) for a protected one. */
    @SecurityRequirement(name = Access.SCHEME, scopes = "admin")
    @RequiredScope(ApiScope.ADMIN)
    @Post(uri = "/delete", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> delete(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("task_id", "global", "timestamp", "yes"));
        Optional<BackupLocation> location = scope(in);
        if (location.isEmpty()) {
            throw InvalidInputException.invalid("all", "delete removes one set: give task_id or global, not all");
        }
        BackupTimestamp ts = BackupTimestamp.parse(in.requiredString("timestamp"));
        if (!in.bool("yes", false)) {
            throw InvalidInputException.missing("yes", "deleting backup set " + ts + " cannot be undone; send "
                    + "\"yes\": true to confirm");
        }
        PruneReport report = prune.delete(location.get(), ts);
        return Envelope.ok(VectorShapes.prune(report), "backup set " + ts + " deleted");
    }

    /** {@code task_id}, {@code global: true} or {@code all: true}: exactly one. */
    private static Optional<BackupLocation> scope(JsonBody in) {
        String taskId = in.string("task_id");
        boolean global = in.bool("global", false);
        boolean all = in.has("all") && in.bool("all", false);
        int given = (taskId != null ? 1 : 0) + (global ? 1 : 0) + (all ? 1 : 0);
        if (given != 1) {
            throw InvalidInputException.invalid("task_id", "give exactly one of task_id, \"global\": true"
                    + (in.has("all") || given == 0 ? " or \"all\": true" : ""));
        }
        return all ? Optional.empty() : Optional.of(taskId != null ? BackupLocation.ofTask(TaskId.parse(taskId))
                : BackupLocation.global());
    }

    /** A file of a global backup set, streamed, with its manifest's SHA-256 in {@code X-Content-SHA256}. */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/global/files/{file_name}", produces = MediaType.APPLICATION_OCTET_STREAM)
    public HttpResponse<io.micronaut.http.server.types.files.SystemFile> downloadGlobal(
            @io.micronaut.http.annotation.PathVariable("file_name") String fileName) {
        return BackupDownloads.send(list, BackupLocation.global(), fileName);
    }
}
