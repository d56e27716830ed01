package io.datapipeline.core.service;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts or refuses an execution, then runs it on the given executor (the REST server's bounded pool, or
 * the calling thread in the CLI). The per-task lock is taken before accepting, so two requests for the same
 * task never both run, whatever process they come from; the lock is released when the run ends.
 */
public final class ExecuteTaskService implements ExecuteTaskUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(ExecuteTaskService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TaskRepository repository;
    private final TaskWorkspace workspace;
    private final WorkflowRunner runner;
    private final VectorManagementPolicy policy;
    private final Executor executor;
    private final Clock clock;
    private final Map<String, CompletableFuture<ResultDocument>> running = new ConcurrentHashMap<>();

    public ExecuteTaskService(TaskRepository repository, TaskWorkspace workspace, WorkflowRunner runner,
            VectorManagementPolicy policy, Executor executor, Clock clock) {
        this.repository = repository;
        this.workspace = workspace;
        this.runner = runner;
        this.policy = policy;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public ExecutionOutcome execute(ExecuteTaskCommand command) {
        ExecutionRequest request = command.request();
        Optional<Task> found = repository.find(request.taskId());
        if (found.isEmpty()) {
            return new ExecutionOutcome.NotFound(request.taskId());
        }
        Task task = found.get();
        if (command.idempotencyKey().isPresent()) {
            Optional<Execution> earlier = repository.findExecutionByIdempotencyKey(task.id(), command.idempotencyKey().get());
            if (earlier.isPresent()) {
                return new ExecutionOutcome.Accepted(earlier.get(), futureOf(earlier.get()), true);
            }
        }
        VectorManagementDecision decision = policy.decide(request, task.parameters().enableTrainingDataLoad());
        boolean needsTableList = request.mode() == ExecutionMode.COMPLETE || request.step() == StepName.DDL_GENERATION;
        if (needsTableList && workspace.readText(task.id(), "table_list.txt").isEmpty()) {
            return new ExecutionOutcome.Refused(task.id(), "table_list", "task " + task.id()
                    + " has no table list yet: give it one before executing");
        }
        Optional<TaskRepository.TaskLock> lock = repository.tryLock(task.id());
        if (lock.isEmpty()) {
            Execution current = repository.executions(task.id(), 20).stream()
                    .filter(e -> e.status() == ExecutionStatus.RUNNING).findFirst().orElse(null);
            return new ExecutionOutcome.AlreadyRunning(task.id(), current);
        }
        Instant now = clock.instant();
        Execution execution = new Execution(executionId(task), task.id(), request, decision, ExecutionStatus.RUNNING,
                now, null, null, null, command.idempotencyKey().orElse(null));
        CompletableFuture<ResultDocument> future = new CompletableFuture<>();
        try {
            repository.insertExecution(execution);
            Task started = task.withStatus(TaskStatus.IN_PROGRESS, task.startedAt() == null ? now : task.startedAt(),
                    null, null);
            repository.update(started);
            running.put(execution.executionId(), future);
            decision.warnings().forEach(w -> LOG.warn("task={} execution={} {}", task.id(), execution.executionId(), w));
            executor.execute(() -> runAndRelease(started, execution, command.progress(), lock.get(), future));
        } catch (RejectedExecutionException e) {
            running.remove(execution.executionId());
            repository.updateExecution(execution.finished(ExecutionStatus.FAILED, clock.instant(), null,
                    "refused: too many executions are running"));
            repository.update(task);
            lock.get().close();
            return new ExecutionOutcome.PoolFull(task.id(), "too many executions are running; retry later");
        } catch (RuntimeException e) {
            running.remove(execution.executionId());
            lock.get().close();
            throw e;
        }
        return new ExecutionOutcome.Accepted(execution, future, false);
    }

    private void runAndRelease(Task task, Execution execution, io.datapipeline.core.vector.TransferProgress progress,
            TaskRepository.TaskLock lock, CompletableFuture<ResultDocument> future) {
        try {
            future.complete(ResultDocument.of(runner.run(task, execution, progress)));
        } catch (RuntimeException | Error e) {
            LOG.error("task={} execution={} ended unexpectedly: {}", task.id(), execution.executionId(), e.toString());
            ExecutionResult crashed = new ExecutionResult.Crashed(task.id(), execution.executionId(), "internal error: "
                    + e.getMessage());
            try {
                repository.updateExecution(execution.finished(ExecutionStatus.FAILED, clock.instant(),
                        ResultDocument.of(crashed), crashed.error()));
                repository.update(task.withStatus(TaskStatus.FAILED, task.startedAt(), clock.instant(), crashed.error()));
            } catch (RuntimeException ignored) {
                // the database is gone too; the next reader marks the task interrupted
            }
            future.complete(ResultDocument.of(crashed));
        } finally {
            running.remove(execution.executionId());
            lock.close();
        }
    }

    private CompletableFuture<ResultDocument> futureOf(Execution execution) {
        CompletableFuture<ResultDocument> live = running.get(execution.executionId());
        if (live != null) {
            return live;
        }
        return CompletableFuture.completedFuture(execution.result());
    }

    private String executionId(Task task) {
        return task.id().value() + "_exec_" + STAMP.format(LocalDateTime.now(clock)) + "_"
                + String.format("%04x", RANDOM.nextInt(0x10000));
    }
}
