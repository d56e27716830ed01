package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeEmbeddingModel;
import io.datapipeline.core.fakes.FakeReloadVectorStore;
import io.datapipeline.core.fakes.FakeSchemaInspector;
import io.datapipeline.core.fakes.FakeSqlValidator;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.vector.TrainingItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The four standard steps end to end on fakes only (no database, no model, no files), through
 * {@link ExecuteTaskService}; the reload is the fake use case. What the store does with the load is
 * vector-admin's {@code WorkflowWithFakesTest}.
 */
class StandardWorkflowTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final FakeReloadVectorStore reload = new FakeReloadVectorStore();
    private final FakeSchemaInspector inspector = new FakeSchemaInspector().add(new SchemaInspector.TableDescription(
            new TableName("public", "shop"), null, List.of(new SchemaInspector.ColumnDescription("id", "integer", false,
                    null, null)), List.of("id"), List.of(), 3), List.of(Map.of("id", "1")));
    private final ScriptedLanguageModel model = new ScriptedLanguageModel(List.of(new LanguageModel.Theme("Shops", "d",
            List.of("shop"))), List.of(new QuestionSqlPair("How many?", "SELECT count(*) FROM shop"),
                    new QuestionSqlPair("Broken?", "SELECT broken FROM shop")), "SELECT id FROM shop");

    private ExecuteTaskService service(FakeEmbeddingModel embedder) {
        WorkflowRunner runner = new WorkflowRunner(repo, ws, clock, WorkflowSteps.standard(ws, inspector,
                new FakeSqlValidator(), Optional.of(model), embedder, reload, clock, Duration.ofSeconds(3)));
        return new ExecuteTaskService(repo, ws, runner, new VectorManagementPolicy(), Runnable::run, clock);
    }

    private Task task() {
        return new CreateTaskService(repo, ws, clock).create(new CreateTaskCommand(TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://u:p@h/db", "db"), "shops"), null, null, "shop\n", "task",
                Optional.empty(), "api"));
    }

    private static ExecutionResult.Finished run(ExecuteTaskService service, ExecutionRequest request) throws Exception {
        ExecutionOutcome outcome = service.execute(ExecuteTaskCommand.of(request));
        ResultDocument doc = ((ExecutionOutcome.Accepted) outcome).result().get();
        return (ExecutionResult.Finished) ((ResultDocument.Typed) doc).result();
    }

    @Test
    void givenACompleteRunWithTruncate_whenExecuted_thenEveryStepRunsOnceAndTheReloadGetsTheFilesTheStepsWrote()
            throws Exception {
        Task task = task();

        ExecutionResult.Finished result = run(service(new FakeEmbeddingModel(3)),
                ExecutionRequest.complete(task.id()).withVectorFlags(false, true));

        assertThat(result.success()).isTrue();
        ExecutionResult.Workflow w = (ExecutionResult.Workflow) result.body();
        assertThat(w.state().completed()).containsExactly(StepName.values());
        assertThat(w.artifacts()).extracting(ExecutionResult.StepArtifact::result).satisfiesExactly(
                ddl -> assertThat(((StepResult.DdlGeneration) ddl).tablesProcessed()).isEqualTo(1),
                qa -> assertThat(((StepResult.QaGeneration) qa).totalQuestions()).isEqualTo(2),
                sql -> assertThat(((StepResult.SqlValidation) sql).repairedSqls()).isEqualTo(1),
                load -> assertThat(((StepResult.TrainingLoad) load).load().totalRecords()).isEqualTo(5));
        assertThat(w.vectorManagement().truncatePerformed()).as("truncate implies a backup").isTrue();
        ReloadVectorStoreCommand c = reload.commands().get(0);
        assertThat(reload.commands()).hasSize(1);
        assertThat(c.backup()).isTrue();
        assertThat(c.truncate()).isTrue();
        assertThat(c.lockWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.items()).as("by file name: metadata_detail.md, the pairs, shop.ddl, shop_detail.md")
                .extracting(TrainingItem::collection).containsExactly("documentation", "sql", "sql", "ddl",
                        "documentation");
        assertThat(c.items()).extracting(TrainingItem::document)
                .contains("{\"question\": \"Broken?\", \"sql\": \"SELECT id FROM shop;\"}")
                .noneMatch(d -> d.contains("broken"));
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(repo.steps(task.id())).extracting(StepRun::status).containsOnly(StepStatus.COMPLETED);
        assertThat(ws.readJson(task.id(), "task_result.json")).contains(result);
    }

    @Test
    void givenAReloadThatIsRefused_whenExecutedComplete_thenTheEarlierStepsStayCompletedAndTheTaskFails()
            throws Exception {
        Task task = task();
        reload.answering(FakeReloadVectorStore.refused("the store holds vectors of openai/other (3 dimensions)"));

        ExecutionResult.Finished result = run(service(new FakeEmbeddingModel(3)), ExecutionRequest.complete(task.id()));

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("training_load: the store holds vectors of openai/other (3 dimensions)");
        assertThat(repo.steps(task.id())).extracting(StepRun::status).containsExactly(StepStatus.COMPLETED,
                StepStatus.COMPLETED, StepStatus.COMPLETED, StepStatus.FAILED);
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(repo.tryLock(task.id())).as("the execution lock was released").isPresent();
    }

    @Test
    void givenAnEmbeddingFailure_whenTheLoadRunsAlone_thenTheStepFails() throws Exception {
        Task task = task();
        ws.writeText(task.id(), "shop.ddl", "create table shop (id int);\n");
        FakeEmbeddingModel broken = new FakeEmbeddingModel(3).failWith(new IllegalStateException("embedding service down"));

        ExecutionResult.Finished result = run(service(broken), ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD)
                .withVectorFlags(false, true));

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("training_load: embedding service down");
        assertThat(reload.commands()).as("the reload embeds, after asking the store what it lacks").hasSize(1);
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
    }
}
