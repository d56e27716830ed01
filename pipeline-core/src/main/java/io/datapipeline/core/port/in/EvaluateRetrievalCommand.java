package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskId;
import java.util.Objects;
import java.util.Optional;

/**
 * Measure what the store retrieves for a task's own questions.
 *
 * @param taskId the task whose question–SQL pairs are asked; empty: the task that last loaded the store (as its
 *               collections record)
 * @param k      results per collection, 1 to {@value #MAX_K}
 */
public record EvaluateRetrievalCommand(Optional<TaskId> taskId, int k) {

    public static final int DEFAULT_K = 3;
    public static final int MAX_K = 50;

    public EvaluateRetrievalCommand {
        Objects.requireNonNull(taskId, "taskId");
        if (k < 1 || k > MAX_K) {
            throw InvalidInputException.invalid("k", "k must be between 1 and " + MAX_K + ", not " + k);
        }
    }
}
