package io.datapipeline.core.retrieval;

import io.datapipeline.core.domain.RetrievalGate;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The questions a reload measures the old and the new store with, inside its transaction, and the gate the new store
 * must pass to be committed.
 *
 * @param cases       the task's question–SQL pairs with the tables their SQL reads
 * @param vectors     one question vector per case, made by {@code model}
 * @param model       the model of the question vectors (a store of another model is not measured with them)
 * @param knownTables tables the task has DDL for
 * @param gate        the criteria and the {@code k}
 */
public record RetrievalProbe(List<RetrievalCase> cases, List<float[]> vectors, EmbeddingProvenance model,
        Set<String> knownTables, RetrievalGate gate) {

    public RetrievalProbe {
        cases = List.copyOf(cases);
        vectors = List.copyOf(vectors);
        Objects.requireNonNull(model, "model");
        knownTables = Set.copyOf(knownTables);
        gate = gate == null ? RetrievalGate.NONE : gate;
        if (cases.size() != vectors.size()) {
            throw new IllegalArgumentException(vectors.size() + " vectors for " + cases.size() + " questions");
        }
    }

    /** What {@code view} retrieves for the questions. */
    public RetrievalMeasure measure(StoreView view) {
        return RetrievalEvaluator.measure(cases, vectors, knownTables, view, gate.k());
    }

    /**
     * Why the new store may not be committed; empty when it may.
     *
     * @param before the old store's figures, or {@code null} when they could not be measured (drops are then not
     *               checked; the caller says why)
     * @param after  the new store's
     */
    public List<String> failures(RetrievalFigures before, RetrievalFigures after) {
        List<String> out = new ArrayList<>();
        int k = gate.k();
        for (String m : RetrievalGate.METRICS) {
            Double min = gate.minimums().get(m);
            double now = after.value(m);
            if (min != null && now < min) {
                out.add(String.format(Locale.ROOT, "%s@%d is %.3f, below the minimum %s", m, k, now, min));
            }
            Double drop = gate.maxDrops().get(m);
            if (drop != null && before != null) {
                double was = before.value(m);
                if (was - now > drop + 1e-9) {
                    out.add(String.format(Locale.ROOT, "%s@%d fell from %.3f to %.3f, more than the %s allowed", m, k,
                            was, now, drop));
                }
            }
        }
        return out;
    }
}
