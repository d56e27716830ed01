package io.datapipeline.core.service;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.port.in.ReloadVectorStoreUseCase;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The registered steps of the workflow, in the order a complete run runs them. */
public final class WorkflowSteps {

    private final List<WorkflowStep> steps;

    private WorkflowSteps(List<WorkflowStep> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The four steps of the original pipeline, their units one by one, nothing recorded for a resume. */
    public static WorkflowSteps standard(TaskWorkspace workspace, SchemaInspector inspector, SqlValidator validator,
            Optional<LanguageModel> languageModel, EmbeddingModel embeddingModel, ReloadVectorStoreUseCase reload,
            Clock clock, Duration storeLockWait) {
        return standard(workspace, inspector, validator, languageModel, embeddingModel, reload, clock, storeLockWait,
                LlmWork.of(null, io.datapipeline.core.port.out.UnitCheckpoints.NONE,
                        io.datapipeline.core.domain.GenerationOptions.MAX_CONCURRENCY, clock));
    }

    /**
     * The four steps of the original pipeline.
     *
     * @param work where the language-model steps run their units, and where finished units are recorded
     */
    public static WorkflowSteps standard(TaskWorkspace workspace, SchemaInspector inspector, SqlValidator validator,
            Optional<LanguageModel> languageModel, EmbeddingModel embeddingModel, ReloadVectorStoreUseCase reload,
            Clock clock, Duration storeLockWait, LlmWork work) {
        return new WorkflowSteps(List.of(
                new DdlGenerationStep(workspace, inspector, languageModel, work),
                new QaGenerationStep(workspace, languageModel, clock, work),
                new SqlValidationStep(workspace, validator, languageModel, clock),
                new TrainingLoadStep(workspace, embeddingModel, languageModel, reload, storeLockWait, clock)));
    }

    /** Any steps, in run order (tests). */
    static WorkflowSteps of(List<WorkflowStep> steps) {
        return new WorkflowSteps(steps);
    }

    List<WorkflowStep> all() {
        return steps;
    }

    WorkflowStep get(StepName name) {
        return steps.stream().filter(s -> s.name() == name).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no step " + name + " is registered"));
    }
}
