package io.datapipeline.core.service;

import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.domain.AccessPolicy;
import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.CancelExecutionUseCase;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.out.ExecutionJournal;
import java.util.List;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.port.in.PreviewExecutionUseCase;
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
public final class ExecuteTaskService implements ExecuteTaskUseCase, CancelExecutionUseCase, PreviewExecutionUseCase {

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
    private final Map<String, ExecutionMonitor> monitors = new ConcurrentHashMap<>();
    private final ExecutionJournal journal;

    public ExecuteTaskService(TaskRepository repository, TaskWorkspace workspace, WorkflowRunner runner,
            VectorManagementPolicy policy, Executor executor, Clock clock) {
        this(repository, workspace, runner, policy, executor, clock, null);
    }

    /**
     * @param journal where cancel requests, progress and events are recorded (shared by every process on the
     *                metadata database), or {@code null} for none (no cancel, no events)
     */
    public ExecuteTaskService(TaskRepository repository, TaskWorkspace workspace, WorkflowRunner runner,
            VectorManagementPolicy policy, Executor executor, Clock clock, ExecutionJournal journal) {
        this.repository = repository;
        this.workspace = workspace;
        this.runner = runner;
        this.policy = policy;
        this.executor = executor;
        this.clock = clock;
        this.journal = journal;
    }

    /** How often {@link #pollCancels} is meant to run: the progress throttle's period. */
    public static final long CANCEL_POLL_MILLIS = ExecutionMonitor.THROTTLE_MILLIS;

    /**
     * Delivers cancel requests recorded by other processes to the executions running here. The owner of this service
     * (the assembly) runs it every {@link #CANCEL_POLL_MILLIS} ms on a scheduler of its own, which it shuts down.
     */
    public void pollCancels() {
        if (journal == null) {
            return;
        }
        for (ExecutionMonitor m : monitors.values()) {
            if (m.cancelled()) {
                continue;
            }
            try {
                if (journal.cancelRequested(m.executionId())) {
                    LOG.info("execution={} cancel requested; stopping", m.executionId());
                    m.cancel();
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot read cancel requests: {}", e.getMessage());
            }
        }
    }

    @Override
    public CancelOutcome cancel(TaskId taskId, Optional<String> executionId) {
        if (repository.find(taskId).isEmpty()) {
            return new CancelOutcome.NotFound("task " + taskId);
        }
        Optional<Execution> target;
        if (executionId.isPresent()) {
            target = repository.findExecution(executionId.get()).filter(e -> e.taskId().equals(taskId));
            if (target.isEmpty()) {
                return new CancelOutcome.NotFound("execution " + executionId.get() + " of task " + taskId);
            }
        } else {
            target = repository.executions(taskId, 20).stream().filter(e -> e.status() == ExecutionStatus.RUNNING)
                    .findFirst();
            if (target.isEmpty()) {
                return new CancelOutcome.NotRunning(taskId, null);
            }
        }
        Execution e = target.get();
        if (e.status() != ExecutionStatus.RUNNING) {
            return new CancelOutcome.NotRunning(taskId, e);
        }
        if (journal == null) {
            ExecutionMonitor local = monitors.get(e.executionId());
            if (local == null) {
                return new CancelOutcome.NotRunning(taskId, e);
            }
            local.cancel();
            return new CancelOutcome.Requested(e);
        }
        if (!journal.requestCancel(e.executionId(), clock.instant())) {
            return new CancelOutcome.NotRunning(taskId, repository.findExecution(e.executionId()).orElse(e));
        }
        ExecutionMonitor local = monitors.get(e.executionId());
        if (local != null) {
            local.cancel();
        }
        LOG.info("task={} execution={} cancel requested", taskId, e.executionId());
        return new CancelOutcome.Requested(e);
    }

    /** Stops every execution running in this process (a shutdown, Ctrl-C of the CLI). */
    public void cancelLocal() {
        monitors.values().forEach(ExecutionMonitor::cancel);
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
        PreviewOutcome plan = plan(task, request, AccessPolicy::execution, command.callerScope());
        if (plan instanceof PreviewOutcome.Forbidden forbidden) {
            LOG.warn("task={} execution refused: {}", task.id(), forbidden.refusal().message());
            return new ExecutionOutcome.Forbidden(task.id(), forbidden.refusal());
        }
        if (plan instanceof PreviewOutcome.NothingToResume nothing) {
            return new ExecutionOutcome.NothingToResume(task.id(), nothing.reason());
        }
        if (plan instanceof PreviewOutcome.Refused refused) {
            return new ExecutionOutcome.Refused(task.id(), refused.field(), refused.reason());
        }
        VectorManagementDecision decision = ((PreviewOutcome.Decided) plan).decision();
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
            ExecutionMonitor monitor = new ExecutionMonitor(journal, execution.executionId(), clock);
            monitors.put(execution.executionId(), monitor);
            // the decision's warnings are logged once, by the run itself (the task's log and the process log), and
            // returned to the caller in the answer and the result document
            executor.execute(() -> runAndRelease(started, execution, command.progress(), lock.get(), future, monitor));
        } catch (RejectedExecutionException e) {
            running.remove(execution.executionId());
            monitors.remove(execution.executionId());
            repository.updateExecution(execution.finished(ExecutionStatus.FAILED, clock.instant(), null,
                    "refused: too many executions are running"));
            repository.update(task);
            lock.get().close();
            return new ExecutionOutcome.PoolFull(task.id(), "too many executions are running; retry later");
        } catch (RuntimeException e) {
            running.remove(execution.executionId());
            monitors.remove(execution.executionId());
            lock.get().close();
            throw e;
        }
        return new ExecutionOutcome.Accepted(execution, future, false);
    }

