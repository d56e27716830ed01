package io.datapipeline.core.retrieval;

import java.util.List;

/**
 * What a reload measured inside its transaction: the old store and the new one with the same questions, and what the
 * gate said.
 *
 * @param before   the old store's measure, or {@code null} when it was not measured ({@code note} says why)
 * @param after    the new store's measure, or {@code null} when the reload did not get that far
 * @param criteria the gate's criteria in words (empty: measured only)
 * @param failures why the gate rolled the reload back (empty: it passed, or there is no gate)
 * @param note     why a measure is missing or a criterion was not checked, or {@code null}
 */
public record RetrievalCheck(RetrievalMeasure before, RetrievalMeasure after, List<String> criteria,
        List<String> failures, String note) {

    public RetrievalCheck {
        criteria = List.copyOf(criteria);
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
