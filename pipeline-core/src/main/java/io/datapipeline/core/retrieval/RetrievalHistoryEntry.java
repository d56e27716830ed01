package io.datapipeline.core.retrieval;

/**
 * One past evaluation of a task, for figures over time.
 *
 * @param evaluatedAt ISO-8601 time
 * @param file        its file in the task directory
 * @param model       {@code provider/model} that embedded the questions
 * @param figures     what it measured
 */
public record RetrievalHistoryEntry(String evaluatedAt, String file, String model, RetrievalFigures figures) {
}
