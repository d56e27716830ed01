package io.datapipeline.core.service;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.port.in.GetTaskUseCase;
import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.port.in.QueryTasksUseCase;
import io.datapipeline.core.port.in.TaskQuery;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.BackupSetInfo;
import io.datapipeline.core.vector.CommitOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reads tasks. A task shown {@code in_progress} whose lock nobody holds (its process died or restarted)
 * is marked {@code failed} with reason {@code interrupted} before it is returned.
 */
public final class GetTaskService implements GetTaskUseCase, QueryTasksUseCase {

    static final String INTERRUPTED = "interrupted: the process running this task stopped before it finished";

    private final TaskRepository repository;
    private final Clock clock;
    private final Optional<ListVectorBackupsUseCase> backups;

    public GetTaskService(TaskRepository repository, Clock clock) {
        this(repository, clock, Optional.empty());
    }

    /**
     * @param backups lists the task's backup sets, so an interrupted execution's status can say which set its
     *                {@code training_load} took and whether that reload committed
     */
    public GetTaskService(TaskRepository repository, Clock clock, Optional<ListVectorBackupsUseCase> backups) {
        this.repository = repository;
        this.clock = clock;
        this.backups = backups;
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
    public Optional<List<Execution>> executions(TaskId id, int limit) {
        if (repository.find(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(repository.executions(id, limit));
    }

    @Override
    public TaskPage query(TaskQuery query) {
        TaskRepository.TaskPage page = repository.query(new TaskRepository.TaskQuery(query.filter(), query.sortBy(),
                query.ascending(), query.offset(), query.limit()));
        List<TaskView> views = new java.util.ArrayList<>();
        for (Task t : page.tasks()) {
            Task current = t.status() == TaskStatus.IN_PROGRESS ? reconcile(t) : t;
            views.add(new TaskView(current, repository.steps(t.id()), repository.executions(t.id(), 1).stream()
                    .findFirst()));
        }
        return new TaskPage(views, page.total());
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
            String why = INTERRUPTED;
            for (Execution e : repository.executions(t.id(), 50)) {
                if (e.status() == ExecutionStatus.RUNNING) {
                    String detail = INTERRUPTED + storeState(t, e);
                    why = detail;
                    repository.updateExecution(e.finished(ExecutionStatus.INTERRUPTED, clock.instant(), e.result(),
                            detail));
                }
            }
            for (StepRun s : repository.steps(t.id())) {
                if (s.status() == StepStatus.RUNNING) {
                    repository.saveStep(new StepRun(s.taskId(), s.step(), StepStatus.FAILED, s.executionId(),
                            s.startedAt(), clock.instant(), s.step() == StepName.TRAINING_LOAD ? why : INTERRUPTED));
                }
            }
            Task failed = fresh.withStatus(TaskStatus.FAILED, fresh.startedAt(), clock.instant(), why);
            repository.update(failed);
            return failed;
        }
    }

    /**
     * What the interrupted execution did to the vector store, as far as can be known: the backup set its
     * {@code training_load} took (the set's manifest names the execution) and what became of the reload's one
     * transaction. Empty when the execution did not reach {@code training_load}.
     */
    private String storeState(Task task, Execution e) {
        boolean loads = e.request().mode() == ExecutionMode.COMPLETE || e.request().step() == StepName.TRAINING_LOAD;
        StepRun load = repository.steps(task.id()).stream().filter(s -> s.step() == StepName.TRAINING_LOAD)
                .findFirst().orElse(null);
        boolean reachedLoad = load != null && load.status() == StepStatus.RUNNING
                && e.executionId().equals(load.executionId());
        if (!loads || !reachedLoad) {
            return "; it had not reached training_load, so the vector store was not touched";
        }
        if (backups.isPresent() && e.decision().backup()) {
            try {
                for (BackupListing.Location l : backups.get().list(Optional.of(task.id()), false).locations()) {
                    for (BackupSetInfo set : l.backups()) {
                        if (e.executionId().equals(set.executionId())) {
                            return "; its training_load took backup set " + set.timestamp() + " (" + l.relativePath()
                                    + ", " + set.state().wire() + ")" + outcome(set.commitOutcome());
                        }
                    }
                }
                return "; no readable backup set names this execution: its training_load was interrupted before "
                        + "its backup set's manifest was written, so the store was not changed (a reload changes it only "
                        + "in one transaction, after the backup), unless that manifest exists but cannot be read (see "
                        + "the task's backup sets)";
            } catch (RuntimeException ex) {
                return "; its training_load was interrupted and its backup set could not be looked up ("
                        + ex.getMessage() + ")";
            }
        }
        return "; its training_load was interrupted: a reload commits all of its rows or none, so the store holds "
                + "either the rows it had before or all of the new ones";
    }

    private static String outcome(CommitOutcome o) {
        if (o == CommitOutcome.COMMITTED) {
            return ": the reload committed before the process stopped, so the store holds the new rows and the set "
                    + "holds the ones before";
        }
        if (o == CommitOutcome.ROLLED_BACK) {
            return ": the reload never committed, so the store was not changed (nothing to restore)";
        }
        return ": whether the reload committed is unknown; compare the store with the set (pipeline vector list "
                + "asks the database again)";
    }

    /** Marks every task left in progress by a dead process; run at start-up. Returns how many. */
    public int reconcileAll() {
        int n = 0;
        for (Task t : repository.query(new TaskRepository.TaskQuery(TaskFilter.status(TaskStatus.IN_PROGRESS),
                "created_at", true, 0, 10_000)).tasks()) {
            if (reconcile(t).status() == TaskStatus.FAILED) {
                n++;
            }
        }
        return n;
    }
}
