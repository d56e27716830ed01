package io.datapipeline.core.port.in;

import io.datapipeline.core.retrieval.RetrievalEvaluation;

/**
 * Leave-one-out retrieval evaluation of a task's question–SQL pairs against the store (see
 * {@link io.datapipeline.core.retrieval.RetrievalEvaluator}); the result is stored in the task directory.
 */
public interface EvaluateRetrievalUseCase {

    /**
     * @throws io.datapipeline.core.domain.NotFoundException     when the task has no directory
     * @throws io.datapipeline.core.domain.InvalidInputException when no task is given and the store names none, or the
     *                                                           task has no pairs, or its SQL's tables are unknown
     *                                                           ({@code sql_validation} not run)
     * @throws io.datapipeline.core.domain.ConflictException     when the store holds another model's vectors
     */
    RetrievalEvaluation evaluate(EvaluateRetrievalCommand command);
}
