package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.ReloadOptions;
import io.datapipeline.core.domain.RetrievalGate;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.CreateTaskUseCase;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.ExecutionEventsUseCase;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.PreviewExecutionUseCase;
import io.datapipeline.core.port.in.QueryTasksUseCase;
import io.datapipeline.core.port.in.TaskQuery;
import io.datapipeline.wire.TaskShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Tasks: create, list, query, status, executions, execute (and its preview), delete. Thin: parse, call a use case, map. */
@Controller("/api/v0/data_pipeline")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TaskController {

    private static final Set<String> CREATE_FIELDS = Set.of("db_connection", "business_context", "db_name", "task_name",
            "enable_sql_validation", "enable_llm_repair", "modify_original_file", "enable_training_data_load",
            "restore_on_load_failure", "table_list_file", "tables", "max_concurrent_tables", "max_table_failures",
            "sample_data_limit", "enum_detection_sample_limit", "enum_max_distinct_values", "max_concurrent_themes",
            "theme_count", "questions_per_theme", "continue_on_theme_error", "min_retrieval", "max_retrieval_drop");
    private static final Set<String> EXECUTE_FIELDS = Set.of("execution_mode", "step_name", "backup_vector_tables",
            "truncate_vector_tables", "skip_training", "truncate_scope", "replace_by_difference", "min_retrieval",
            "max_retrieval_drop");
    private static final Set<String> QUERY_FIELDS = Set.of("page", "page_size", "status", "task_name", "db_name",
            "created_by", "created_time_start", "created_time_end", "started_time_start", "started_time_end",
            "completed_time_start", "completed_time_end", "sort_by", "sort_order");
    private static final List<String> FILTERS = List.of("status", "task_name", "created_by", "db_name",
            "created_time_start", "created_time_end", "started_time_start", "started_time_end", "completed_time_start",
            "completed_time_end");
    private static final Set<String> DELETE_FIELDS = Set.of("task_ids", "confirm", "delete_database_records",
            "continue_on_error");

    private final CreateTaskUseCase create;
    private final ExecuteTaskUseCase execute;
    private final GetTaskUseCase get;
    private final QueryTasksUseCase query;
    private final DeleteTasksUseCase delete;
    private final ExecutionEventsUseCase watch;
    private final PreviewExecutionUseCase preview;

    public TaskController(CreateTaskUseCase create, ExecuteTaskUseCase execute, GetTaskUseCase get,
            QueryTasksUseCase query, DeleteTasksUseCase delete, ExecutionEventsUseCase watch,
            PreviewExecutionUseCase preview) {
        this.watch = watch;
        this.preview = preview;
        this.create = create;
        this.execute = execute;
        this.get = get;
        this.query = query;
        this.delete = delete;
    }

    /** Creates a task; the table list comes later by upload (a server-side path is not accepted). */
    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/tasks", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> createTask(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, CREATE_FIELDS);
        if (in.has("table_list_file")) {
            throw InvalidInputException.invalid("table_list_file", "table_list_file (a path on the server) is not "
                    + "accepted: create the task, then POST /api/v0/data_pipeline/tasks/{task_id}/upload-table-list "
                    + "or /table-list");
        }
        DatabaseUrl db = DatabaseUrl.parse(in.requiredString("db_connection"), "db_connection");
        TaskParameters parameters = TaskParameters.of(db, in.string("business_context"),
                in.boolOrNull("enable_sql_validation"), in.boolOrNull("enable_llm_repair"),
                in.boolOrNull("modify_original_file"), in.boolOrNull("enable_training_data_load"),
                in.boolOrNull("restore_on_load_failure")).withRetrievalGate(RetrievalGate.parse(
                        in.criteria("min_retrieval"), in.numberOrString("max_retrieval_drop"), "min_retrieval",
                        "max_retrieval_drop"));
        List<String> tables = in.strings("tables", true);
        String tableList = tables == null ? null : String.join("\n", tables) + "\n";
        Task task = create.create(new CreateTaskCommand(parameters, in.string("task_name"), in.string("db_name"),
                tableList, "task", Optional.empty(), "api").withGeneration(generation(in)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", task.id().value());
        data.put("task_name", task.name());
        data.put("status", task.status().wire());
        data.put("created_at", task.createdAt().toString());
        data.put("parameters", TaskShapes.parameters(task.parameters()));
        if (tableList == null) {
            data.put("file_upload_mode", true);
            data.put("next_step", "POST /api/v0/data_pipeline/tasks/" + task.id() + "/upload-table-list");
        }
        return Envelope.status(HttpStatus.CREATED, data, tableList == null
                ? "task created; upload the table list before executing it" : "task created");
    }

    /** The knobs of the language-model steps the request sets (the original's names); the rest are the server's. */
    private static GenerationOptions.Choices generation(JsonBody in) {
        return GenerationOptions.Choices.builder().maxConcurrentTables(in.integerOrNull("max_concurrent_tables"))
                .maxTableFailures(in.integerOrNull("max_table_failures"))
                .sampleDataLimit(in.integerOrNull("sample_data_limit"))
                .enumDetectionSampleLimit(in.integerOrNull("enum_detection_sample_limit"))
                .enumMaxDistinctValues(in.integerOrNull("enum_max_distinct_values"))
                .maxConcurrentThemes(in.integerOrNull("max_concurrent_themes"))
                .themeCount(in.integerOrNull("theme_count")).questionsPerTheme(in.integerOrNull("questions_per_theme"))
                .continueOnThemeError(in.boolOrNull("continue_on_theme_error")).build();
    }

    /**
     * Starts an execution: 202 with the policy's decision, 409 when running, 404 unknown task. Scope execute; an
     * execution whose decision truncates ({@code "truncate_vector_tables": true} where {@code training_load} runs, in
     * complete, step or resume mode) needs scope admin (403 otherwise, nothing started).
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = @ExtensionProperty(
            name = "truncate_vector_tables", value = "true (where training_load runs)")))
    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/tasks/{task_id}/execute", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> executeTask(HttpRequest<?> request, @PathVariable("task_id") String taskId,
            @Nullable @Header("Idempotency-Key") String idempotencyKey, @Nullable @Body String body) {
        TaskId id = TaskId.parse(taskId);
        ExecutionRequest req = executionRequest(id, JsonBody.parse(request, body, EXECUTE_FIELDS));
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw InvalidInputException.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 200 characters");
        }
        ExecutionOutcome outcome = execute.execute(new ExecuteTaskCommand(req, Optional.ofNullable(idempotencyKey),
                null, Access.callerScope(request)));
        if (outcome instanceof ExecutionOutcome.NotFound) {
            throw new NotFoundException("task " + id + " does not exist");
        }
        if (outcome instanceof ExecutionOutcome.Forbidden forbidden) {
            return Access.forbidden(forbidden.refusal());
        }
        if (outcome instanceof ExecutionOutcome.AlreadyRunning running) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("task_id", id.value());
            extra.put("running_execution_id", running.running() == null ? null : running.running().executionId());
            extra.put("running_execution", running.running() == null ? null : TaskShapes.execution(running.running()));
            return Envelope.error(HttpStatus.CONFLICT, "conflict", "task " + id + " is already running", null, extra);
        }
        if (outcome instanceof ExecutionOutcome.Refused refused) {
            throw InvalidInputException.invalid(refused.field(), refused.field().equals("table_list") ? refused.reason()
                    + " (POST /api/v0/data_pipeline/tasks/" + id + "/upload-table-list or /table-list)"
                    : refused.reason());
        }
        if (outcome instanceof ExecutionOutcome.NothingToResume nothing) {
            return Envelope.error(HttpStatus.CONFLICT, "conflict", nothing.reason(), "execution_mode", null);
        }
        if (outcome instanceof ExecutionOutcome.PoolFull full) {
            return Envelope.error(HttpStatus.SERVICE_UNAVAILABLE, "busy", full.reason(), null, null);
        }
        ExecutionOutcome.Accepted accepted = (ExecutionOutcome.Accepted) outcome;
        VectorManagementDecision d = accepted.execution().decision();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("execution_id", accepted.execution().executionId());
        data.put("execution_mode", accepted.execution().request().mode().wire());
        data.put("step_name", accepted.execution().request().step() == null ? null
                : accepted.execution().request().step().wire());
        data.put("vector_management", TaskShapes.decision(d));
        data.put("skip_training", d.skipTraining());
        data.put("warnings", d.warnings());
        data.put("replayed", accepted.replayed());
        data.put("status_url", "/api/v0/data_pipeline/tasks/" + id + "/executions/"
                + accepted.execution().executionId());
        data.put("events_url", "/api/v0/data_pipeline/tasks/" + id + "/executions/"
                + accepted.execution().executionId() + "/events");
        return Envelope.status(accepted.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED, data,
                accepted.replayed() ? "execution already started with this Idempotency-Key"
                        : "execution started; poll the task status for its progress");
    }

    /**
     * What {@code execute} with the same body would decide, without running anything: the policy's decision, its
     * warnings and the steps; the refusals are execute's (404, 400 without a table list, 409 nothing to resume, 403
     * for a truncating decision without scope admin). Scope read; admin when the decision truncates.
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = @ExtensionProperty(
            name = "truncate_vector_tables", value = "true (where training_load runs)")))
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/tasks/{task_id}/execute/preview", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> previewExecution(HttpRequest<?> request,
            @PathVariable("task_id") String taskId, @Nullable @Body String body) {
        TaskId id = TaskId.parse(taskId);
        ExecutionRequest req = executionRequest(id, JsonBody.parse(request, body, EXECUTE_FIELDS));
        PreviewExecutionUseCase.PreviewOutcome outcome = preview.preview(req, Access.callerScope(request));
        if (outcome instanceof PreviewExecutionUseCase.PreviewOutcome.NotFound) {
            throw new NotFoundException("task " + id + " does not exist");
        }
        if (outcome instanceof PreviewExecutionUseCase.PreviewOutcome.Forbidden forbidden) {
            return Access.forbidden(forbidden.refusal());
        }
        if (outcome instanceof PreviewExecutionUseCase.PreviewOutcome.Refused refused) {
            throw InvalidInputException.invalid(refused.field(), refused.reason());
        }
        if (outcome instanceof PreviewExecutionUseCase.PreviewOutcome.NothingToResume nothing) {
            return Envelope.error(HttpStatus.CONFLICT, "conflict", nothing.reason(), "execution_mode", null);
        }
        PreviewExecutionUseCase.PreviewOutcome.Decided decided = (PreviewExecutionUseCase.PreviewOutcome.Decided) outcome;
        VectorManagementDecision d = decided.decision();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("execution_mode", req.mode().wire());
        data.put("step_name", req.step() == null ? null : req.step().wire());
        data.put("vector_management", TaskShapes.decision(d));
        data.put("skip_training", d.skipTraining());
        data.put("warnings", d.warnings());
        data.put("steps", decided.steps().stream().map(StepName::wire).toList());
        return Envelope.ok(data, "preview only: nothing was started");
    }

    private static ExecutionRequest executionRequest(TaskId id, JsonBody in) {
        String stepName = in.string("step_name");
        StepName step = stepName == null ? null : StepName.fromWire(stepName);
        // a named step never runs the complete workflow: step_name without execution_mode is step mode
        ExecutionMode mode = ExecutionMode.resolve(in.string("execution_mode"), step, "execution_mode", "step_name");
        return new ExecutionRequest(id, mode, step,
                in.bool("backup_vector_tables", false), in.bool("truncate_vector_tables", false),
                in.bool("skip_training", false), in.string("truncate_scope") == null ? null
                        : TruncateScope.parse(in.string("truncate_scope"), "truncate_scope"),
                new ReloadOptions(in.bool("replace_by_difference", false), RetrievalGate.parse(
                        in.criteria("min_retrieval"), in.numberOrString("max_retrieval_drop"), "min_retrieval",
                        "max_retrieval_drop")));
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/tasks/{task_id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> taskStatus(@PathVariable("task_id") String taskId) {
        TaskId id = TaskId.parse(taskId);
        GetTaskUseCase.TaskView view = get.get(id).orElseThrow(() -> new NotFoundException("task " + id
                + " does not exist"));
        Map<String, Object> data = TaskShapes.task(view);
        data.put("progress", view.lastExecution().flatMap(e -> watch.execution(id, e.executionId()))
                .flatMap(ExecutionEventsUseCase.WatchedExecution::progress).map(TaskShapes::progress).orElse(null));
        return Envelope.ok(data, "task status");
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/tasks/{task_id}/executions", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> executions(@PathVariable("task_id") String taskId,
            @Nullable @QueryValue("limit") String limit) {
        TaskId id = TaskId.parse(taskId);
        int n = Params.integer("limit", limit, 20, 1, 200);
        List<Object> list = new ArrayList<>();
        get.executions(id, n).orElseThrow(() -> new NotFoundException("task " + id + " does not exist"))
                .forEach(e -> list.add(TaskShapes.execution(e)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("executions", list);
        data.put("total", list.size());
        return Envelope.ok(data, "executions of task " + id);
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/tasks", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> listTasks(@Nullable @QueryValue("limit") String limit,
            @Nullable @QueryValue("offset") String offset, @Nullable @QueryValue("status") String status) {
        int l = Params.integer("limit", limit, 50, 1, 100);
        int o = Params.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        QueryTasksUseCase.TaskPage page = query.query(new TaskQuery(TaskFilter.status(status, "status"), "created_at",
                false, o, l));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tasks", summaries(page));
        data.put("total", page.total());
        data.put("limit", l);
        data.put("offset", o);
        return Envelope.ok(data, "tasks");
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/tasks/query", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> queryTasks(HttpRequest<?> request, @Nullable @Body String body) {
        long t0 = System.nanoTime();
        JsonBody in = JsonBody.parse(request, body, QUERY_FIELDS);
        int page = in.integer("page", 1, 1, 1_000_000);
        int size = in.integer("page_size", 20, 1, 100);
        boolean ascending = Params.ascending("sort_order", in.string("sort_order"), "desc");
        TaskFilter filter = TaskFilter.status(in.filter("status"), "status").with(in.filter("task_name"),
                in.filter("db_name"), in.filter("created_by"), range(in, "created_time"), range(in, "started_time"),
                range(in, "completed_time"));
        TaskQuery q = new TaskQuery(filter, in.string("sort_by"), ascending, (page - 1) * size, size);
        QueryTasksUseCase.TaskPage result = query.query(q);
        Map<String, Object> filters = new LinkedHashMap<>();
        for (String f : FILTERS) {
            if (in.filter(f) != null) {
                filters.put(f, in.filter(f));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tasks", summaries(result));
        data.put("pagination", Params.pagination(page, size, result.total()));
        data.put("filters_applied", filters);
        data.put("sort_applied", Map.of("sort_by", q.sortBy(), "sort_order", ascending ? "asc" : "desc"));
        data.put("query_time", String.format(Locale.ROOT, "%.3fs", (System.nanoTime() - t0) / 1e9));
        return Envelope.ok(data, "query done");
    }

    /** Deletes task directories (and, when asked, their records); running tasks are refused. */
    @SecurityRequirement(name = Access.SCHEME, scopes = "admin")
    @RequiredScope(ApiScope.ADMIN)
    @Delete(uri = "/tasks", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> deleteTasks(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, DELETE_FIELDS);
        // as in the original, the parameters may come in the query string instead: task_ids (or task_ids[], repeated
        // or comma-separated), confirm, delete_database_records, continue_on_error (true|1|yes, false|0|no)
        io.micronaut.http.HttpParameters query = request.getParameters();
        for (String name : query.names()) {
            if (!DELETE_FIELDS.contains(name) && !name.equals("task_ids[]")) {
                throw InvalidInputException.invalid(name, "unknown query parameter " + name + "; allowed: "
                        + new java.util.TreeSet<>(DELETE_FIELDS) + " (task_ids also as task_ids[])");
            }
        }
        List<String> ids = in.strings("task_ids", false);
        if (ids == null) {
            List<String> given = new ArrayList<>(query.getAll("task_ids"));
            given.addAll(query.getAll("task_ids[]"));
            ids = given.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
        }
        if (ids.isEmpty()) {
            throw InvalidInputException.missing("task_ids", "task_ids (an array of task ids) is required");
        }
        if (!flag(in, query, "confirm", false)) {
            throw InvalidInputException.invalid("confirm", "deleting needs \"confirm\": true");
        }
        boolean records = flag(in, query, "delete_database_records", false);
        boolean continueOnError = flag(in, query, "continue_on_error", true);
        List<TaskId> parsed = new ArrayList<>();
        for (String raw : ids) {
            parsed.add(TaskId.parse(raw));
        }
        DeleteTasksUseCase.DeleteResult result = delete.delete(new DeleteTasksUseCase.DeleteTasksCommand(parsed,
                records, continueOnError));
        List<Object> deleted = new ArrayList<>();
        result.deleted().forEach(d -> deleted.add(TaskShapes.deleted(d)));
        List<Object> failed = new ArrayList<>();
        for (DeleteTasksUseCase.Refusal r : result.refused()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", r.taskId().value());
            m.put("error", r.reason());
            m.put("error_type", errorType(r.why()));
            failed.add(m);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deleted_tasks", deleted);
        data.put("failed_tasks", failed);
        data.put("summary", Map.of("total_requested", parsed.size(), "successfully_deleted", deleted.size(), "failed",
                failed.size()));
        if (result.deleted().isEmpty() && !result.refused().isEmpty()) {
            DeleteTasksUseCase.Refusal only = result.refused().get(0);
            boolean single = result.singleRefusal() && parsed.size() == 1;
            return Envelope.error(single && only.why() == DeleteTasksUseCase.Why.RUNNING ? HttpStatus.CONFLICT
                    : HttpStatus.BAD_REQUEST, single ? errorType(only.why()) : "invalid_params", "no task was deleted",
                    "task_ids", new LinkedHashMap<>(data));
        }
        return Envelope.ok(data, deleted.size() + " task(s) deleted" + (failed.isEmpty() ? "" : ", " + failed.size()
                + " refused"));
    }

    /** A boolean of the body, else of the query string ({@code true|1|yes}, {@code false|0|no}, as the original). */
    private static boolean flag(JsonBody in, io.micronaut.http.HttpParameters query, String name, boolean fallback) {
        if (in.has(name)) {
            return in.bool(name, fallback);
        }
        String raw = query.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw InvalidInputException.invalid(name, name + " must be true or false (also 1/0, yes/no), not '"
                    + io.datapipeline.core.domain.Printable.of(raw) + "'");
        };
    }

    private static String errorType(DeleteTasksUseCase.Why why) {
        return why == DeleteTasksUseCase.Why.RUNNING ? "conflict" : "resource_not_found";
    }

    private static List<Object> summaries(QueryTasksUseCase.TaskPage page) {
        List<Object> out = new ArrayList<>();
        page.tasks().forEach(v -> out.add(TaskShapes.listed(v)));
        return out;
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toInstant();
    }

    /** {@code <name>_start} and {@code <name>_end} ({@code YYYY-MM-DD[ HH:MM:SS]} or ISO), both inclusive. */
    private static TaskFilter.TimeRange range(JsonBody in, String name) {
        String start = name + "_start";
        String end = name + "_end";
        return TaskFilter.TimeRange.of(instant(Params.dateTime(start, in.filter(start), false)),
                instant(Params.dateTime(end, in.filter(end), true)), start, end);
    }
}
