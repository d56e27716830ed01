package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.InMemoryUnitCheckpoints;
import io.datapipeline.core.port.in.TaskFilesUseCase;
import io.datapipeline.core.port.out.ModelCallObserver;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.UnitCheckpoints;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A complete re-run keeps the earlier run's generated files in {@code file_bak_<ts>/} (the original's behaviour),
 * listed by the task's files; a resume or a single step does not; and what the model cost is in each step's artifact.
 */
class EarlierOutputsTest {

    private static final TaskId ID = new TaskId("task_1");
    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final InMemoryUnitCheckpoints checkpoints = new InMemoryUnitCheckpoints();
    private final Task task = new Task(ID, null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(DatabaseUrl.parse(
            "postgresql://app@db/shop", "db"), "shops"), "shop", "api", clock.instant(), null, null, null);
    private int executions;

    /** A step that reports model calls through the execution's monitor, as the language-model steps do. */
    private static WorkflowStep step(StepName name, int calls) {
        return new WorkflowStep() {
            @Override
            public StepName name() {
                return name;
            }

            @Override
            public boolean enabledFor(TaskParameters parameters) {
                return name == StepName.DDL_GENERATION || name == StepName.QA_GENERATION;
            }

            @Override
            public StepOutcome run(StepContext ctx) {
                ModelCallObserver o = ((ScriptedModelView) ctx.monitor().observe(new ScriptedModelView()))
                        .observedByObserver();
                for (int i = 0; i < calls; i++) {
                    o.answered(100, 10);
                }
                o.retrying("HTTP 429");
                o.waiting(Duration.ofMillis(1500), "rate limited");
                return StepOutcome.ok(new StepResult.Empty());
            }
        };
    }

    /** Hands out the observer a step's model view is given (what a real adapter reports its calls to). */
    private static final class ScriptedModelView implements io.datapipeline.core.port.out.LanguageModel {
        private ModelCallObserver observer = ModelCallObserver.NONE;

        @Override
        public io.datapipeline.core.port.out.LanguageModel observedBy(ModelCallObserver o) {
            ScriptedModelView v = new ScriptedModelView();
            v.observer = o;
            return v;
        }

        ModelCallObserver observedByObserver() {
            return observer;
        }

        @Override
        public String describe() {
            return "view";
        }

