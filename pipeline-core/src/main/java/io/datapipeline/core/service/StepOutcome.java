package io.datapipeline.core.service;

import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.vector.VectorManagementReport;
import java.util.Objects;

/**
 * How a step ended.
 *
 * @param kind             how it ended: ok, failed, busy (the store lock was held), or commit outcome unknown
 * @param result           the step's artifact
 * @param error            why it failed, or {@code null}
 * @param vectorManagement the vector_management report ({@code training_load} only), or {@code null}
 */
record StepOutcome(ResultKind kind, StepResult result, String error, VectorManagementReport vectorManagement) {

    StepOutcome {
        Objects.requireNonNull(kind, "kind");
    }

    /** A step that succeeded or failed. */
    StepOutcome(boolean success, StepResult result, String error, VectorManagementReport vectorManagement) {
        this(success ? ResultKind.OK : ResultKind.FAILED, result, error, vectorManagement);
    }

    /** Whether the step did its job. */
    boolean success() {
        return kind == ResultKind.OK;
    }

    static StepOutcome ok(StepResult result) {
        return new StepOutcome(true, result, null, null);
    }

    static StepOutcome failed(StepResult result, String error) {
        return new StepOutcome(false, result, error, null);
    }
}
