package io.datapipeline.core.retrieval;

import java.util.List;
import java.util.Objects;

/**
 * One question–SQL pair of a task, as the evaluation uses it.
 *
 * @param question the question, embedded like the assistant's users' questions
 * @param rowId    the id of the pair's own row in the {@code sql} collection (left out of its own results)
 * @param tables   the tables its SQL reads ({@code schema.table}, from the {@code EXPLAIN} plan of
 *                 {@code sql_validation}); empty when unknown (then the pair is not evaluated)
 */
public record RetrievalCase(String question, String rowId, List<String> tables) {

    public RetrievalCase {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(rowId, "rowId");
        tables = List.copyOf(tables);
    }
}