        @Override
        public List<Theme> proposeThemes(String s, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.datapipeline.core.port.out.QuestionSqlPair> generatePairs(String s, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String repairSql(String s, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CommentProposal proposeComments(String s, String u) {
            throw new UnsupportedOperationException();
        }
    }

    private WorkflowRunner runner() {
        repo.insert(task);
        return new WorkflowRunner(repo, ws, clock, WorkflowSteps.of(List.of(step(StepName.DDL_GENERATION, 3),
                step(StepName.QA_GENERATION, 2))), checkpoints);
    }

    private ExecutionResult.Finished run(WorkflowRunner runner, ExecutionRequest request) {
        Execution e = new Execution("task_1_exec_" + (++executions), ID, request, new VectorManagementDecision(false,
                false, false, List.of()), ExecutionStatus.RUNNING, clock.instant(), null, null, null, null);
        repo.insertExecution(e);
        return (ExecutionResult.Finished) runner.run(repo.find(ID).orElseThrow(), e, TransferProgress.NONE);
    }

    private void earlierRun() {
        ws.writeText(ID, "table_list.txt", "shop");
        ws.writeText(ID, "shop.ddl", "create table shop ();");
        ws.writeText(ID, "shop_detail.md", "## shop");
        ws.writeText(ID, "filename_mapping.txt", "# File name mapping\n# Format: table -> file\n\npublic.shop -> "
                + "shop_detail.md\n");
        ws.writeText(ID, "orders.ddl", "create table orders ();");
        ws.writeText(ID, "qs_shop_20250720_100000_pair.json", "[]");
        ws.writeText(ID, "qs_shop_20250720_100000_pair.json.backup_20250720_100500", "[]");
        ws.writeText(ID, "metadata.txt", "-- themes");
        ws.writeText(ID, "sql_validation_20250720_100500_summary.log", "ok");
        ws.writeText(ID, "task_result.json", "{}");
        ws.writeText(ID, "uploaded_extra.sql", "SELECT 1;");
        checkpoints.save(ID, new UnitCheckpoints.Checkpoint(StepName.DDL_GENERATION, "orders",
                new UnitCheckpoints.Inputs("aa", "2", "m"), new UnitCheckpoints.Documents(List.of(
                        new UnitCheckpoints.OutputFile("orders.ddl", "bb")), 0), clock.instant()));
    }

    @Test
    void givenAnEarlierRun_whenRunCompleteAgain_thenItsFilesAreInAFileBakFolderWithItsInfoAndTheRestStays() {
        earlierRun();

        run(runner(), ExecutionRequest.complete(ID));

        assertThat(ws.folders(ID)).containsExactly("file_bak_20250721_113010");
        assertThat(ws.listFolder(ID, "file_bak_20250721_113010")).extracting(TaskWorkspace.FileInfo::name)
                .containsExactly("backup_info.json", "filename_mapping.txt", "metadata.txt", "orders.ddl",
                        "qs_shop_20250720_100000_pair.json", "qs_shop_20250720_100000_pair.json.backup_20250720_100500",
                        "shop.ddl", "shop_detail.md", "sql_validation_20250720_100500_summary.log", "task_result.json");
        assertThat(ws.list(ID)).extracting(TaskWorkspace.FileInfo::name).containsExactly("data_pipeline.log",
                "table_list.txt", "task_result.json", "uploaded_extra.sql");
        assertThat(checkpoints.list(ID, StepName.DDL_GENERATION)).as("the run starts afresh").isEmpty();
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow())
                .contains("moved 9 files of an earlier run into file_bak_20250721_113010/");
        TaskFilesUseCase.FileBackup b = new TaskFilesService(repo, ws, clock).listFileBackups(ID).get(0);
        assertThat(b.folder()).isEqualTo("file_bak_20250721_113010");
        assertThat(b.files()).hasSize(10);
    }

    @Test
    void givenTwoCompleteRunsInTheSameSecond_whenTheSecondMovesTheFirstsFiles_thenItsFolderGetsASuffix() {
        earlierRun();
        WorkflowRunner runner = runner();
        run(runner, ExecutionRequest.complete(ID));

        run(runner, ExecutionRequest.complete(ID));

        assertThat(ws.folders(ID)).containsExactly("file_bak_20250721_113010", "file_bak_20250721_113010_1");
        assertThat(ws.listFolder(ID, "file_bak_20250721_113010_1")).extracting(TaskWorkspace.FileInfo::name)
                .containsExactly("backup_info.json", "task_result.json");
        assertThat(new TaskFilesService(repo, ws, clock).listFileBackups(ID)).extracting(TaskFilesUseCase.FileBackup::folder)
                .containsExactly("file_bak_20250721_113010_1", "file_bak_20250721_113010");
    }

    @Test
    void givenAnEarlierRun_whenResumedOrOneStepRuns_thenNothingIsMoved() {
        earlierRun();
        WorkflowRunner runner = runner();

        run(runner, ExecutionRequest.step(ID, StepName.DDL_GENERATION));
        run(runner, ExecutionRequest.resume(ID));

        assertThat(ws.folders(ID)).isEmpty();
        assertThat(ws.readText(ID, "shop.ddl")).isPresent();
        assertThat(checkpoints.list(ID, StepName.DDL_GENERATION)).hasSize(1);
    }

    @Test
    void givenStepsThatCallTheModel_whenRun_thenEachArtifactCarriesItsUsageAndTheRunTheirSum() {
        ExecutionResult.Finished r = run(runner(), ExecutionRequest.complete(ID));

        ExecutionResult.Workflow w = (ExecutionResult.Workflow) r.body();
        assertThat(w.artifacts().get(0).usage()).isEqualTo(new ModelUsage(3, 300, 30, 1, 1, 1.5));
        assertThat(w.artifacts().get(1).usage()).isEqualTo(new ModelUsage(2, 200, 20, 1, 1, 1.5));
        assertThat(w.usage()).isEqualTo(new ModelUsage(5, 500, 50, 2, 2, 3.0));
        assertThat(ws.readText(ID, "data_pipeline.log").orElseThrow()).contains("pipeline.ddl_generation: completed "
                + "(llm: 3 calls, 300 prompt + 30 completion tokens, 1 retries, 1 waits 1.5 s)");

        ExecutionResult.Finished one = run(runner(), ExecutionRequest.step(ID, StepName.QA_GENERATION));
        assertThat(one.body().usage()).isEqualTo(new ModelUsage(2, 200, 20, 1, 1, 1.5));
    }
}
