package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.VectorManagementDecision;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ExecuteTaskUseCase#execute} would decide for a request, without running anything: the
 * {@link io.datapipeline.core.domain.VectorManagementPolicy}'s decision for this task (its enabled steps, or what a
 * resume would rerun) and the steps that would run. No lock is taken and nothing is recorded, so a caller can show
 * an operator what a truncate means before asking for it.
 */
public interface PreviewExecutionUseCase {

    /** The preview for a caller with full access (the CLI, a library user). */
    default PreviewOutcome preview(ExecutionRequest request) {
        return preview(request, io.datapipeline.core.domain.ApiScope.ADMIN);
    }

    /**
     * The preview for a caller with {@code callerScope}: a preview of a truncating execution needs what the
     * execution needs ({@link io.datapipeline.core.domain.AccessPolicy#preview}).
     */
    PreviewOutcome preview(ExecutionRequest request, io.datapipeline.core.domain.ApiScope callerScope);

    /** The answer; the refusals are the ones {@code execute} would give for the same request. */
    sealed interface PreviewOutcome {

        /**
         * The request would be accepted (unless the task is running when it is sent).
         *
         * @param decision what the policy decides: backup, truncate, skip_training, truncate scope and warnings
         * @param steps    the steps the execution would run, in order
         */
        record Decided(TaskId taskId, VectorManagementDecision decision, List<StepName> steps) implements PreviewOutcome {
            public Decided {
                Objects.requireNonNull(decision, "decision");
                steps = List.copyOf(steps);
            }
        }

        /** No such task. */
        record NotFound(TaskId taskId) implements PreviewOutcome {
        }

        /** A resume would find nothing left to run. */
        record NothingToResume(TaskId taskId, String reason) implements PreviewOutcome {
        }

        /**
         * The task cannot run as asked (e.g. it has no table list yet).
         *
         * @param field the input to fix
         */
        record Refused(TaskId taskId, String field, String reason) implements PreviewOutcome {
        }

        /** The caller's scope does not cover what the request asks ({@code truncate_vector_tables}). */
        record Forbidden(TaskId taskId, io.datapipeline.core.domain.AccessPolicy.Refusal refusal)
                implements PreviewOutcome {
        }
    }
}
