package io.datapipeline.core.service;

import io.datapipeline.core.vector.VectorManagementReport;
import java.util.Map;

/**
 * How a step ended.
 *
 * @param success          whether the step did its job
 * @param result           the step's artifact (JSON-ready map)
 * @param error            why it failed, or {@code null}
 * @param vectorManagement the vector_management report ({@code training_load} only), or {@code null}
 */
record StepOutcome(boolean success, Map<String, Object> result, String error, VectorManagementReport vectorManagement) {

    static StepOutcome ok(Map<String, Object> result) {
        return new StepOutcome(true, result, null, null);
    }

    static StepOutcome failed(Map<String, Object> result, String error) {
        return new StepOutcome(false, result, error, null);
    }
}
