package io.datapipeline.core.port.out;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tasks, their step runs and their execution history, plus the per-task execution lock.
 */
public interface TaskRepository {

    /**
     * Stores a new task and its four pending steps in one transaction.
     *
     * @return false when a task with this id already exists (nothing is changed then)
     */
    boolean insert(Task task);

    Optional<Task> find(TaskId id);

    /** Updates status, start/end times and error of a stored task. */
    void update(Task task);

    /** Tasks matching a query, with the total count before paging. */
    TaskPage query(TaskQuery query);

    /** Deletes a task with its steps and executions. */
    void delete(TaskId id);

    /** The four steps of a task, in step order. */
    List<StepRun> steps(TaskId id);

    void saveStep(StepRun step);

    void insertExecution(Execution execution);

    void updateExecution(Execution execution);

    Optional<Execution> findExecution(String executionId);

    /** Executions of a task, newest first. */
    List<Execution> executions(TaskId id, int limit);

    Optional<Execution> findExecutionByIdempotencyKey(TaskId id, String key);

    /**
     * Takes the task's execution lock if nobody holds it, in any process.
     *
     * @return the held lock, or empty when another execution holds it
     */
    Optional<TaskLock> tryLock(TaskId id);

    /** A held per-task lock; closing it releases it. */
    interface TaskLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Filter and page of a task query.
     *
     * @param filter    which tasks
     * @param sortBy    {@code created_at}, {@code started_at}, {@code completed_at}, {@code task_name} or {@code status}
     * @param ascending sort direction
     * @param offset    rows to skip
     * @param limit     rows to return
     */
    record TaskQuery(TaskFilter filter, String sortBy, boolean ascending, int offset, int limit) {

        public static TaskQuery firstPage(int limit) {
            return new TaskQuery(TaskFilter.ANY, "created_at", false, 0, limit);
        }
    }

    /** A page of tasks and the total number that matched. */
    record TaskPage(List<Task> tasks, long total) {
        public TaskPage {
            tasks = List.copyOf(tasks);
        }
    }
}
