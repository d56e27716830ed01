package io.datapipeline.core.execution;

import io.datapipeline.core.domain.StepName;
import java.time.Instant;

/**
 * Live progress of a running execution's current step.
 *
 * @param step      the running step
 * @param phase     what it is doing ({@code tables}, {@code llm_calls}, {@code embedding}, {@code backup}, {@code load} …)
 * @param done      units done
 * @param total     units in all, or {@code -1} when not known
 * @param unit      {@code tables}, {@code calls}, {@code items}, {@code rows}, {@code bytes} …
 * @param rate      units per second since the phase began
 * @param eta       seconds left at that rate, or {@code null} when the total is not known
 * @param updatedAt when this was measured
 */
public record ExecutionProgress(StepName step, String phase, long done, long total, String unit, double rate,
        Double eta, Instant updatedAt) {
}
