package io.datapipeline.core.service;

import io.datapipeline.core.domain.Execution;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.out.TaskRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reads tasks. A task shown {@code in_progress} whose lock nobody holds (its process died or restarted)
 * is marked {@code failed} with reason {@code interrupted} before it is returned.
 */
public final class GetTaskService implements GetTaskUseCase, io.datapipeline.core.port.in.QueryTasksUseCase {

    static final String INTERRUPTED = "interrupted: the process running this task stopped before it finished";

    private final TaskRepository repository;
    private final Clock clock;

    public GetTaskService(TaskRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public Optional<TaskView> get(TaskId id) {
        Optional<Task> task = repository.find(id);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        Task t = task.get();
        if (t.status() == TaskStatus.IN_PROGRESS) {
            t = reconcile(t);
        }
        List<Execution> last = repository.executions(id, 1);
        return Optional.of(new TaskView(t, repository.steps(id), last.stream().findFirst()));
    }

    @Override
    public List<Execution> executions(TaskId id, int limit) {
        return repository.executions(id, limit);
    }

    @Override
    public TaskRepository.TaskPage query(TaskRepository.TaskQuery query) {
        TaskRepository.TaskPage page = repository.query(query);
        List<Task> tasks = new java.util.ArrayList<>();
        for (Task t : page.tasks()) {
            tasks.add(t.status() == TaskStatus.IN_PROGRESS ? reconcile(t) : t);
        }
        return new TaskRepository.TaskPage(tasks, page.total());
    }

    @Override
    public List<TaskView> views(TaskRepository.TaskPage page) {
        List<TaskView> views = new java.util.ArrayList<>();
        for (Task t : page.tasks()) {
            views.add(new TaskView(t, repository.steps(t.id()), Optional.empty()));
        }
        return views;
    }

    /** Marks an in-progress task without a live lock as failed (interrupted); returns the current task. */
    Task reconcile(Task t) {
        Optional<TaskRepository.TaskLock> lock = repository.tryLock(t.id());
        if (lock.isEmpty()) {
            return t;
        }
        try (TaskRepository.TaskLock held = lock.get()) {
            Task fresh = repository.find(t.id()).orElse(t);
            if (fresh.status() != TaskStatus.IN_PROGRESS) {
                return fresh;
            }
            for (Execution e : repository.executions(t.id(), 50)) {
                if (e.status() == ExecutionStatus.RUNNING) {
                    repository.updateExecution(e.finished(ExecutionStatus.INTERRUPTED, clock.instant(), e.result(),
                            INTERRUPTED));
                }
            }
            for (StepRun s : repository.steps(t.id())) {
                if (s.status() == StepStatus.RUNNING) {
                    repository.saveStep(new StepRun(s.taskId(), s.step(), StepStatus.FAILED, s.executionId(),
                            s.startedAt(), clock.instant(), INTERRUPTED));
                }
            }
            Task failed = fresh.withStatus(TaskStatus.FAILED, fresh.startedAt(), clock.instant(), INTERRUPTED);
            repository.update(failed);
            return failed;
        }
    }

    /** Marks every task left in progress by a dead process; run at start-up. Returns how many. */
    public int reconcileAll() {
        int n = 0;
        for (Task t : repository.query(new TaskRepository.TaskQuery(TaskStatus.IN_PROGRESS, null, null, null, null,
                "created_at", true, 0, 10_000)).tasks()) {
            if (reconcile(t).status() == TaskStatus.FAILED) {
                n++;
            }
        }
        return n;
    }
}
