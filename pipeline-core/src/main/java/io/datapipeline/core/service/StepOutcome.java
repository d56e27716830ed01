package io.datapipeline.core.service;

import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.vector.VectorManagementReport;

/**
 * How a step ended.
 *
 * @param success          whether the step did its job
 * @param result           the step's artifact
 * @param error            why it failed, or {@code null}
 * @param vectorManagement the vector_management report ({@code training_load} only), or {@code null}
 */
record StepOutcome(boolean success, StepResult result, String error, VectorManagementReport vectorManagement) {

    static StepOutcome ok(StepResult result) {
        return new StepOutcome(true, result, null, null);
    }

    static StepOutcome failed(StepResult result, String error) {
        return new StepOutcome(false, result, error, null);
    }
}
