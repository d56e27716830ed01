package io.datapipeline.core.service;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.Optional;

/**
 * Deletes tasks. The task's lock is held while its directory goes, so a task that is running (here or in
 * another process) is refused instead of having its files pulled from under it.
 */
public final class TaskAdminService implements DeleteTasksUseCase {

    private final TaskRepository repository;
    private final TaskWorkspace workspace;

    public TaskAdminService(TaskRepository repository, TaskWorkspace workspace) {
        this.repository = repository;
        this.workspace = workspace;
    }

    @Override
    public DeletedTask delete(TaskId id, boolean deleteRecords) {
        Optional<Task> task = repository.find(id);
        if (task.isEmpty() && !workspace.exists(id)) {
            throw new NotFoundException("task " + id + " does not exist");
        }
        Optional<TaskRepository.TaskLock> lock = repository.tryLock(id);
        if (lock.isEmpty()) {
            throw new BusyException("task " + id + " is running; wait for it to end before deleting it");
        }
        try (TaskRepository.TaskLock held = lock.get()) {
            long files = 0;
            long bytes = 0;
            boolean dir = workspace.exists(id);
            if (dir) {
                for (TaskWorkspace.FileInfo f : workspace.list(id)) {
                    files++;
                    bytes += f.size();
                }
                for (TaskWorkspace.FileInfo f : workspace.listFolder(id, "vector_bak")) {
                    files++;
                    bytes += f.size();
                }
                workspace.deleteAll(id);
            }
            boolean records = false;
            if (deleteRecords && task.isPresent()) {
                repository.delete(id);
                records = true;
            }
            return new DeletedTask(id, dir, records, files, bytes);
        }
    }
}
