package io.datapipeline.core.retrieval;

import java.util.List;
import java.util.Objects;

/**
 * What one store retrieves for a task's questions: the figures, per-table coverage, and the worst questions.
 *
 * @param figures                the shares
 * @param coverage               every table the evaluated questions read, weakest first
 * @param tablesWithoutQuestions tables with DDL in the task but no question reading them (their DDL is not measured)
 * @param worst                  up to {@value RetrievalEvaluator#WORST} questions that missed something, worst first
 */
public record RetrievalMeasure(RetrievalFigures figures, List<TableCoverage> coverage,
        List<String> tablesWithoutQuestions, List<QuestionOutcome> worst) {

    public RetrievalMeasure {
        Objects.requireNonNull(figures, "figures");
        coverage = List.copyOf(coverage);
        tablesWithoutQuestions = List.copyOf(tablesWithoutQuestions);
        worst = List.copyOf(worst);
    }

    /** Tables whose DDL never came up for their own questions. */
    public List<String> neverRetrieved() {
        return coverage.stream().filter(TableCoverage::neverRetrieved).map(TableCoverage::table).toList();
    }
}
