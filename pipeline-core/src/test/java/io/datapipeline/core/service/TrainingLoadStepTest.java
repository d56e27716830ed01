package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeEmbeddingModel;
import io.datapipeline.core.fakes.FakeReloadVectorStore;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.core.vector.TransferProgress;
import io.datapipeline.core.vector.VectorManagementReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingLoadStepTest {

    private static final TaskId ID = new TaskId("task_1");
    private static final Duration LOCK_WAIT = Duration.ofSeconds(7);

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final FakeEmbeddingModel embedder = new FakeEmbeddingModel(3);
    private final FakeReloadVectorStore reload = new FakeReloadVectorStore();
    private final Task task = new Task(ID, null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(
            DatabaseUrl.parse("postgresql://app@db/shop", "db"), "shops"), "shop", "api", clock.instant(), null, null, null);

    private StepOutcome run(VectorManagementDecision decision, Optional<LanguageModel> model) {
        ExecutionRequest request = ExecutionRequest.step(ID, StepName.TRAINING_LOAD);
        Execution execution = new Execution("task_1_exec_1", ID, request, decision, ExecutionStatus.RUNNING,
                clock.instant(), null, null, null, null);
        return new TrainingLoadStep(ws, embedder, model, reload, LOCK_WAIT).run(new StepContext(task, execution, decision,
                new TaskLog(ws, ID, clock), TransferProgress.NONE));
    }

    private static VectorManagementDecision decision(boolean backup, boolean truncate, boolean skipTraining) {
        return new VectorManagementDecision(backup, truncate, skipTraining, List.of(), TruncateScope.LOADED_COLLECTIONS);
    }

    private void trainingFiles() {
        ws.writeText(ID, "shop.ddl", "create table shop (id int);\ncreate table city (id int);\n");
        ws.writeText(ID, "shop_detail.md", "## shop\nFields:\n- id\n");
        ws.writeJson(ID, "qs_shop_20250721_113000_pair.json", List.of(Map.of("question", "How many?", "sql",
                "SELECT count(*) FROM shop;"), Map.of("question", "How many?", "sql", "SELECT count(*) FROM shop;")));
        ws.writeText(ID, "table_list.txt", "shop");
        ws.writeText(ID, "shop.ddl_1", "create table conflict_copy (x int);");
    }

    private String log() {
        return ws.readText(ID, "data_pipeline.log").orElse("");
    }

    @Test
    void givenTrainingFiles_whenRun_thenEveryItemIsHandedToTheReloadOnceWithTheExecutionsDecisionAndEmbeddedOnlyThere() {
        trainingFiles();

        StepOutcome outcome = run(decision(true, true, false), Optional.empty());

        ReloadVectorStoreCommand c = reload.commands().get(0);
        assertThat(reload.commands()).hasSize(1);
        assertThat(c.taskId()).isEqualTo(ID);
        assertThat(c.executionId()).isEqualTo("task_1_exec_1");
        assertThat(c.backup()).isTrue();
        assertThat(c.truncate()).isTrue();
        assertThat(c.scope()).isEqualTo(TruncateScope.LOADED_COLLECTIONS);
        assertThat(c.lockWait()).isEqualTo(LOCK_WAIT);
        assertThat(c.provenance()).isEqualTo(embedder.provenance());
        assertThat(c.items()).as("files in name order, the repeated pair once").extracting(TrainingItem::collection)
                .containsExactly("sql", "ddl", "ddl", "documentation");
        assertThat(c.items()).as("the reload embeds what the store lacks").allSatisfy(i -> {
            assertThat(i.id()).isEqualTo(TrainingItem.contentId(i.collection(), i.document()));
            assertThat(i.embedded()).isFalse();
        });
        assertThat(embedder.calls()).as("the fake reload holds nothing, so it embeds all four through the step")
                .isEqualTo(1);
        assertThat(log()).contains("embedding 4 of 4 items with").contains("embedded 4 items in");
        assertThat(c.items()).extracting(TrainingItem::document).contains("create table shop (id int)",
                "{\"question\": \"How many?\", \"sql\": \"SELECT count(*) FROM shop;\"}");
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.vectorManagement().backupPerformed()).isTrue();
        assertThat(outcome.result()).isInstanceOfSatisfying(StepResult.TrainingLoad.class, r -> {
            assertThat(r.trainingDataDir()).isEqualTo("/memory/task_1");
            assertThat(r.files().loaded()).containsExactly("qs_shop_20250721_113000_pair.json", "shop.ddl", "shop_detail.md");
            assertThat(r.files().skipped()).containsExactly("shop.ddl_1", "table_list.txt");
            assertThat(r.files().duplicatesInFiles()).isEqualTo(1);
            assertThat(r.load().successful()).isTrue();
            assertThat(r.load().commitOutcome()).isEqualTo("committed");
            assertThat(r.load().recordsLoaded()).isEqualTo(Map.of("ddl", 2L, "documentation", 1L, "sql", 1L));
            assertThat(r.load().skippedExisting()).isEqualTo(Map.of("ddl", 0L, "documentation", 0L, "sql", 0L));
            assertThat(r.load().totalRecords()).isEqualTo(4);
            assertThat(r.load().embedded()).isEqualTo(Map.of("ddl", 2L, "documentation", 1L, "sql", 1L));
            assertThat(r.retrieval()).as("no sql_validation report: the tables are unknown, nothing measured").isNull();
            assertThat(r.embedding().provider()).isEqualTo("fake");
            assertThat(r.embedding().dimension()).isEqualTo(3);
            assertThat(r.created()).isNull();
        });
        assertThat(log()).contains("[INFO] pipeline.training_load: embedding 4 of 4 items with fake embeddings")
                .contains("vector table management: backup=true truncate=true scope=loaded_collections")
                .contains("loaded 4 rows");
    }

    @Test
    void givenNoTrainingFiles_whenRun_thenTheStepFailsBeforeEmbeddingOrTouchingTheStore() {
        ws.writeText(ID, "table_list.txt", "shop");

        StepOutcome outcome = run(decision(true, true, false), Optional.empty());

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.error()).contains("no training data found in /memory/task_1").contains("nothing was changed");
        assertThat(embedder.calls()).isZero();
        assertThat(reload.commands()).isEmpty();
    }

    @Test
    void givenSkipTrainingWithoutVectorManagement_whenRun_thenNothingIsEmbeddedOrReloaded() {
        trainingFiles();

        StepOutcome outcome = run(decision(false, false, true), Optional.empty());

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.vectorManagement()).isEqualTo(VectorManagementReport.notRequested());
        assertThat(((StepResult.TrainingLoad) outcome.result()).load().totalRecords()).isZero();
        assertThat(embedder.calls()).isZero();
        assertThat(reload.commands()).isEmpty();
        assertThat(log()).contains("skip_training: no files are loaded");
    }

    @Test
    void givenSkipTrainingWithABackup_whenRun_thenTheReloadGetsNoItemsAndNoProvenance() {
        trainingFiles();

        StepOutcome outcome = run(decision(true, false, true), Optional.empty());

        assertThat(outcome.success()).isTrue();
        assertThat(reload.commands()).singleElement().satisfies(c -> {
            assertThat(c.items()).isEmpty();
            assertThat(c.provenance()).isNull();
            assertThat(c.backup()).isTrue();
        });
        assertThat(embedder.calls()).isZero();
    }

    @Test
    void givenTheStoreIsBusy_whenRun_thenTheStepFailsWithTheHoldersMessageAndNoVectorManagement() {
        trainingFiles();
        reload.busy("restore by another process");

        StepOutcome outcome = run(decision(true, true, false), Optional.empty());

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.error()).contains("busy").contains("restore by another process");
        assertThat(outcome.vectorManagement()).isEqualTo(VectorManagementReport.notRequested());
        assertThat(((StepResult.TrainingLoad) outcome.result()).load().successful()).isFalse();
    }

    @Test
    void givenALoadThatRollsBackOrIsRefused_whenRun_thenTheStepFailsWithTheReportsError() {
        trainingFiles();
        reload.answering(FakeReloadVectorStore.rolledBack("disk quota exceeded"));
        StepOutcome rolledBack = run(decision(true, true, false), Optional.empty());
        reload.answering(FakeReloadVectorStore.refused("the store holds vectors of another model"));
        StepOutcome refused = run(decision(false, false, false), Optional.empty());

        assertThat(rolledBack.success()).isFalse();
        assertThat(rolledBack.error()).isEqualTo("training load failed: disk quota exceeded");
        assertThat(((StepResult.TrainingLoad) rolledBack.result()).load().commitOutcome()).isEqualTo("rolled_back");
        assertThat(rolledBack.vectorManagement().errors()).containsExactly("disk quota exceeded");
        assertThat(refused.error()).as("a refusal is said as it is").isEqualTo("the store holds vectors of another model");
        assertThat(log()).contains("[ERROR] pipeline.training_load: disk quota exceeded");
    }

    @Test
    void givenPlainSqlAndAModel_whenRunTwice_thenTheQuestionsAreAskedOnceAndKeptForTheNextLoad() {
        ws.writeText(ID, "extra.sql", "SELECT 1;\nSELECT 2;\n");
        ScriptedLanguageModel model = new ScriptedLanguageModel(List.of(), List.of(new QuestionSqlPair("  Count rows ",
                "ignored")), null);

        run(decision(false, false, false), Optional.of(model));
        run(decision(false, false, false), Optional.of(model));

        assertThat(model.prompts()).containsExactly("SQL: SELECT 1", "SQL: SELECT 2");
        assertThat(ws.readJson(ID, TrainingLoadStep.QUESTIONS_FILE)).contains(Map.of("SELECT 1", "Count rows?",
                "SELECT 2", "Count rows?"));
        List<ReloadVectorStoreCommand> commands = reload.commands();
        assertThat(commands).hasSize(2);
        assertThat(commands.get(1).items()).extracting(TrainingItem::id)
                .containsExactlyElementsOf(commands.get(0).items().stream().map(TrainingItem::id).toList());
        assertThat(commands.get(0).items()).extracting(TrainingItem::document).containsExactly(
                "{\"question\": \"Count rows?\", \"sql\": \"SELECT 1\"}", "{\"question\": \"Count rows?\", \"sql\": \"SELECT 2\"}");
    }

    @Test
    void givenPlainSqlAndNoModel_whenRun_thenItIsSkippedWithAWarningAndTheOtherFilesLoad() {
        ws.writeText(ID, "extra.sql", "SELECT 1;");
        ws.writeText(ID, "shop.ddl", "create table shop (id int);");

        StepOutcome outcome = run(decision(false, false, false), Optional.empty());

        assertThat(outcome.success()).isTrue();
        assertThat(reload.commands().get(0).items()).extracting(TrainingItem::collection).containsExactly("ddl");
        assertThat(log()).contains("[WARNING] pipeline.training_load: extra.sql holds SQL without questions and no "
                + "language model is configured to write them; skipped");
    }

    @Test
    void givenTheEmbeddingServiceFails_whenTheReloadEmbeds_thenTheFailureSurfaces() {
        trainingFiles();
        embedder.failWith(new IllegalStateException("embedding service down"));

        assertThatThrownBy(() -> run(decision(true, true, false), Optional.empty()))
                .hasMessageContaining("embedding service down");
        assertThat(reload.commands()).as("asked once, failed while embedding").hasSize(1);
    }

    @Test
    void givenTheTasksParameters_whenAskedIfEnabled_thenTheTrainingLoadFlagDecides() {
        TrainingLoadStep step = new TrainingLoadStep(ws, embedder, Optional.empty(), reload, LOCK_WAIT);

        assertThat(step.enabledFor(task.parameters())).isTrue();
        assertThat(step.enabledFor(new TaskParameters(null, "x", true, true, true, false, true))).isFalse();
    }
}
