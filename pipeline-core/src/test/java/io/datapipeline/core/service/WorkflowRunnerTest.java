package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The orchestration on scripted steps: run order, stopping, step and task statuses, the result files. */
class WorkflowRunnerTest {

    private static final TaskId ID = new TaskId("task_1");
    private static final VectorManagementReport BACKED_UP = new VectorManagementReport(true, false, Map.of(), Map.of(),
            List.of(), List.of(), 0.5, "/memory/task_1/vector_bak", "backup_manifest.json", "20250721_113010",
            CommitOutcome.COMMITTED, null);

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final List<StepName> ran = new ArrayList<>();
    private final Map<StepName, ScriptedStep> steps = new EnumMap<>(StepName.class);
    private final Task task = new Task(ID, null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(DatabaseUrl.parse(
            "postgresql://app@db/shop", "db"), "shops"), "shop", "api", Instant.parse("2025-07-21T11:00:00Z"),
            Instant.parse("2025-07-21T11:30:00Z"), null, null);
    private int executions;

    /** A step that returns (or throws) what the test says and records that it ran. */
    private final class ScriptedStep implements WorkflowStep {
        private final StepName name;
        private final boolean enabled;
        private Supplier<StepOutcome> outcome;

        ScriptedStep(StepName name, boolean enabled) {
            this.name = name;
            this.enabled = enabled;
            this.outcome = () -> StepOutcome.ok(new StepResult.Empty());
        }

        @Override
        public StepName name() {
            return name;
        }

        @Override
        public boolean enabledFor(TaskParameters parameters) {
            return enabled;
        }

        @Override
        public StepOutcome run(StepContext ctx) {
            ran.add(name);
            return outcome.get();
        }
    }

    /** The four steps, sql_validation disabled unless said otherwise. */
    private WorkflowRunner runner(boolean validationEnabled) {
        for (StepName s : StepName.values()) {
            steps.put(s, new ScriptedStep(s, s != StepName.SQL_VALIDATION || validationEnabled));
        }
        repo.insert(task);
        return new WorkflowRunner(repo, ws, clock, WorkflowSteps.of(List.copyOf(steps.values())));
    }

    private ExecutionResult.Finished run(WorkflowRunner runner, ExecutionRequest request, List<String> warnings) {
        VectorManagementDecision decision = new VectorManagementDecision(false, false, false, warnings);
        Execution e = new Execution("task_1_exec_" + (++executions), ID, request, decision, ExecutionStatus.RUNNING,
                clock.instant(), null, null, null, null);
        repo.insertExecution(e);
        return (ExecutionResult.Finished) runner.run(repo.find(ID).orElseThrow(), e, TransferProgress.NONE);
    }

    private ExecutionResult.Finished complete(WorkflowRunner runner) {
        return run(runner, ExecutionRequest.complete(ID), List.of());
    }

    private ExecutionResult.Finished step(WorkflowRunner runner, StepName step) {
        return run(runner, ExecutionRequest.step(ID, step), List.of());
    }

    private Map<StepName, StepRun> stepRuns() {
        Map<StepName, StepRun> m = new EnumMap<>(StepName.class);
        repo.steps(ID).forEach(s -> m.put(s.step(), s));
        return m;
    }

