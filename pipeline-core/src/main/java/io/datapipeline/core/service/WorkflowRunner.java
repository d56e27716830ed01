package io.datapipeline.core.service;

import io.datapipeline.core.domain.Execution;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.port.in.ReloadVectorStoreUseCase;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.SqlValidator;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VectorTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the steps of one execution (the orchestrator): all enabled steps in order, or one step; keeps step
 * and task statuses, writes {@code task_result.json} or {@code <step>_result.json} in the seed's shapes,
 * and returns the same document for the execution record.
 */
public final class WorkflowRunner {

    private final TaskRepository repository;
    private final TaskWorkspace workspace;
    private final Clock clock;
    private final DdlGenerationStep ddl;
    private final QaGenerationStep qa;
    private final SqlValidationStep validation;
    private final TrainingLoadStep load;
    private final List<String> tableOrder;

    /** The ports every step needs. */
    public record Dependencies(TaskRepository repository, TaskWorkspace workspace, SchemaInspector inspector,
            SqlValidator validator, Optional<LanguageModel> languageModel, EmbeddingModel embeddingModel,
            ReloadVectorStoreUseCase reload, VectorTables vectorTables, Clock clock, Duration storeLockWait) {
    }

    public WorkflowRunner(Dependencies d) {
        this.repository = d.repository();
        this.workspace = d.workspace();
        this.clock = d.clock();
        this.ddl = new DdlGenerationStep(d.workspace(), d.inspector(), d.languageModel());
        this.qa = new QaGenerationStep(d.workspace(), d.languageModel(), d.clock());
        this.validation = new SqlValidationStep(d.workspace(), d.validator(), d.languageModel(), d.clock());
        this.load = new TrainingLoadStep(d.workspace(), d.embeddingModel(), d.languageModel(), d.reload(),
                d.storeLockWait());
        this.tableOrder = d.vectorTables().all().stream().map(t -> t.display()).toList();
    }

    /** The artifact key of a step in {@code workflow_state.artifacts} (the original orchestrator's names). */
    static String artifactKey(StepName step) {
        return switch (step) {
            case DDL_GENERATION -> "ddl_md_generation";
            case QA_GENERATION -> "question_sql_generation";
            case SQL_VALIDATION -> "sql_validation";
            case TRAINING_LOAD -> "training_data_load";
        };
    }

    /** Runs the execution to its end; never throws for a step failure (that is recorded). */
    Map<String, Object> run(Task task, Execution execution, TransferProgress progress) {
        TaskLog log = new TaskLog(workspace, task.id(), clock);
        StepContext ctx = new StepContext(task, execution, execution.decision(), log, progress);
        execution.decision().warnings().forEach(w -> log.warn("task", w));
        log.info("task", "execution " + execution.executionId() + " started: mode=" + execution.request().mode()
                + execution.request().stepName().map(s -> " step=" + s).orElse("") + " backup="
                + execution.decision().backup() + " truncate=" + execution.decision().truncate());
        Map<String, Object> doc = execution.request().mode() == ExecutionMode.COMPLETE ? complete(ctx)
                : step(ctx, execution.request().step());
        boolean success = Boolean.TRUE.equals(doc.get("success"));
        Instant end = clock.instant();
        repository.updateExecution(execution.finished(success ? ExecutionStatus.COMPLETED : ExecutionStatus.FAILED, end,
                doc, (String) doc.get("error")));
        log.info("task", "execution " + execution.executionId() + (success ? " completed" : " failed: " + doc.get("error")));
        return doc;
    }

    private Map<String, Object> complete(StepContext ctx) {
        Task task = ctx.task();
        List<StepName> steps = new ArrayList<>(List.of(StepName.DDL_GENERATION, StepName.QA_GENERATION));
        List<String> skipped = new ArrayList<>();
        if (task.parameters().enableSqlValidation()) {
            steps.add(StepName.SQL_VALIDATION);
        } else {
            skipped.add(StepName.SQL_VALIDATION.wire());
        }
        if (task.parameters().enableTrainingDataLoad()) {
            steps.add(StepName.TRAINING_LOAD);
        } else {
            skipped.add(StepName.TRAINING_LOAD.wire());
        }
        Map<String, Object> artifacts = new LinkedHashMap<>();
        List<String> completed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Instant start = clock.instant();
        String error = null;
        StepName current = null;
        for (StepName step : steps) {
            current = step;
            StepOutcome outcome = runStep(ctx, step);
            artifacts.put(artifactKey(step), outcome.result());
            if (step == StepName.TRAINING_LOAD) {
                artifacts.put("vector_management", vectorManagement(outcome));
            }
            if (outcome.success()) {
                completed.add(step.wire());
            } else {
                failed.add(step.wire());
                error = step.wire() + ": " + outcome.error();
                break;
            }
        }
        boolean success = error == null;
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("start_time", start.toString());
        state.put("end_time", clock.instant().toString());
        state.put("status", success ? "completed" : "failed");
        state.put("current_step", current == null ? null : current.wire());
        state.put("completed_steps", completed);
        state.put("failed_steps", failed);
        state.put("skipped_steps", skipped);
        state.put("artifacts", artifacts);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workflow_state", state);
        result.put("artifacts", artifacts);
        Map<String, Object> doc = document(ctx, success, result, error);
        workspace.writeJson(task.id(), "task_result.json", doc);
        finishTask(task, success ? TaskStatus.COMPLETED : TaskStatus.FAILED, error);
        return doc;
    }

