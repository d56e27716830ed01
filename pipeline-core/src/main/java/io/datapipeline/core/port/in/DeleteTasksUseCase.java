package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;
import java.util.List;
import java.util.Objects;

/** Deletes tasks' directories and, when asked, their records; a running task is never deleted. */
public interface DeleteTasksUseCase {

    /** Deletes each task in turn; refusals are results, not exceptions. */
    DeleteResult delete(DeleteTasksCommand command);

    /**
     * What to delete.
     *
     * @param taskIds         the tasks, in order
     * @param deleteRecords   also delete the task rows, their steps and executions (else they stay)
     * @param continueOnError go on after a refused task (else stop at the first)
     */
    record DeleteTasksCommand(List<TaskId> taskIds, boolean deleteRecords, boolean continueOnError) {
        public DeleteTasksCommand {
            Objects.requireNonNull(taskIds, "taskIds");
            if (taskIds.isEmpty()) {
                throw io.datapipeline.core.domain.InvalidInputException.missing("task_ids",
                        "task_ids (a list of task ids) is required");
            }
            taskIds = List.copyOf(taskIds);
        }
    }

    /**
     * What happened, task by task.
     *
     * @param deleted tasks removed
     * @param refused tasks not removed, with why
     */
    record DeleteResult(List<DeletedTask> deleted, List<Refusal> refused) {
        public DeleteResult {
            deleted = List.copyOf(deleted);
            refused = List.copyOf(refused);
        }

        /** Nothing was deleted and exactly one task was asked for: its refusal is the whole answer. */
        public boolean singleRefusal() {
            return deleted.isEmpty() && refused.size() == 1;
        }
    }

    /**
     * What was removed.
     *
     * @param taskId            the task
     * @param directoryDeleted  whether a directory was removed
     * @param recordsDeleted    whether the rows were removed
     * @param deletedFiles      files removed
     * @param deletedBytes      bytes removed
     */
    record DeletedTask(TaskId taskId, boolean directoryDeleted, boolean recordsDeleted, long deletedFiles,
            long deletedBytes) {
    }

    /**
     * A task that was not removed.
     *
     * @param taskId the task
     * @param why    what kind of refusal
     * @param reason the message
     */
    record Refusal(TaskId taskId, Why why, String reason) {
    }

    /** Kinds of refusal. */
    enum Why {
        NOT_FOUND, RUNNING
    }
}
