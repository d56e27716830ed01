package io.datapipeline.core.retrieval;

import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;
import java.util.Objects;

/**
 * One retrieval evaluation of a task's questions against the store, as stored in the task directory
 * ({@code retrieval_evaluation_<ts>.json}) and shown over time.
 *
 * @param taskId      the task whose pairs were asked
 * @param evaluatedAt ISO-8601 time
 * @param model       the model that embedded the questions (the store's, or the search was refused)
 * @param measure     figures, coverage and worst questions
 * @param warnings    notes (pairs without known tables, collections missing, no recorded model)
 * @param file        the file it was stored in, in the task directory
 */
public record RetrievalEvaluation(String taskId, String evaluatedAt, EmbeddingProvenance model, RetrievalMeasure measure,
        List<String> warnings, String file) {

    public RetrievalEvaluation {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(measure, "measure");
        warnings = List.copyOf(warnings);
    }
}