    @Test
    void givenACompleteRun_whenEveryEnabledStepSucceeds_thenTheyRunInOrderTheDisabledOneIsSkippedAndTheTaskCompletes() {
        WorkflowRunner runner = runner(false);
        steps.get(StepName.TRAINING_LOAD).outcome = () -> new StepOutcome(true, new StepResult.Empty(), null, BACKED_UP);

        ExecutionResult.Finished result = complete(runner);

        assertThat(ran).containsExactly(StepName.DDL_GENERATION, StepName.QA_GENERATION, StepName.TRAINING_LOAD);
        assertThat(result.success()).isTrue();
        assertThat(result.mode()).isEqualTo(ExecutionMode.COMPLETE);
        assertThat(result.step()).isNull();
        assertThat(result.error()).isNull();
        assertThat(result.body()).isInstanceOfSatisfying(ExecutionResult.Workflow.class, w -> {
            assertThat(w.state().completed()).containsExactly(StepName.DDL_GENERATION, StepName.QA_GENERATION,
                    StepName.TRAINING_LOAD);
            assertThat(w.state().failed()).isEmpty();
            assertThat(w.state().skipped()).containsExactly(StepName.SQL_VALIDATION);
            assertThat(w.state().currentStep()).isEqualTo(StepName.TRAINING_LOAD);
            assertThat(w.state().success()).isTrue();
            assertThat(w.artifacts()).extracting(ExecutionResult.StepArtifact::step).containsExactly(
                    StepName.DDL_GENERATION, StepName.QA_GENERATION, StepName.TRAINING_LOAD);
            assertThat(w.vectorManagement()).isEqualTo(BACKED_UP);
        });
        Task after = repo.find(ID).orElseThrow();
        assertThat(after.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(after.startedAt()).as("the first start is kept").isEqualTo(task.startedAt());
        assertThat(after.completedAt()).isEqualTo(clock.instant());
        assertThat(stepRuns().get(StepName.QA_GENERATION)).isEqualTo(new StepRun(ID, StepName.QA_GENERATION,
                StepStatus.COMPLETED, "task_1_exec_1", clock.instant(), clock.instant(), null));
        assertThat(stepRuns().get(StepName.SQL_VALIDATION).status()).isEqualTo(StepStatus.PENDING);
        Execution execution = repo.findExecution("task_1_exec_1").orElseThrow();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(execution.result()).isEqualTo(ResultDocument.of(result));
        assertThat(ws.readJson(ID, "task_result.json")).contains(result);
    }

    @Test
    void givenAStepThatFails_whenRunningComplete_thenLaterStepsDoNotRunAndTheTaskFailsNamingTheStep() {
        WorkflowRunner runner = runner(true);
        steps.get(StepName.QA_GENERATION).outcome = () -> StepOutcome.failed(new StepResult.Empty(), "no usable themes");

        ExecutionResult.Finished result = complete(runner);

        assertThat(ran).containsExactly(StepName.DDL_GENERATION, StepName.QA_GENERATION);
        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("qa_generation: no usable themes");
        ExecutionResult.Workflow w = (ExecutionResult.Workflow) result.body();
        assertThat(w.state().completed()).containsExactly(StepName.DDL_GENERATION);
        assertThat(w.state().failed()).containsExactly(StepName.QA_GENERATION);
        assertThat(w.state().currentStep()).isEqualTo(StepName.QA_GENERATION);
        assertThat(w.vectorManagement()).as("training_load did not run").isNull();
        assertThat(repo.find(ID).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(repo.find(ID).orElseThrow().errorMessage()).isEqualTo("qa_generation: no usable themes");
        assertThat(stepRuns().get(StepName.QA_GENERATION).status()).isEqualTo(StepStatus.FAILED);
        assertThat(stepRuns().get(StepName.QA_GENERATION).errorMessage()).isEqualTo("no usable themes");
        assertThat(stepRuns().get(StepName.SQL_VALIDATION).status()).isEqualTo(StepStatus.PENDING);
        Execution execution = repo.findExecution("task_1_exec_1").orElseThrow();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("qa_generation: no usable themes");
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow())
                .contains("[ERROR] pipeline.qa_generation: failed: no usable themes")
                .contains("[INFO] pipeline.task: execution task_1_exec_1 failed: qa_generation: no usable themes");
    }

    @Test
    void givenAStepThatThrows_whenRun_thenItIsAFailedStepWithTheExceptionsMessageOrItsName() {
        WorkflowRunner runner = runner(true);
        steps.get(StepName.DDL_GENERATION).outcome = () -> {
            throw new IllegalStateException("catalog unreachable");
        };
        ExecutionResult.Finished withMessage = step(runner, StepName.DDL_GENERATION);
        steps.get(StepName.DDL_GENERATION).outcome = () -> {
            throw new NullPointerException();
        };
        ExecutionResult.Finished withoutMessage = step(runner, StepName.DDL_GENERATION);

        assertThat(withMessage.error()).isEqualTo("ddl_generation: catalog unreachable");
        assertThat(withoutMessage.error()).isEqualTo("ddl_generation: NullPointerException");
        assertThat(((ExecutionResult.SingleStep) withoutMessage.body()).result()).isEqualTo(new StepResult.Empty());
        assertThat(repo.find(ID).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void givenOneStepRunAlone_whenOtherEnabledStepsHaveNotCompleted_thenTheTaskIsPartiallyCompleted() {
        WorkflowRunner runner = runner(false);

        ExecutionResult.Finished result = step(runner, StepName.DDL_GENERATION);

        assertThat(ran).containsExactly(StepName.DDL_GENERATION);
        assertThat(result.success()).isTrue();
        assertThat(result.mode()).isEqualTo(ExecutionMode.STEP);
        assertThat(result.step()).isEqualTo(StepName.DDL_GENERATION);
        assertThat(result.body()).isEqualTo(new ExecutionResult.SingleStep(StepName.DDL_GENERATION,
                new StepResult.Empty(), null));
        assertThat(repo.find(ID).orElseThrow().status()).isEqualTo(TaskStatus.PARTIAL_COMPLETED);
        assertThat(ws.readJson(ID, "ddl_generation_result.json")).contains(result);
        assertThat(ws.readJson(ID, "task_result.json")).isEmpty();
    }

    @Test
    void givenEveryEnabledStepRunOneByOne_whenTheLastOneCompletes_thenTheTaskIsCompletedAndTheDisabledStepDoesNotCount() {
        WorkflowRunner runner = runner(false);
        List<TaskStatus> statuses = new ArrayList<>();

        for (StepName s : List.of(StepName.TRAINING_LOAD, StepName.DDL_GENERATION, StepName.QA_GENERATION)) {
            step(runner, s);
            statuses.add(repo.find(ID).orElseThrow().status());
        }

        assertThat(statuses).containsExactly(TaskStatus.PARTIAL_COMPLETED, TaskStatus.PARTIAL_COMPLETED,
                TaskStatus.COMPLETED);
    }

    @Test
    void givenACompletedTask_whenOneOfItsStepsFailsOnARerun_thenTheTaskFailedAndARepairedRerunMakesItPartialUntilAllAgree() {
        WorkflowRunner runner = runner(false);
        complete(runner);
        steps.get(StepName.QA_GENERATION).outcome = () -> StepOutcome.failed(new StepResult.Empty(), "model down");

        step(runner, StepName.QA_GENERATION);
        TaskStatus afterFailure = repo.find(ID).orElseThrow().status();
        TaskStatus withFailedStep = runner.overallStatus(task, true);
        steps.get(StepName.QA_GENERATION).outcome = () -> StepOutcome.ok(new StepResult.Empty());
        step(runner, StepName.QA_GENERATION);

        assertThat(afterFailure).isEqualTo(TaskStatus.FAILED);
        assertThat(withFailedStep).as("another enabled step stands failed").isEqualTo(TaskStatus.PARTIAL_COMPLETED);
        assertThat(repo.find(ID).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(repo.find(ID).orElseThrow().errorMessage()).isNull();
        assertThat(runner.overallStatus(task, false)).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void givenATrainingLoadRunAlone_whenItReportsNoVectorManagement_thenTheResultSaysNotRequested() {
        WorkflowRunner runner = runner(false);

        ExecutionResult.Finished load = step(runner, StepName.TRAINING_LOAD);
        ExecutionResult.Finished ddl = step(runner, StepName.DDL_GENERATION);

        assertThat(((ExecutionResult.SingleStep) load.body()).vectorManagement())
                .isEqualTo(VectorManagementReport.notRequested());
        assertThat(((ExecutionResult.SingleStep) ddl.body()).vectorManagement()).isNull();
    }

    @Test
    void givenPolicyWarnings_whenRun_thenTheyAreLoggedAsWarningsAndCarriedInTheResult() {
        WorkflowRunner runner = runner(false);

        ExecutionResult.Finished result = run(runner, ExecutionRequest.step(ID, StepName.DDL_GENERATION)
                .withVectorFlags(true, false), List.of("backup_vector_tables is ignored: the step is not training_load"));

        assertThat(result.warnings()).containsExactly("backup_vector_tables is ignored: the step is not training_load");
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow())
                .contains("[WARNING] pipeline.task: backup_vector_tables is ignored: the step is not training_load")
                .contains("[INFO] pipeline.task: execution task_1_exec_1 started: mode=step step=ddl_generation "
                        + "backup=false truncate=false")
                .contains("[INFO] pipeline.ddl_generation: started")
                .contains("[INFO] pipeline.ddl_generation: completed")
                .contains("[INFO] pipeline.task: execution task_1_exec_1 completed");
    }
}
