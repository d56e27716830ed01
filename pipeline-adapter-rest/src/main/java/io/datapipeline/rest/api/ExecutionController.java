package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.port.in.CancelExecutionUseCase;
import io.datapipeline.core.port.in.ExecutionEventsUseCase;
import io.datapipeline.wire.ResultShapes;
import io.datapipeline.wire.TaskShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** One execution: its record with live progress, cancel, and its events as Server-Sent Events. */
@Controller("/api/v0/data_pipeline/tasks/{task_id}/executions/{execution_id}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExecutionController {

    /** How often the event stream looks for new events. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final ExecutionEventsUseCase events;
    private final CancelExecutionUseCase cancel;

    public ExecutionController(ExecutionEventsUseCase events, CancelExecutionUseCase cancel) {
        this.events = events;
        this.cancel = cancel;
    }

    /** The execution, with {@code progress} of its running step. */
    @Get(produces = MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    public HttpResponse<Map<String, Object>> execution(@PathVariable("task_id") String taskId,
            @PathVariable("execution_id") String executionId) {
        TaskId id = TaskId.parse(taskId);
        ExecutionEventsUseCase.WatchedExecution w = events.execution(id, checkedId(executionId))
                .orElseThrow(() -> new NotFoundException("task " + id + " has no execution " + executionId));
        return Envelope.ok(TaskShapes.watched(w), "execution " + w.execution().status().wire());
    }

    /** Asks the execution to stop: 202, 409 when it is not running, 404 when there is none. */
    @Post(uri = "/cancel", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    public HttpResponse<Map<String, Object>> cancel(@PathVariable("task_id") String taskId,
            @PathVariable("execution_id") String executionId) {
        TaskId id = TaskId.parse(taskId);
        CancelExecutionUseCase.CancelOutcome outcome = cancel.cancel(id, Optional.of(checkedId(executionId)));
        if (outcome instanceof CancelExecutionUseCase.CancelOutcome.NotFound nf) {
            throw new NotFoundException(nf.what() + " does not exist");
        }
        if (outcome instanceof CancelExecutionUseCase.CancelOutcome.NotRunning nr) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("execution_id", executionId);
            extra.put("status", nr.execution() == null ? null : nr.execution().status().wire());
            return Envelope.error(HttpStatus.CONFLICT, "conflict", "execution " + executionId + " is not running ("
                    + (nr.execution() == null ? "no such running execution" : nr.execution().status().wire())
                    + "); nothing to cancel", null, extra);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", id.value());
        data.put("execution_id", executionId);
        data.put("cancel_requested", true);
        data.put("status_url", "/api/v0/data_pipeline/tasks/" + id + "/executions/" + executionId);
        return Envelope.status(HttpStatus.ACCEPTED, data, "cancel requested; the execution stops at its next check "
                + "(within seconds) and ends cancelled");
    }

    /**
     * The execution's events as Server-Sent Events ({@code id} = the event's {@code seq}, {@code event} = its type),
     * then a final {@code result} event with the execution record; a client that reconnects with
     * {@code Last-Event-ID} gets only what it has not seen.
     */
    @Get(uri = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    public Flux<Event<Map<String, Object>>> events(@PathVariable("task_id") String taskId,
            @PathVariable("execution_id") String executionId, @Nullable @Header("Last-Event-ID") String lastEventId,
            @Nullable @QueryValue("after") String after) {
        TaskId id = TaskId.parse(taskId);
        String exec = checkedId(executionId);
        events.execution(id, exec).orElseThrow(() -> new NotFoundException("task " + id + " has no execution "
                + executionId));
        String from = lastEventId != null ? lastEventId : after;
        long start;
        try {
            start = from == null || from.isBlank() ? 0 : Long.parseLong(from.trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid(lastEventId != null ? "Last-Event-ID" : "after",
                    "the event id must be a whole number (the seq of the last event seen)");
        }
        if (start < 0) {
            throw InvalidInputException.invalid("after", "the event id must not be negative");
        }
        AtomicLong last = new AtomicLong(start);
        return Flux.interval(Duration.ZERO, POLL, Schedulers.boundedElastic())
                .concatMapIterable(tick -> poll(id, exec, last))
                .takeUntil(e -> "result".equals(e.getName()));
    }

    private List<Event<Map<String, Object>>> poll(TaskId id, String exec, AtomicLong last) {
        List<Event<Map<String, Object>>> out = new ArrayList<>();
        List<ExecutionEvent> batch = events.events(id, exec, last.get(), 500);
        for (ExecutionEvent e : batch) {
            out.add(Event.of(TaskShapes.event(e)).id(String.valueOf(e.seq())).name(e.type().wire()));
            last.set(e.seq());
        }
        if (batch.isEmpty()) {
            ExecutionEventsUseCase.WatchedExecution w = events.execution(id, exec).orElseThrow();
            if (w.execution().status() != ExecutionStatus.RUNNING) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("execution_id", exec);
                result.put("status", w.execution().status().wire());
                result.put("error", w.execution().error());
                result.put("result", ResultShapes.document(w.execution().result()));
                out.add(Event.of(result).id(String.valueOf(last.get())).name("result"));
            }
        }
        return out;
    }

    private static String checkedId(String executionId) {
        if (executionId == null || !executionId.matches("[A-Za-z0-9_\\-]{1,128}")) {
            throw InvalidInputException.invalid("execution_id", "execution_id must be 1 to 128 letters, digits, _ or -");
        }
        return executionId;
    }
}
