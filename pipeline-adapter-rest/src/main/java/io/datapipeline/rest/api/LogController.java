package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.wire.TaskShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A task's log: tail with a continuation token, or query with filters. */
@Controller("/api/v0/data_pipeline/tasks/{task_id}/logs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogController {

    private static final Set<String> QUERY_FIELDS = Set.of("page", "page_size", "level", "start_time", "end_time",
            "keyword", "logger_name", "step_name", "sort_by", "sort_order");

    private final TaskLogsUseCase logs;

    public LogController(TaskLogsUseCase logs) {
        this.logs = logs;
    }

    /** The last {@code limit} lines, or the lines after {@code after} (the previous {@code next_token}). */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> tail(@PathVariable("task_id") String taskId,
            @Nullable @QueryValue("limit") String limit, @Nullable @QueryValue("level") String level,
            @Nullable @QueryValue("after") String after) {
        TaskId id = TaskId.parse(taskId);
        TaskLogsUseCase.LogPage page = logs.tail(id, after, Params.integer("limit", limit, 100, 1, 1000), level);
        Map<String, Object> data = page(id, page);
        data.put("next_token", page.nextToken());
        return Envelope.ok(data, page.lines().size() + " log line(s)");
    }

    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/query", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> query(HttpRequest<?> request, @PathVariable("task_id") String taskId,
            @Nullable @Body String body) {
        TaskId id = TaskId.parse(taskId);
        JsonBody in = JsonBody.parse(request, body, QUERY_FIELDS);
        int page = in.integer("page", 1, 1, 1_000_000);
        int size = in.integer("page_size", 50, 1, 500);
        String keyword = in.filter("keyword");
        if (keyword != null && keyword.length() > 200) {
            throw InvalidInputException.invalid("keyword", "keyword is at most 200 characters");
        }
        String step = in.filter("step_name");
        if (step != null) {
            StepName.fromWire(step);
        }
        boolean ascending = Params.ascending("sort_order", in.string("sort_order"), "asc");
        String from = time(Params.dateTime("start_time", in.filter("start_time"), false));
        String to = time(Params.dateTime("end_time", in.filter("end_time"), true));
        TaskLogsUseCase.LogFilter filter = new TaskLogsUseCase.LogFilter(in.filter("level"), keyword, step,
                in.filter("logger_name"), from, to);
        TaskLogsUseCase.LogPage result = logs.query(id, new TaskLogsUseCase.LogQuery(filter, in.string("sort_by"),
                ascending, page, size));
        Map<String, Object> data = page(id, result);
        data.put("pagination", Params.pagination(page, size, result.total()));
        return Envelope.ok(data, result.total() + " matching log line(s)");
    }

    /** The log's own time format. */
    private static String time(java.time.LocalDateTime t) {
        return t == null ? null : t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    private static Map<String, Object> page(TaskId id, TaskLogsUseCase.LogPage page) {
        List<Object> lines = new ArrayList<>();
        page.lines().forEach(l -> lines.add(TaskShapes.logLine(l)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("logs", lines);
        data.put("total", page.total());
        data.put("log_file_size", page.fileSize());
        return data;
    }
}
