package io.datapipeline.core.execution;

import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What an execution produced: the seed's result document, as values. */
public sealed interface ExecutionResult {

    boolean success();

    /** How the run ended: the kind the CLI maps to its exit code. */
    ResultKind kind();

    TaskId taskId();

    String executionId();

    /** Why it failed, or {@code null}. */
    String error();

    /**
     * The run ended (successfully or with a failed step).
     *
     * @param kind        ok when every step it ran succeeded; else how the step that did not ended (failed, busy,
     *                    commit outcome unknown)
     * @param taskId      the task
     * @param executionId the execution
     * @param mode        complete or step
     * @param step        the step in step mode, else {@code null}
     * @param body        what the steps produced
     * @param warnings    the policy's warnings
     * @param error       {@code <step>: <why>} of the failed step, or {@code null}
     */
    record Finished(ResultKind kind, TaskId taskId, String executionId, ExecutionMode mode, StepName step,
            Body body, List<String> warnings, String error) implements ExecutionResult {
        public Finished {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(body, "body");
            warnings = List.copyOf(warnings);
        }

        @Override
        public boolean success() {
            return kind == ResultKind.OK;
        }
    }

    /**
     * The run ended with an unexpected failure of the runner itself.
     *
     * @param error what happened
     */
    record Crashed(TaskId taskId, String executionId, String error) implements ExecutionResult {
        @Override
        public boolean success() {
            return false;
        }

        @Override
        public ResultKind kind() {
            return ResultKind.FAILED;
        }
    }

    /** What the steps of a run produced. */
    sealed interface Body {
        /** What the language model cost in this run. */
        ModelUsage usage();
    }

    /**
     * A complete run.
     *
     * @param state            the workflow state
     * @param artifacts        each step that ran, in order, with its result
     * @param vectorManagement the {@code training_load}'s vector management, or {@code null} when it did not run
     */
    record Workflow(WorkflowState state, List<StepArtifact> artifacts, VectorManagementReport vectorManagement)
            implements Body {
        public Workflow {
            artifacts = List.copyOf(artifacts);
        }

        /** What the language model cost over every step. */
        public ModelUsage usage() {
            return artifacts.stream().map(StepArtifact::usage).reduce(ModelUsage.ZERO, ModelUsage::plus);
        }
    }

    /**
     * A single step.
     *
     * @param step             the step
     * @param result           its result
     * @param vectorManagement its vector management ({@code training_load} only, else {@code null})
     */
    record SingleStep(StepName step, StepResult result, VectorManagementReport vectorManagement, ModelUsage usage)
            implements Body {
        public SingleStep {
            usage = usage == null ? ModelUsage.ZERO : usage;
        }

        public SingleStep(StepName step, StepResult result, VectorManagementReport vectorManagement) {
            this(step, result, vectorManagement, ModelUsage.ZERO);
        }
    }

    /**
     * A step of a complete run and its result.
     *
     * @param usage what its language-model calls cost
     */
    record StepArtifact(StepName step, StepResult result, ModelUsage usage) {
        public StepArtifact {
            usage = usage == null ? ModelUsage.ZERO : usage;
        }

        public StepArtifact(StepName step, StepResult result) {
            this(step, result, ModelUsage.ZERO);
        }
    }

    /**
     * The state of a complete run.
     *
     * @param start       start
     * @param end         end
     * @param success     whether every step succeeded
     * @param currentStep the last step that ran, or {@code null}
     * @param completed   steps that completed
     * @param failed      the step that failed, if any
     * @param skipped     steps the task disables
     */
    record WorkflowState(Instant start, Instant end, boolean success, StepName currentStep, List<StepName> completed,
            List<StepName> failed, List<StepName> skipped) {
        public WorkflowState {
            completed = List.copyOf(completed);
            failed = List.copyOf(failed);
            skipped = List.copyOf(skipped);
        }
    }
}
