package io.datapipeline.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asked for when executing a task, exactly as received (after parsing), before
 * {@link VectorManagementPolicy} decides what will actually happen.
 *
 * @param taskId               the task to run
 * @param mode                 {@code complete} or {@code step}
 * @param step                 the step to run; required in step mode and refused in the others (a named step never
 *                             runs the complete workflow: adapters read a step named without a mode as step mode,
 *                             {@link ExecutionMode#resolve})
 * @param backupVectorTables   the caller's {@code backup_vector_tables}
 * @param truncateVectorTables the caller's {@code truncate_vector_tables}
 * @param skipTraining         the caller's {@code skip_training}: run vector management but load nothing
 * @param truncateScope        the caller's {@code truncate_scope}, or {@code null} when not given
 * @param reload               the caller's {@code replace_by_difference} and retrieval gate
 */
public record ExecutionRequest(
        TaskId taskId,
        ExecutionMode mode,
        StepName step,
        boolean backupVectorTables,
        boolean truncateVectorTables,
        boolean skipTraining,
        TruncateScope truncateScope,
        ReloadOptions reload) {

    /** A request without {@code truncate_scope}. */
    public ExecutionRequest(TaskId taskId, ExecutionMode mode, StepName step, boolean backupVectorTables,
            boolean truncateVectorTables, boolean skipTraining) {
        this(taskId, mode, step, backupVectorTables, truncateVectorTables, skipTraining, null, ReloadOptions.NONE);
    }

    /** A request without the reload options. */
    public ExecutionRequest(TaskId taskId, ExecutionMode mode, StepName step, boolean backupVectorTables,
            boolean truncateVectorTables, boolean skipTraining, TruncateScope truncateScope) {
        this(taskId, mode, step, backupVectorTables, truncateVectorTables, skipTraining, truncateScope,
                ReloadOptions.NONE);
    }

    public ExecutionRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(mode, "mode");
        reload = Objects.requireNonNullElse(reload, ReloadOptions.NONE);
        if (mode == ExecutionMode.STEP && step == null) {
            throw InvalidInputException.missing("step_name",
                    "step_name is required when execution_mode is step; expected one of " + StepName.wireNames());
        }
        if (mode != ExecutionMode.STEP && step != null) {
            throw ExecutionMode.contradiction(mode, step, "execution_mode", "step_name");
        }
    }

    /** A complete run without any vector-table flag. */
    public static ExecutionRequest complete(TaskId taskId) {
        return new ExecutionRequest(taskId, ExecutionMode.COMPLETE, null, false, false, false);
    }

    /** A resumed run (from the first step that did not complete) without any vector-table flag. */
    public static ExecutionRequest resume(TaskId taskId) {
        return new ExecutionRequest(taskId, ExecutionMode.RESUME, null, false, false, false);
    }

    /** A single-step run without any vector-table flag. */
    public static ExecutionRequest step(TaskId taskId, StepName step) {
        return new ExecutionRequest(taskId, ExecutionMode.STEP, step, false, false, false);
    }

    public ExecutionRequest withVectorFlags(boolean backup, boolean truncate) {
        return new ExecutionRequest(taskId, mode, step, backup, truncate, skipTraining, truncateScope, reload);
    }

    public ExecutionRequest withSkipTraining(boolean skip) {
        return new ExecutionRequest(taskId, mode, step, backupVectorTables, truncateVectorTables, skip, truncateScope,
                reload);
    }

    public ExecutionRequest withTruncateScope(TruncateScope scope) {
        return new ExecutionRequest(taskId, mode, step, backupVectorTables, truncateVectorTables, skipTraining, scope,
                reload);
    }

    public ExecutionRequest withReload(ReloadOptions options) {
        return new ExecutionRequest(taskId, mode, step, backupVectorTables, truncateVectorTables, skipTraining,
                truncateScope, options);
    }

    public Optional<StepName> stepName() {
        return Optional.ofNullable(step);
    }
}
