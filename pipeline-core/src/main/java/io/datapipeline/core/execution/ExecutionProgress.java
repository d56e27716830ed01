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
 * @param llm       the language model's cost so far and what the execution waits for, or {@code null}
 */
public record ExecutionProgress(StepName step, String phase, long done, long total, String unit, double rate,
        Double eta, Instant updatedAt, Llm llm) {

    public ExecutionProgress(StepName step, String phase, long done, long total, String unit, double rate, Double eta,
            Instant updatedAt) {
        this(step, phase, done, total, unit, rate, eta, updatedAt, null);
    }

    /**
     * The language model in a running execution.
     *
     * @param usage   what its calls cost so far, in the whole execution
     * @param waiting what a call waits for right now ({@code waiting 12 s: rate limited}), or {@code null}
     */
    public record Llm(ModelUsage usage, String waiting) {
    }
}
