package io.datapipeline.core.service;

import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.DeleteTasksUseCase;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.ArrayList;
import java.util.List;
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
    public DeleteResult delete(DeleteTasksCommand command) {
        List<DeletedTask> deleted = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (TaskId id : command.taskIds()) {
            Refusal refusal = deleteOne(id, command.deleteRecords(), deleted);
            if (refusal != null) {
                refused.add(refusal);
                if (!command.continueOnError()) {
                    break;
                }
            }
        }
        return new DeleteResult(deleted, refused);
    }

    private Refusal deleteOne(TaskId id, boolean deleteRecords, List<DeletedTask> deleted) {
        Optional<Task> task = repository.find(id);
        if (task.isEmpty() && !workspace.exists(id)) {
            return new Refusal(id, Why.NOT_FOUND, "task " + id + " does not exist");
        }
        Optional<TaskRepository.TaskLock> lock = repository.tryLock(id);
        if (lock.isEmpty()) {
            return new Refusal(id, Why.RUNNING, "task " + id + " is running; wait for it to end before deleting it");
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
            deleted.add(new DeletedTask(id, dir, records, files, bytes));
            return null;
        }
    }
}
