package io.datapipeline.core.service;

import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.port.in.ExecutionEventsUseCase;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.core.port.out.TaskRepository;
import java.util.List;
import java.util.Optional;

/** Reads executions with their live progress and their events from the repository and the journal. */
public final class ExecutionEventsService implements ExecutionEventsUseCase {

    private final TaskRepository repository;
    private final ExecutionJournal journal;

    public ExecutionEventsService(TaskRepository repository, ExecutionJournal journal) {
        this.repository = repository;
        this.journal = journal;
    }

    @Override
    public Optional<WatchedExecution> execution(TaskId taskId, String executionId) {
        return repository.findExecution(executionId).filter(e -> e.taskId().equals(taskId))
                .map(e -> new WatchedExecution(e, e.status() == ExecutionStatus.RUNNING ? journal.progress(executionId)
                        : Optional.empty()));
    }

    @Override
    public Optional<Execution> running(TaskId taskId) {
        return repository.executions(taskId, 20).stream().filter(e -> e.status() == ExecutionStatus.RUNNING).findFirst();
    }

    @Override
    public List<ExecutionEvent> events(TaskId taskId, String executionId, long afterSeq, int limit) {
        if (repository.findExecution(executionId).filter(e -> e.taskId().equals(taskId)).isEmpty()) {
            throw new NotFoundException("task " + taskId + " has no execution " + executionId);
        }
        return journal.events(executionId, Math.max(0, afterSeq), Math.max(1, Math.min(limit, 1000)));
    }
}