    private Map<String, Object> step(StepContext ctx, StepName step) {
        StepOutcome outcome = runStep(ctx, step);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(artifactKey(step), outcome.result());
        if (step == StepName.TRAINING_LOAD) {
            result.put("vector_management", vectorManagement(outcome));
        }
        String error = outcome.success() ? null : step.wire() + ": " + outcome.error();
        Map<String, Object> doc = document(ctx, outcome.success(), result, error);
        doc.put("step_name", step.wire());
        workspace.writeJson(ctx.task().id(), step.wire() + "_result.json", doc);
        finishTask(ctx.task(), overallStatus(ctx.task(), outcome.success()), error);
        return doc;
    }

    private Map<String, Object> vectorManagement(StepOutcome outcome) {
        VectorManagementReport vm = outcome.vectorManagement() == null ? VectorManagementReport.notRequested()
                : outcome.vectorManagement();
        return vm.toMap(tableOrder);
    }

    private Map<String, Object> document(StepContext ctx, boolean success, Map<String, Object> result, String error) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("success", success);
        doc.put("task_id", ctx.task().id().value());
        doc.put("execution_id", ctx.execution().executionId());
        doc.put("execution_mode", ctx.execution().request().mode().wire());
        if (ctx.execution().request().mode() == ExecutionMode.STEP) {
            doc.put("step_name", ctx.execution().request().step().wire());
        }
        doc.put("result", result);
        doc.put("warnings", ctx.decision().warnings());
        if (error != null) {
            doc.put("error", error);
        }
        return doc;
    }

    private StepOutcome runStep(StepContext ctx, StepName step) {
        Instant start = clock.instant();
        String executionId = ctx.execution().executionId();
        repository.saveStep(new StepRun(ctx.task().id(), step, StepStatus.RUNNING, executionId, start, null, null));
        ctx.log().info(step.wire(), "started");
        StepOutcome outcome;
        try {
            outcome = switch (step) {
                case DDL_GENERATION -> ddl.run(ctx);
                case QA_GENERATION -> qa.run(ctx);
                case SQL_VALIDATION -> validation.run(ctx);
                case TRAINING_LOAD -> load.run(ctx);
            };
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outcome = StepOutcome.failed(new LinkedHashMap<>(), why);
        }
        Instant end = clock.instant();
        if (outcome.success()) {
            repository.saveStep(new StepRun(ctx.task().id(), step, StepStatus.COMPLETED, executionId, start, end, null));
            ctx.log().info(step.wire(), "completed");
        } else {
            repository.saveStep(new StepRun(ctx.task().id(), step, StepStatus.FAILED, executionId, start, end,
                    outcome.error()));
            ctx.log().error(step.wire(), "failed: " + outcome.error());
        }
        return outcome;
    }

    /**
     * After one step ran: failed if it failed; completed when every enabled step has completed; otherwise
     * partially completed (never left in progress).
     */
    private TaskStatus overallStatus(Task task, boolean stepSucceeded) {
        if (!stepSucceeded) {
            return TaskStatus.FAILED;
        }
        Map<StepName, StepStatus> status = new LinkedHashMap<>();
        repository.steps(task.id()).forEach(s -> status.put(s.step(), s.status()));
        List<StepName> required = new ArrayList<>(List.of(StepName.DDL_GENERATION, StepName.QA_GENERATION));
        if (task.parameters().enableSqlValidation()) {
            required.add(StepName.SQL_VALIDATION);
        }
        if (task.parameters().enableTrainingDataLoad()) {
            required.add(StepName.TRAINING_LOAD);
        }
        boolean all = required.stream().allMatch(s -> status.get(s) == StepStatus.COMPLETED);
        return all ? TaskStatus.COMPLETED : TaskStatus.PARTIAL_COMPLETED;
    }

    private void finishTask(Task task, TaskStatus status, String error) {
        Task current = repository.find(task.id()).orElse(task);
        repository.update(current.withStatus(status, current.startedAt(), clock.instant(), error));
    }
}
