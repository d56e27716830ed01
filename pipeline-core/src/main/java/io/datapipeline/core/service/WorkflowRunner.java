package io.datapipeline.core.service;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ResultKind;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.UnitCheckpoints;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the steps of one execution (the orchestrator): every registered step the task enables, in order, or one
 * step; keeps step and task statuses, writes {@code task_result.json} or {@code <step>_result.json}, and returns
 * the same result for the execution record.
 */
public final class WorkflowRunner {

    private final TaskRepository repository;
    private final TaskWorkspace workspace;
    private final Clock clock;
    private final WorkflowSteps steps;
    private final PreviousOutputs previous;

    public WorkflowRunner(TaskRepository repository, TaskWorkspace workspace, Clock clock, WorkflowSteps steps) {
        this(repository, workspace, clock, steps, UnitCheckpoints.NONE);
    }

    /**
     * @param checkpoints where the language-model steps record their units: a complete run forgets them after moving
     *                    the earlier run's files into {@code file_bak_<ts>/}
     */
    public WorkflowRunner(TaskRepository repository, TaskWorkspace workspace, Clock clock, WorkflowSteps steps,
            UnitCheckpoints checkpoints) {
        this.repository = repository;
        this.workspace = workspace;
        this.clock = clock;
        this.steps = steps;
        this.previous = new PreviousOutputs(workspace, checkpoints, clock);
    }

    /** Runs the execution to its end; never throws for a step failure (that is recorded). */
    ExecutionResult run(Task task, Execution execution, TransferProgress progress) {
        return run(task, execution, progress, ExecutionMonitor.none());
    }

    /** Runs the execution to its end, watched by {@code monitor} (cancel, progress, events). */
    ExecutionResult run(Task task, Execution execution, TransferProgress progress, ExecutionMonitor monitor) {
        TaskLog log = new TaskLog(workspace, task.id(), clock);
        StepContext ctx = new StepContext(task, execution, execution.decision(), log, progress, monitor);
        execution.decision().warnings().forEach(w -> {
            log.warn("task", w);
            monitor.warning(w);
        });
        log.info("task", "execution " + execution.executionId() + " started: mode=" + execution.request().mode()
                + execution.request().stepName().map(s -> " step=" + s).orElse("") + " backup="
                + execution.decision().backup() + " truncate=" + execution.decision().truncate());
        ExecutionResult.Finished result = execution.request().mode() == ExecutionMode.STEP
                ? step(ctx, steps.get(execution.request().step())) : complete(ctx);
        ExecutionStatus status = result.success() ? ExecutionStatus.COMPLETED
                : monitor.cancelled() ? ExecutionStatus.CANCELLED : ExecutionStatus.FAILED;
        repository.updateExecution(execution.finished(status, clock.instant(), ResultDocument.of(result),
                result.error()));
        log.info("task", "execution " + execution.executionId() + (result.success() ? " completed"
                : " " + status.wire() + ": " + result.error()));
        monitor.finished(status, result.error());
        return result;
    }

    /**
     * The steps a resume runs: the task's enabled steps from the first one that has not completed; empty when every
     * enabled step has.
     */
    List<StepName> remainingSteps(Task task) {
        Map<StepName, StepStatus> status = new LinkedHashMap<>();
        repository.steps(task.id()).forEach(s -> status.put(s.step(), s.status()));
        List<StepName> enabled = enabledSteps(task);
        for (int i = 0; i < enabled.size(); i++) {
            if (status.get(enabled.get(i)) != StepStatus.COMPLETED) {
                return enabled.subList(i, enabled.size());
            }
        }
        return List.of();
    }

    /** The steps a complete run of the task runs, in order. */
    List<StepName> enabledSteps(Task task) {
        return steps.all().stream().filter(s -> s.enabledFor(task.parameters())).map(WorkflowStep::name).toList();
    }

