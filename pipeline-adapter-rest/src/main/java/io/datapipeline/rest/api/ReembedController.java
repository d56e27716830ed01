package io.datapipeline.rest.api;

import io.datapipeline.core.domain.AccessPolicy;
import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.port.in.ReembedReport;
import io.datapipeline.core.port.in.ReembedVectorStoreCommand;
import io.datapipeline.core.port.in.ReembedVectorStoreUseCase;
import io.datapipeline.core.vector.EmbeddingModelChoice;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.wire.ReembedShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Re-embeds the store with another model over HTTP, synchronously: 200 with the report when it committed (its
 * {@code next_steps} say to switch the configured and the assistant's query model now), 500 with the report when it
 * failed and rolled back or its commit outcome is unknown, 409 when refused before anything changed or busy.
 */
@Controller("/api/v0/data_pipeline/vector")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReembedController {

    private static final Set<String> FIELDS = Set.of("provider", "model", "dimension", "collections", "dry_run",
            "base_url", "wait_seconds");

    private final ReembedVectorStoreUseCase reembed;

    public ReembedController(ReembedVectorStoreUseCase reembed) {
        this.reembed = reembed;
    }

    /**
     * Re-embeds the store with another model in one commit after a backup set of the global folder, or (dry run)
     * counts and estimates. Body {@code {"provider": "openai", "model": "…", "dimension": 1536, "collections": ["sql"],
     * "dry_run": true, "base_url": "…", "wait_seconds": 0}} (provider required; model and dimension for openai and
     * ollama); a dry run needs scope read, a re-embed scope admin. The report's {@code next_steps} say what to switch
     * now and {@code backup_timestamp} is the way back.
     */
    @Operation(extensions = @Extension(name = "admin-scope-when", properties = @ExtensionProperty(name = "dry_run",
            value = "false (the default)")))
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Post(uri = "/reembed", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> reembed(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, FIELDS);
        boolean dryRun = in.bool("dry_run", false);
        Access.require(request, AccessPolicy.reembed(dryRun));
        EmbeddingModelChoice model = new EmbeddingModelChoice(in.requiredString("provider"), in.string("model"),
                in.integerOrNull("dimension"), in.string("base_url"));
        Duration wait = Duration.ofSeconds(in.integer("wait_seconds", 0, 0, 3600));
        ReembedReport report = reembed.reembed(new ReembedVectorStoreCommand(in.strings("collections", true), dryRun,
                model, wait, null));
        Map<String, Object> data = ReembedShapes.reembed(report);
        if (!report.success()) {
            return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, report.ending().outcome() == CommitOutcome.UNKNOWN
                    ? "commit_outcome_unknown" : "internal_error", report.ending().error(), null, Map.of("reembed",
                            data));
        }
        return Envelope.ok(data, message(report));
    }

    private static String message(ReembedReport r) {
        if (r.ending().dryRun()) {
            return String.format(java.util.Locale.ROOT, "dry run: %d document(s), %d text(s) to embed (%d in the resume "
                    + "cache), about %.0f s of embedding; nothing was changed", r.scope().documents(),
                    r.estimate().toEmbed(), r.counts().fromCache(), r.estimate().estimatedSeconds());
        }
        if (r.rewrite() == null) {
            return "nothing was changed: " + String.join("; ", r.ending().warnings());
        }
        return "re-embedded " + r.rewrite().total() + " vector(s) with " + r.models().after().describe() + "; backup set "
                + r.backup().timestamp() + " holds the store as it was. Switch PIPELINE_EMBEDDING_* and the assistant's "
                + "query model to it now";
    }
}
