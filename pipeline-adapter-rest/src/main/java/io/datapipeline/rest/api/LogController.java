package io.datapipeline.rest.api;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.TaskLogsUseCase;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A task's log: tail with a continuation token, or query with filters. */
@Controller("/api/v0/data_pipeline/tasks/{task_id}/logs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogController {

    private static final Set<String> QUERY_FIELDS = Set.of("page", "page_size", "level", "start_time", "end_time",
            "keyword", "step_name", "sort_order");

    private final TaskLogsUseCase logs;

    public LogController(TaskLogsUseCase logs) {
        this.logs = logs;
    }

    /** The last {@code limit} lines, or the lines after {@code after} (the previous {@code next_token}). */
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

    @Post(uri = "/query", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> query(HttpRequest<?> request, @PathVariable("task_id") String taskId,
            @Nullable @Body String body) {
        TaskId id = TaskId.parse(taskId);
        JsonBody in = JsonBody.parse(request, body, QUERY_FIELDS);
        int page = in.integer("page", 1, 1, 1_000_000);
        int size = in.integer("page_size", 50, 1, 500);
        String keyword = in.string("keyword");
        if (keyword != null && keyword.length() > 200) {
            throw InvalidInputException.invalid("keyword", "keyword is at most 200 characters");
        }
        String step = in.string("step_name");
        if (step != null) {
            StepName.fromWire(step);
        }
        String order = in.string("sort_order") == null ? "asc" : in.string("sort_order").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw InvalidInputException.invalid("sort_order", "sort_order must be asc or desc");
        }
        String from = time("start_time", in.string("start_time"));
        String to = time("end_time", in.string("end_time"));
        TaskLogsUseCase.LogPage result = logs.query(id, new TaskLogsUseCase.LogQuery(in.string("level"), keyword, step,
                from, to, order.equals("asc"), page, size));
        Map<String, Object> data = page(id, result);
        long pages = (result.total() + size - 1) / size;
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("page_size", size);
        pagination.put("total", result.total());
        pagination.put("total_pages", pages);
        pagination.put("has_next", page < pages);
        pagination.put("has_prev", page > 1);
        data.put("pagination", pagination);
        return Envelope.ok(data, result.total() + " matching log line(s)");
    }

    private static String time(String field, String value) {
        if (value == null) {
            return null;
        }
        String v = value.replace('T', ' ');
        if (!v.matches("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2})?")) {
            throw InvalidInputException.invalid(field, field + " must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS");
        }
        return v.length() == 10 ? v + (field.equals("end_time") ? " 23:59:59" : " 00:00:00") : v;
    }

    private static Map<String, Object> page(TaskId id, TaskLogsUseCase.LogPage page) {
        List<Object> lines = new ArrayList<>();
        page.lines().forEach(l -> lines.add(l.toMap()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("logs", lines);
        data.put("total", page.total());
        data.put("log_file_size", page.fileSize());
        return data;
    }
}
