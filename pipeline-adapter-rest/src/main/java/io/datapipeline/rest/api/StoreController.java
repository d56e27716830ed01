package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.EvaluateRetrievalCommand;
import io.datapipeline.core.port.in.EvaluateRetrievalUseCase;
import io.datapipeline.core.port.in.InspectVectorStoreUseCase;
import io.datapipeline.core.port.in.RetrievalHistoryUseCase;
import io.datapipeline.core.port.in.SearchVectorStoreCommand;
import io.datapipeline.core.port.in.SearchVectorStoreUseCase;
import io.datapipeline.core.retrieval.RetrievalEvaluation;
import io.datapipeline.core.retrieval.RetrievalFigures;
import io.datapipeline.core.vector.StoreInventory;
import io.datapipeline.core.vector.StoreSearchResult;
import io.datapipeline.wire.RetrievalShapes;
import io.datapipeline.wire.StoreShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The store as the assistant reads it: its collections, what a question retrieves, and how well the task's own
 * questions retrieve (scope read: nothing in the store changes; an evaluation is kept in the task directory).
 */
@Controller("/api/v0/data_pipeline/vector")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StoreController {

    private final InspectVectorStoreUseCase inspect;
    private final SearchVectorStoreUseCase search;
    private final EvaluateRetrievalUseCase evaluate;
    private final RetrievalHistoryUseCase history;

    public StoreController(InspectVectorStoreUseCase inspect, SearchVectorStoreUseCase search,
            EvaluateRetrievalUseCase evaluate, RetrievalHistoryUseCase history) {
        this.inspect = inspect;
        this.search = search;
        this.evaluate = evaluate;
        this.history = history;
    }

    /** Collections with rows, dimensions, recorded model, and whether the configured model can search each. */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/collections", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> collections() {
        StoreInventory inv = inspect.inspect();
        return Envelope.ok(StoreShapes.inventory(inv), inv.collections().isEmpty() ? "the store has no collections"
                : inv.collections().size() + " collection(s)");
    }

    /**
     * {@code {"collection": "ddl|documentation|sql", "question": "…", "k": 5}}: the top k by cosine distance, as
     * langchain_postgres orders them; 409 when the collection's vectors are another model's.
     */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/search", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> search(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("collection", "question", "k"));
        StoreSearchResult r = search.search(new SearchVectorStoreCommand(in.requiredString("collection"),
                in.requiredString("question"), in.integer("k", SearchVectorStoreCommand.DEFAULT_K, 1,
                        SearchVectorStoreCommand.MAX_K)));
        return Envelope.ok(StoreShapes.search(r), r.hits().size() + " result(s) from '" + r.collection() + "'");
    }

    /**
     * {@code {"task_id": "…", "k": 3}} (both optional): leave-one-out evaluation of the task's pairs; kept in the
     * task directory and listed by {@code GET /vector/evaluations}.
     */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/evaluate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> evaluate(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("task_id", "k"));
        RetrievalEvaluation e = evaluate.evaluate(new EvaluateRetrievalCommand(
                Optional.ofNullable(in.string("task_id")).map(TaskId::parse),
                in.integer("k", EvaluateRetrievalCommand.DEFAULT_K, 1, EvaluateRetrievalCommand.MAX_K)));
        RetrievalFigures f = e.measure().figures();
        return Envelope.ok(RetrievalShapes.evaluation(e), String.format(Locale.ROOT,
                "%s=%.3f %s=%.3f %s=%.3f over %d question(s)", f.name("ddl_hit"), f.ddlHit(), f.name("doc_hit"),
                f.docHit(), f.name("sql_match"), f.sqlMatch(), f.evaluated()));
    }

    /** A task's past evaluations, oldest first. */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(uri = "/evaluations", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> evaluations(@Nullable @QueryValue("task_id") String taskId) {
        TaskId id = TaskId.parse(taskId);
        var entries = history.history(id);
        return Envelope.ok(RetrievalShapes.history(id.value(), entries), entries.size() + " evaluation(s)");
    }
}
