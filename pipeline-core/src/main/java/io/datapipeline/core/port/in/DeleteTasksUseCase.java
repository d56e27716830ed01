package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TaskId;

/** Deletes a task's directory and, when asked, its records; a running task is never deleted. */
public interface DeleteTasksUseCase {

    /**
     * @param deleteRecords also delete the task row, its steps and executions (else they stay, marked as
     *                      having no directory)
     * @throws io.datapipeline.core.domain.NotFoundException when the task does not exist
     * @throws io.datapipeline.core.domain.BusyException when the task is running
     */
    DeletedTask delete(TaskId id, boolean deleteRecords);

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
}