    @Override
    public PreviewOutcome preview(ExecutionRequest request, ApiScope callerScope) {
        Optional<Task> task = repository.find(request.taskId());
        if (task.isEmpty()) {
            return new PreviewOutcome.NotFound(request.taskId());
        }
        return plan(task.get(), request, AccessPolicy::preview, callerScope);
    }

    /**
     * The steps the request runs and the policy's decision for them, or why it cannot run: one computation for
     * {@link #execute} and {@link #preview}, so a preview never disagrees with the execution it announces. A caller
     * whose scope does not cover the decision is refused before anything else is said about the task.
     *
     * @param access what the operation needs for a decision ({@link AccessPolicy#execution} or its preview)
     * @param caller the caller's scope
     */
    private PreviewOutcome plan(Task task, ExecutionRequest request,
            java.util.function.Function<VectorManagementDecision, AccessPolicy.Requirement> access, ApiScope caller) {
        List<StepName> steps;
        boolean trainingLoadRuns = task.parameters().enableTrainingDataLoad();
        if (request.mode() == ExecutionMode.RESUME) {
            steps = runner.remainingSteps(task);
            if (steps.isEmpty()) {
                return new PreviewOutcome.NothingToResume(task.id(), "nothing to resume: every step task "
                        + task.id() + " enables has completed; run it again with execution_mode complete");
            }
            trainingLoadRuns = steps.contains(StepName.TRAINING_LOAD);
        } else if (request.mode() == ExecutionMode.STEP) {
            steps = List.of(request.step());
        } else {
            steps = runner.enabledSteps(task);
        }
        VectorManagementDecision decision = policy.decide(request, trainingLoadRuns);
        if (steps.contains(StepName.TRAINING_LOAD)) {
            decision = decision.withTaskGate(task.parameters().retrievalGate());
        }
        Optional<AccessPolicy.Refusal> refusal = access.apply(decision).refusal(caller);
        if (refusal.isPresent()) {
            return new PreviewOutcome.Forbidden(task.id(), refusal.get());
        }
        boolean needsTableList = steps.contains(StepName.DDL_GENERATION);
        if (needsTableList && workspace.readText(task.id(), "table_list.txt").isEmpty()) {
            return new PreviewOutcome.Refused(task.id(), "table_list", "task " + task.id()
                    + " has no table list yet: give it one before executing");
        }
        return new PreviewOutcome.Decided(task.id(), decision, steps);
    }

    private void runAndRelease(Task task, Execution execution, io.datapipeline.core.vector.TransferProgress progress,
            TaskRepository.TaskLock lock, CompletableFuture<ResultDocument> future, ExecutionMonitor monitor) {
        monitor.runOn(Thread.currentThread());
        try {
            future.complete(ResultDocument.of(runner.run(task, execution, progress, monitor)));
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
            monitors.remove(execution.executionId());
            monitor.runOn(null);
            Thread.interrupted();
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
