package io.datapipeline.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task commands the REST API has, through the CLI with {@code --json}: list, query, executions, logs (also
 * following), files, watch, cancel (of an execution another process runs), resume and delete.
 */
@ExtendWith(PostgresExtension.class)
class TaskCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static volatile CountDownLatch hold;

    @TempDir
    Path dataDir;

    private CliRunner cli;
    private Path tableList;

    @BeforeAll
    static void init(TestDatabase db) {
        vector = db;
        business = db.sibling("cmds");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, shop_name varchar(80) NOT NULL, city varchar(40))",
                "CREATE SCHEMA sales", "CREATE TABLE sales.\"Orders\" (order_id int PRIMARY KEY, amount numeric, "
                        + "status varchar(10))",
                "INSERT INTO shop SELECT g, 'Shop ' || g, 'Lyon' FROM generate_series(1, 5) g");
        model = new FakeModelServer().answerChat(body -> {
            CountDownLatch h = hold;
            if (h != null && FakeModelServer.system(body).startsWith("You write PostgreSQL")) {
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return WorkflowIT.answer(body);
        });
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        hold = null;
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", vector.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_DIMENSION", "64");
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        env.put("PIPELINE_LLM_BASE_URL", model.baseUrl());
        env.put("PIPELINE_LLM_MODEL", "fake-model");
        cli = new CliRunner(env);
        tableList = dataDir.resolve("tables.txt");
        Files.writeString(tableList, "shop\nsales.\"Orders\"\n", StandardCharsets.UTF_8);
    }

    @AfterEach
    void release() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
    }

    private String createTask() throws Exception {
        CliRunner.Result r = cli.run("task", "create", "--db-connection", "postgresql://" + business.user() + "@"
                + business.host() + ":" + business.port() + "/" + business.name(), "--table-list", tableList.toString(),
                "--business-context", "bicycle shops", "--task-name", "cli-cmds", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("task_id").asText();
    }

    private JsonNode json(CliRunner.Result r) throws Exception {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private List<JsonNode> lines(CliRunner.Result r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    @Test
    void givenATaskRunInSteps_whenEveryInspectingCommandRunsWithJson_thenEachAnswersInJson() throws Exception {
        String task = createTask();
        assertThat(cli.run("task", "execute", "--task-id", task, "--execution-mode", "step", "--step-name",
                "ddl_generation", "--json").code()).isZero();

        JsonNode listed = json(cli.run("task", "list", "--json"));
        JsonNode queried = json(cli.run("task", "query", "--name-contains", "CMDS", "--status", "partial_completed",
                "--json"));
        JsonNode executions = json(cli.run("task", "executions", "--task-id", task, "--json"));
        List<JsonNode> logs = lines(cli.run("task", "logs", "--task-id", task, "--limit", "5", "--json"));
        JsonNode files = json(cli.run("task", "files", "--task-id", task, "--json"));
        String exec = executions.at("/executions/0/execution_id").asText();
        List<JsonNode> watched = lines(cli.run("task", "watch", "--task-id", task, "--execution-id", exec, "--json"));
        CliRunner.Result cancel = cli.run("task", "cancel", "--task-id", task, "--json");

        assertThat(listed.get("tasks").toString()).contains(task);
        assertThat(queried.get("total").asLong()).isEqualTo(1);
        assertThat(executions.at("/executions/0/status").asText()).isEqualTo("completed");
        assertThat(logs).hasSize(5).allSatisfy(l -> assertThat(l.has("message")).isTrue());
        assertThat(files.get("files").toString()).contains("shop.ddl", "table_list.txt");
        assertThat(watched).extracting(w -> w.get("type").asText()).contains("step_started", "step_finished",
                "finished", "result");
        assertThat(watched.get(watched.size() - 1).at("/execution/status").asText()).isEqualTo("completed");
        assertThat(cancel.code()).isEqualTo(1);
        assertThat(JSON.readTree(cancel.out()).get("cancel_requested").asBoolean()).isFalse();

        JsonNode resumed = json(cli.run("task", "execute", "--task-id", task, "--resume", "--json"));
        CliRunner.Result nothing = cli.run("task", "execute", "--task-id", task, "--resume", "--json");
        CliRunner.Result unconfirmed = cli.run("task", "delete", "--task-id", task, "--json");
        JsonNode deleted = json(cli.run("task", "delete", "--task-id", task, "--delete-records", "--yes", "--json"));

        assertThat(resumed.get("success").asBoolean()).as(resumed.toString()).isTrue();
        assertThat(resumed.at("/result/artifacts").has("ddl_md_generation")).isFalse();
        assertThat(resumed.at("/result/artifacts").has("training_data_load")).isTrue();
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(JSON.readTree(nothing.out()).toString()).contains("nothing to resume");
        assertThat(unconfirmed.code()).isEqualTo(2);
        assertThat(deleted.at("/deleted/0/task_id").asText()).isEqualTo(task);
        assertThat(cli.run("task", "status", "--task-id", task, "--json").code()).isEqualTo(1);
    }

    @Test
    void givenAnExecutionRunningInAnotherProcess_whenCancelledFromTheCli_thenItEndsCancelledAndFollowedLogsEnd()
            throws Exception {
        String task = createTask();
        assertThat(cli.run("task", "execute", "--task-id", task, "--execution-mode", "step", "--step-name",
                "ddl_generation").code()).isZero();
        hold = new CountDownLatch(1);
        CompletableFuture<CliRunner.Result> running = CompletableFuture.supplyAsync(() -> cli.run("task", "execute",
                "--task-id", task, "--execution-mode", "step", "--step-name", "qa_generation", "--json"));
        JsonNode execution = null;
        for (int i = 0; i < 100 && execution == null; i++) {
            Thread.sleep(100);
            JsonNode e = json(cli.run("task", "executions", "--task-id", task, "--limit", "1", "--json"))
                    .at("/executions/0");
            if (e.get("status").asText().equals("running")) {
                execution = e;
            }
        }
        assertThat(execution).as("the execution started").isNotNull();
        CompletableFuture<CliRunner.Result> follow = CompletableFuture.supplyAsync(() -> cli.run("task", "logs",
                "--task-id", task, "--follow"));
        Thread.sleep(500);

        JsonNode cancel = json(cli.run("task", "cancel", "--task-id", task, "--json"));
        CliRunner.Result ended = running.get(15, TimeUnit.SECONDS);
        CliRunner.Result followed = follow.get(15, TimeUnit.SECONDS);

        assertThat(cancel.get("cancel_requested").asBoolean()).isTrue();
        assertThat(cancel.get("execution_id").asText()).isEqualTo(execution.get("execution_id").asText());
        assertThat(ended.code()).isEqualTo(1);
        assertThat(JSON.readTree(ended.out()).get("error").asText()).contains("cancelled");
        assertThat(json(cli.run("task", "executions", "--task-id", task, "--limit", "1", "--json"))
                .at("/executions/0/status").asText()).isEqualTo("cancelled");
        assertThat(followed.code()).isZero();
        assertThat(followed.out()).contains("qa_generation").contains("cancelled");
    }

    @Test
    void givenATaskMadeByTrainingLoadFromADirectory_whenItsLoadFailedAndItIsResumed_thenTheResumeRunsTrainingLoad()
            throws Exception {
        Path files = Files.createDirectories(dataDir.resolve("from_python"));
        Files.writeString(files.resolve("shop_pair.json"), "[{\"question\": \"How many shops?\", \"sql\": "
                + "\"SELECT count(*) FROM shop\"}]");
        Files.writeString(files.resolve("shop.ddl"), "CREATE TABLE shop (shop_id int PRIMARY KEY);\n");
        CliRunner.Result failed;
        try (java.sql.Connection holder = vector.connect(); java.sql.Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + io.datapipeline.postgres.vector.PgVectorTableStore.LOCK_NAMESPACE
                    + ", " + io.datapipeline.postgres.vector.PgVectorTableStore.STORE_LOCK + ")");
            failed = cli.run("training", "load", "--data-path", files.toString(), "--json");
        }
        String task = JSON.readTree(failed.out()).get("task_id").asText();

        CliRunner.Result preview = cli.run("task", "status", "--task-id", task, "--json");
        JsonNode resumed = json(cli.run("task", "execute", "--task-id", task, "--resume", "--json"));

        assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(3);
        assertThat(JSON.readTree(preview.out()).get("status").asText()).isEqualTo("failed");
        assertThat(resumed.get("success").asBoolean()).as(resumed.toString()).isTrue();
        assertThat(resumed.at("/result/workflow_state/completed_steps").toString())
                .isEqualTo("[\"training_load\"]");
        assertThat(resumed.at("/result/artifacts").has("ddl_md_generation")).isFalse();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(2);
        assertThat(JSON.readTree(cli.run("task", "status", "--task-id", task, "--json").out()).get("status").asText())
                .isEqualTo("completed");
    }
}
