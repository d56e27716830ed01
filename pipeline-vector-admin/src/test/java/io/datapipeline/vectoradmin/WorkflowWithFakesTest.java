package io.datapipeline.vectoradmin;

import io.datapipeline.vectoradmin.sets.DataDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.fakes.FakeEmbeddingModel;
import io.datapipeline.core.fakes.FakeSchemaInspector;
import io.datapipeline.core.fakes.FakeSqlValidator;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.vectoradmin.fakes.InMemoryVectorTableStore;
import io.datapipeline.core.fakes.ScriptedLanguageModel;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.service.CreateTaskService;
import io.datapipeline.core.service.ExecuteTaskService;
import io.datapipeline.core.service.WorkflowRunner;
import io.datapipeline.vectoradmin.workspace.FileTaskWorkspace;
import io.datapipeline.core.service.WorkflowSteps;
import io.datapipeline.core.vector.VectorTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole orchestration on fakes (no database, no network): fast checks of the workflow's rules. */
class WorkflowWithFakesTest {

    private static final TableName EMB = new TableName(null, "langchain_pg_embedding");
    private static final String C = "11111111-1111-4111-8111-111111111111";

    @TempDir
    Path dataDir;

    private final Clock clock = Clock.systemUTC();
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryVectorTableStore store = new InMemoryVectorTableStore().withLangChainTables();
    private FileTaskWorkspace workspace;
    private ExecuteTaskService execute;
    private Task task;

    @BeforeEach
    void setUp() {
        store.insert(new TableName(null, "langchain_pg_collection"), Arrays.asList(C, "sql", null));
        store.insert(EMB, Arrays.asList("old-sql", C, "[1,2,3]", "old", null));
        DataDirectory data = new DataDirectory(dataDir);
        workspace = new FileTaskWorkspace(data);
        VectorAdminService admin = new VectorAdminService(store, VectorTables.langchainDefaults(), data, clock);
        FakeSchemaInspector inspector = new FakeSchemaInspector().add(new SchemaInspector.TableDescription(
                new TableName("public", "shop"), null, List.of(new SchemaInspector.ColumnDescription("id", "integer",
                        false, null, null)), List.of("id"), List.of(), 3), List.of(Map.of("id", "1")));
        ScriptedLanguageModel model = new ScriptedLanguageModel(List.of(new LanguageModel.Theme("Shops", "d",
                List.of("shop"))), List.of(new QuestionSqlPair("How many?", "SELECT count(*) FROM shop"),
                        new QuestionSqlPair("Broken?", "SELECT broken FROM shop")), "SELECT id FROM shop");
        WorkflowRunner runner = new WorkflowRunner(repo, workspace, clock, WorkflowSteps.standard(workspace, inspector,
                new FakeSqlValidator(), Optional.of(model), new FakeEmbeddingModel(3), admin, clock, Duration.ZERO));
        execute = new ExecuteTaskService(repo, workspace, runner, new VectorManagementPolicy(), Runnable::run, clock);
        task = new CreateTaskService(repo, workspace, clock).create(new CreateTaskCommand(TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://u:p@h/db", "db"), "shops"), null, null, "shop\n", "task",
                Optional.empty(), "api"));
    }

    private Map<String, Object> run(ExecutionRequest request) throws Exception {
        return asMap(((ExecutionOutcome.Accepted) execute.execute(ExecuteTaskCommand.of(request))).result().get());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(io.datapipeline.core.execution.ResultDocument doc) {
        return (Map<String, Object>) io.datapipeline.wire.Wire.tree(doc);
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenACompleteRunWithTruncate_whenExecuted_thenEveryStepRunsOnceAndTheStoreHoldsOnlyTheNewLoad()
            throws Exception {
        Map<String, Object> doc = run(ExecutionRequest.complete(task.id()).withVectorFlags(false, true));

        assertThat(doc).containsEntry("success", true);
        Map<String, Object> artifacts = (Map<String, Object>) ((Map<String, Object>) doc.get("result")).get("artifacts");
        assertThat(artifacts).containsKeys("ddl_md_generation", "question_sql_generation", "sql_validation",
                "training_data_load", "vector_management");
        assertThat((Map<String, Object>) artifacts.get("sql_validation")).containsEntry("repaired_sqls", 1);
        assertThat((Map<String, Object>) artifacts.get("vector_management")).containsEntry("truncate_performed", true);
        assertThat(store.rows(EMB)).extracting(r -> r.get(0)).noneMatch(id -> id.equals("old-sql"))
                .as("1 DDL statement, shop_detail.md and metadata_detail.md, 2 pairs").hasSize(5);
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(workspace.readJson(task.id(), "task_result.json")).isPresent();
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenALoadThatFailsAfterTheOldRowsWereRemoved_whenExecuted_thenTheStoreIsAsBeforeAndTheStepFails()
            throws Exception {
        run(ExecutionRequest.step(task.id(), StepName.DDL_GENERATION));
        store.failLangChainWritesWith(new IllegalStateException("disk quota exceeded"));

        Map<String, Object> doc = run(ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD).withVectorFlags(false, true));

        assertThat(doc).containsEntry("success", false);
        assertThat((String) doc.get("error")).contains("disk quota exceeded");
        Map<String, Object> load = (Map<String, Object>) ((Map<String, Object>) doc.get("result")).get("training_data_load");
        assertThat(load).containsEntry("commit_outcome", "rolled_back").doesNotContainKey("restore_after_failure");
        assertThat(store.rows(EMB)).extracting(r -> r.get(0)).containsExactly("old-sql");
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(store.locked()).isFalse();
    }

    @Test
    void givenAnEmbeddingFailure_whenLoadingWithTruncate_thenTheStoreIsNeverChangedAndNoSetIsBegun() throws Exception {
        FakeEmbeddingModel broken = new FakeEmbeddingModel(3).failWith(new IllegalStateException("embedding service down"));
        DataDirectory data = new DataDirectory(dataDir);
        VectorAdminService admin = new VectorAdminService(store, VectorTables.langchainDefaults(), data, clock);
        WorkflowRunner runner = new WorkflowRunner(repo, workspace, clock, WorkflowSteps.standard(workspace,
                new FakeSchemaInspector(), new FakeSqlValidator(), Optional.empty(), broken, admin, clock, Duration.ZERO));
        ExecuteTaskService service = new ExecuteTaskService(repo, workspace, runner, new VectorManagementPolicy(),
                Runnable::run, clock);
        workspace.writeText(task.id(), "shop.ddl", "create table shop (id int);\n");
        int sessionsBefore = store.sessionsOpened();

        Map<String, Object> doc = asMap(((ExecutionOutcome.Accepted) service.execute(ExecuteTaskCommand.of(
                ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD).withVectorFlags(false, true)))).result().get());

        assertThat(doc).containsEntry("success", false);
        assertThat((String) doc.get("error")).contains("embedding service down");
        assertThat(store.sessionsOpened()).as("one session: it read what the store holds, then the model failed")
                .isEqualTo(sessionsBefore + 1);
        assertThat(store.locked()).isFalse();
        assertThat(store.rows(EMB)).hasSize(1);
        assertThat(dataDir.resolve(task.id().value()).resolve("vector_bak")).doesNotExist();
    }
}