    private ExecutionResult.Finished complete(StepContext ctx) {
        Task task = ctx.task();
        List<WorkflowStep> enabled = new ArrayList<>();
        List<StepName> skipped = new ArrayList<>();
        boolean resume = ctx.execution().request().mode() == ExecutionMode.RESUME;
        List<StepName> remaining = resume ? remainingSteps(task) : List.of();
        for (WorkflowStep s : steps.all()) {
            if (s.enabledFor(task.parameters()) && (!resume || remaining.contains(s.name()))) {
                enabled.add(s);
            } else {
                skipped.add(s.name());
            }
        }
        List<ExecutionResult.StepArtifact> artifacts = new ArrayList<>();
        VectorManagementReport vm = null;
        List<StepName> completed = new ArrayList<>();
        List<StepName> failed = new ArrayList<>();
        Instant start = clock.instant();
        String error = resume ? null : moveEarlierOutputs(ctx);
        ResultKind kind = error == null ? ResultKind.OK : ResultKind.FAILED;
        StepName current = null;
        for (WorkflowStep step : error == null ? enabled : List.<WorkflowStep>of()) {
            if (ctx.monitor().cancelled()) {
                error = "cancelled by request before " + step.name().wire();
                kind = ResultKind.FAILED;
                break;
            }
            current = step.name();
            StepOutcome outcome = runStep(ctx, step);
            artifacts.add(new ExecutionResult.StepArtifact(step.name(), outcome.result(), ctx.monitor().stepUsage()));
            if (step.name() == StepName.TRAINING_LOAD) {
                vm = vectorManagement(outcome);
            }
            if (outcome.success()) {
                completed.add(step.name());
            } else {
                failed.add(step.name());
                error = step.name().wire() + ": " + outcome.error();
                kind = outcome.kind();
                break;
            }
        }
        boolean success = error == null;
        ExecutionResult.WorkflowState state = new ExecutionResult.WorkflowState(start, clock.instant(), success, current,
                completed, failed, skipped);
        ExecutionResult.Finished result = finished(ctx, kind, new ExecutionResult.Workflow(state, artifacts, vm),
                error);
        workspace.writeJson(task.id(), "task_result.json", result);
        finishTask(task, success ? overallStatus(task, true) : TaskStatus.FAILED, error);
        return result;
    }

    /** A complete run keeps the earlier run's files in {@code file_bak_<ts>/}; returns why it cannot, or null. */
    private String moveEarlierOutputs(StepContext ctx) {
        try {
            previous.moveAway(ctx.task().id(), ctx.log());
            return null;
        } catch (RuntimeException e) {
            String why = "the files of the earlier run could not be moved into file_bak_*; nothing was run: "
                    + e.getMessage();
            ctx.log().error("task", why);
            return why;
        }
    }

    private ExecutionResult.Finished step(StepContext ctx, WorkflowStep step) {
        StepOutcome outcome = runStep(ctx, step);
        VectorManagementReport vm = step.name() == StepName.TRAINING_LOAD ? vectorManagement(outcome) : null;
        String error = outcome.success() ? null : step.name().wire() + ": " + outcome.error();
        ExecutionResult.Finished result = finished(ctx, outcome.kind(), new ExecutionResult.SingleStep(step.name(),
                outcome.result(), vm, ctx.monitor().stepUsage()), error);
        workspace.writeJson(ctx.task().id(), step.name().wire() + "_result.json", result);
        finishTask(ctx.task(), overallStatus(ctx.task(), outcome.success()), error);
        return result;
    }

    private static VectorManagementReport vectorManagement(StepOutcome outcome) {
        return outcome.vectorManagement() == null ? VectorManagementReport.notRequested() : outcome.vectorManagement();
    }

    private static ExecutionResult.Finished finished(StepContext ctx, ResultKind kind, ExecutionResult.Body body,
            String error) {
        return new ExecutionResult.Finished(kind, ctx.task().id(), ctx.execution().executionId(),
                ctx.execution().request().mode(), ctx.execution().request().mode() == ExecutionMode.STEP
                        ? ctx.execution().request().step() : null, body, ctx.decision().warnings(), error);
    }

