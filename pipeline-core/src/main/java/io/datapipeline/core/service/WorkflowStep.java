package io.datapipeline.core.service;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskParameters;

/**
 * One step of the workflow. {@link WorkflowRunner} runs the registered steps in order ({@link WorkflowSteps}):
 * to add a step, implement this, give it a {@link StepName}, and register it there.
 */
interface WorkflowStep {

    StepName name();

    /** Whether a complete run of a task with these parameters runs this step. */
    boolean enabledFor(TaskParameters parameters);

    /** Runs the step; a failure it expects is a failed outcome, anything else may throw. */
    StepOutcome run(StepContext ctx);
}