    private StepOutcome runStep(StepContext ctx, WorkflowStep step) {
        Instant start = clock.instant();
        String executionId = ctx.execution().executionId();
        repository.saveStep(new StepRun(ctx.task().id(), step.name(), StepStatus.RUNNING, executionId, start, null,
                null));
        ctx.log().info(step.name().wire(), "started");
        ctx.monitor().stepStarted(step.name());
        StepOutcome outcome;
        try {
            ctx.monitor().checkCancelled();
            outcome = step.run(ctx);
        } catch (ExecutionMonitor.CancelledException e) {
            outcome = StepOutcome.failed(new StepResult.Empty(), "cancelled by request");
        } catch (BusyException e) {
            outcome = new StepOutcome(ResultKind.BUSY, new StepResult.Empty(), e.getMessage(), null);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outcome = StepOutcome.failed(new StepResult.Empty(), why);
        }
        Instant end = clock.instant();
        if (outcome.success()) {
            repository.saveStep(new StepRun(ctx.task().id(), step.name(), StepStatus.COMPLETED, executionId, start, end,
                    null));
            ctx.log().info(step.name().wire(), "completed" + usageNote(ctx.monitor().stepUsage()));
            ctx.monitor().stepFinished(step.name(), StepStatus.COMPLETED, null);
        } else if (ctx.monitor().cancelled()) {
            String why = "cancelled by request" + (outcome.error() == null || outcome.error().contains("cancelled") ? ""
                    : " (" + outcome.error() + ")");
            // a cancel never hides a commit whose outcome is unknown
            outcome = new StepOutcome(outcome.kind() == ResultKind.COMMIT_UNKNOWN ? ResultKind.COMMIT_UNKNOWN
                    : ResultKind.FAILED, outcome.result(), why, outcome.vectorManagement());
            repository.saveStep(new StepRun(ctx.task().id(), step.name(), StepStatus.CANCELLED, executionId, start, end,
                    why));
            ctx.log().warn(step.name().wire(), why);
            ctx.monitor().stepFinished(step.name(), StepStatus.CANCELLED, why);
        } else {
            repository.saveStep(new StepRun(ctx.task().id(), step.name(), StepStatus.FAILED, executionId, start, end,
                    outcome.error()));
            ctx.log().error(step.name().wire(), "failed: " + outcome.error());
            ctx.monitor().stepFinished(step.name(), StepStatus.FAILED, outcome.error());
        }
        return outcome;
    }

    /** {@code  (llm: 24 calls, 5120 prompt + 960 completion tokens, 1 retries, 1 waits 2.0 s)}, or nothing. */
    static String usageNote(io.datapipeline.core.execution.ModelUsage u) {
        if (u.calls() == 0 && u.waits() == 0 && u.retries() == 0) {
            return "";
        }
        return " (llm: " + u.calls() + " calls, " + u.promptTokens() + " prompt + " + u.completionTokens()
                + " completion tokens, " + u.retries() + " retries, " + u.waits() + " waits " + u.waitSeconds() + " s)";
    }

    /**
     * After one step ran: failed if it failed; completed when every step the task enables has completed; otherwise
     * partially completed (never left in progress).
     */
    TaskStatus overallStatus(Task task, boolean stepSucceeded) {
        if (!stepSucceeded) {
            return TaskStatus.FAILED;
        }
        Map<StepName, StepStatus> status = new LinkedHashMap<>();
        repository.steps(task.id()).forEach(s -> status.put(s.step(), s.status()));
        boolean all = steps.all().stream().filter(s -> s.enabledFor(task.parameters()))
                .allMatch(s -> status.get(s.name()) == StepStatus.COMPLETED);
        return all ? TaskStatus.COMPLETED : TaskStatus.PARTIAL_COMPLETED;
    }

    private void finishTask(Task task, TaskStatus status, String error) {
        Task current = repository.find(task.id()).orElse(task);
        repository.update(current.withStatus(status, current.startedAt(), clock.instant(), error));
    }
}
