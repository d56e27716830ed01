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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task workflow end to end on real PostgreSQL (vector/metadata and business databases) and a real HTTP
 * model server with canned answers, driven through the CLI.
 */
@ExtendWith(PostgresExtension.class)
class WorkflowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static volatile long chatDelayMillis;
    /** Questions the model wrote for plain SQL (each answer is new, so reused questions are visible). */
    private static final java.util.concurrent.atomic.AtomicInteger QUESTIONS = new java.util.concurrent.atomic.AtomicInteger();
    /** When set, a chat request waits inside the model until released: the run is provably in progress. */
    private static volatile CountDownLatch[] holdChat;

    @TempDir
    Path dataDir;

    private CliRunner cli;
    private CliRunner cliWithoutModel;
    private Path tableList;

    @BeforeAll
    static void init(TestDatabase db) {
        vector = db;
        business = db.sibling("biz");
        business.execute("CREATE SCHEMA sales",
                "CREATE TABLE shop (shop_id int PRIMARY KEY, shop_name varchar(80) NOT NULL, city varchar(40))",
                "COMMENT ON TABLE shop IS 'Shops of the chain'",
                "COMMENT ON COLUMN shop.city IS 'City of the shop'",
                "CREATE TABLE sales.\"Orders\" (order_id int PRIMARY KEY, shop_id int REFERENCES shop(shop_id), "
                        + "amount numeric(10,2) NOT NULL, status varchar(10) DEFAULT 'paid')",
                "INSERT INTO shop SELECT g, 'Shop ' || g, (ARRAY['Lyon','Paris'])[1 + g % 2] FROM generate_series(1, 5) g",
                "INSERT INTO sales.\"Orders\" SELECT g, 1 + g % 5, g * 1.5, (ARRAY['paid','refunded'])[1 + g % 2] "
                        + "FROM generate_series(1, 30) g");
        model = new FakeModelServer().answerChat(WorkflowIT::answer);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    /** Canned answers by the kind of request (the system prompt says which JSON shape is wanted). */
    static String answer(JsonNode body) {
        CountDownLatch[] hold = holdChat;
        if (hold != null) {
            hold[0].countDown();
            try {
                hold[1].await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (chatDelayMillis > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(chatDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String system = FakeModelServer.system(body);
        if (system.startsWith("You document")) {
            return "{\"table_comment\": \"Orders of the shops\", \"columns\": {\"amount\": \"Order total\"}}";
        }
        if (system.startsWith("You are a data analyst")) {
            return "```json\n{\"themes\": [{\"name\": \"Sales\", \"description\": \"revenue\", \"tables\": [\"shop\"]}]}\n```";
        }
        if (system.startsWith("You write PostgreSQL")) {
            return "{\"pairs\": [{\"question\": \"How many shops per city?\", \"sql\": \"SELECT city, count(*) FROM shop "
                    + "GROUP BY city\"}, {\"question\": \"Total paid amount?\", \"sql\": \"SELECT sum(amount) FROM "
                    + "sales.\\\"Orders\\\" WHERE status = 'paid'\"}, {\"question\": \"Broken one\", \"sql\": \"SELECT "
                    + "no_such_column FROM shop\"}]}";
        }
        if (system.startsWith("You fix PostgreSQL")) {
            return "{\"sql\": \"SELECT shop_name FROM shop\"}";
        }
        if (system.startsWith("You explain SQL")) {
            return "{\"pairs\": [{\"question\": \"What does query " + QUESTIONS.incrementAndGet()
                    + " answer?\", \"sql\": \"x\"}]}";
        }
        return "{}";
    }

    @BeforeEach
    void setUp() throws Exception {
        chatDelayMillis = 0;
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'old-' || g || '-sql', '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "'[1,2,3]', 'earlier training', '{}' FROM generate_series(1, 7) g");
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", vector.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_DIMENSION", "64");
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        cliWithoutModel = new CliRunner(env);
        env.put("PIPELINE_LLM_BASE_URL", model.baseUrl());
        env.put("PIPELINE_LLM_MODEL", "fake-model");
        env.put("PIPELINE_LLM_API_KEY", "sk-never-print-me");
        cli = new CliRunner(env);
        tableList = dataDir.resolve("tables.txt");
        Files.writeString(tableList, "# demo\nshop\nsales.\"Orders\", no_such_table\n", StandardCharsets.UTF_8);
    }

    /** The business database with a password (the test cluster trusts loopback, so any password works). */
    private static String businessUrl() {
        return "postgresql://" + business.user() + ":Sup3rS3cret@" + business.host() + ":" + business.port() + "/"
                + business.name();
    }

    private String createTask() throws Exception {
        CliRunner.Result r = cli.run("task", "create", "--db-connection", businessUrl(),
                "--table-list", tableList.toString(), "--business-context", "bicycle shops", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("task_id").asText();
    }

    @Test
    void givenAModel_whenRunningTheCompleteWorkflowWithTruncate_thenEveryStepRunsAndTheStoreHoldsOnlyThisLoad()
            throws Exception {
        CliRunner.Result r = cli.run("workflow", "run", "--db-connection", businessUrl(),
                "--table-list", tableList.toString(), "--business-context", "bicycle shops",
                "--backup-vector-tables", "--truncate-vector-tables", "--json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        String taskId = doc.get("task_id").asText();
        assertThat(taskId).startsWith("manual_");
        assertThat(doc.get("execution_mode").asText()).isEqualTo("complete");
        JsonNode artifacts = doc.at("/result/artifacts");
        assertThat(artifacts.at("/ddl_md_generation/tables_processed").asInt()).isEqualTo(2);
        assertThat(artifacts.at("/ddl_md_generation/tables_not_found/0").asText()).isEqualTo("no_such_table");
        assertThat(artifacts.at("/question_sql_generation/total_questions").asInt()).isEqualTo(3);
        assertThat(artifacts.at("/sql_validation/invalid_sqls").asInt()).isEqualTo(1);
        assertThat(artifacts.at("/sql_validation/repaired_sqls").asInt()).isEqualTo(1);
        assertThat(artifacts.at("/vector_management/backup_performed").asBoolean()).isTrue();
        assertThat(artifacts.at("/vector_management/truncate_performed").asBoolean()).isTrue();
        assertThat(artifacts.at("/vector_management/truncate_results/langchain_pg_embedding/rows_before").asLong())
                .isEqualTo(7);
        long loaded = artifacts.at("/training_data_load/total_records").asLong();
        assertThat(loaded).isPositive();
        assertThat(doc.at("/result/workflow_state/completed_steps").size()).isEqualTo(4);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(loaded);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%'")).isZero();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE '%-sql' "
                + "AND cmetadata->>'id' = id AND document::jsonb ? 'question'")).isEqualTo(3);

        Path task = dataDir.resolve(taskId);
        JsonNode taskResult = JSON.readTree(task.resolve("task_result.json").toFile());
        assertThat(taskResult.get("success").asBoolean()).isTrue();
        assertThat(taskResult.at("/result/workflow_state").isObject()).isTrue();
        assertThat(taskResult.at("/result/artifacts/vector_management/backup_performed").asBoolean()).isTrue();
        assertThat(Files.readString(task.resolve("shop.ddl"))).contains("create table public.shop");
        assertThat(Files.readString(task.resolve("sales.Orders.ddl"))).contains("create table sales.\"Orders\"")
                .contains("references public.shop (shop_id)");
        try (Stream<Path> files = Files.list(task)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("qs_") && n.endsWith("_pair.json"));
            assertThat(names).anyMatch(n -> n.contains("_pair.json.backup_"));
            assertThat(names).contains("metadata.txt", "filename_mapping.txt", "data_pipeline.log");
        }
        JsonNode pairs = JSON.readTree(Files.list(task).filter(p -> p.toString().endsWith("_pair.json")).findFirst()
                .orElseThrow().toFile());
        assertThat(pairs).hasSize(3);
        assertThat(pairs.get(2).get("sql").asText()).isEqualTo("SELECT shop_name FROM shop;");
        assertThat(r.out() + r.err() + Files.readString(task.resolve("data_pipeline.log"))).doesNotContain("sk-never-print-me");

        CliRunner.Result status = cli.run("task", "status", "--task-id", taskId, "--json");
        JsonNode s = JSON.readTree(status.out());
        assertThat(s.get("status").asText()).isEqualTo("completed");
        assertThat(s.at("/parameters/db_connection").asText()).contains(":***@");
        StringBuilder everything = new StringBuilder(r.out()).append(r.err()).append(status.out());
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)); // binary files too
            }
        }
        everything.append(vector.queryString("SELECT string_agg(parameters::text, ' ') FROM pipeline_tasks"));
        everything.append(vector.queryString("SELECT string_agg(coalesce(result::text, ''), ' ') FROM pipeline_executions"));
        assertThat(everything.toString()).doesNotContain("Sup3rS3cret").doesNotContain("sk-never-print-me");
        assertThat(s.at("/last_execution/vector_management/truncate").asBoolean()).isTrue();
        assertThat(s.at("/result/result/artifacts/vector_management/truncate_performed").asBoolean()).isTrue();
    }

    @Test
    void givenStepDdlGenerationWithBothFlags_whenExecuted_thenTheFlagsAreIgnoredWithAWarningAndNoBackupIsTaken()
            throws Exception {
        String taskId = createTask();

        CliRunner.Result r = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                "ddl_generation", "--backup-vector-tables", "--truncate-vector-tables", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("warnings").get(0).asText()).isEqualTo(
                "vector table parameters only apply to training_load; current step: ddl_generation; ignored");
        assertThat(doc.get("warnings")).as("once in the answer (and once in the log, on the process's stderr)")
                .hasSize(1);
        assertThat(dataDir.resolve(taskId).resolve("vector_bak")).doesNotExist();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(7);
        assertThat(doc.at("/result/ddl_md_generation/llm_comments").asInt()).isPositive();
        JsonNode status = JSON.readTree(cli.run("task", "status", "--task-id", taskId, "--json").out());
        assertThat(status.get("status").asText()).isEqualTo("partial_completed");
        assertThat(status.at("/last_execution/warnings/0").asText()).contains("ignored");

        // a second run replaces its own files: no _1 copies
        assertThat(cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                "ddl_generation").code()).isZero();
        try (Stream<Path> files = Files.list(dataDir.resolve(taskId))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.matches(".*\\.(ddl|md)_\\d+$"))
                    .filteredOn(n -> n.endsWith(".ddl")).hasSize(2);
        }
    }

    @Test
    void givenStepTrainingLoadWithTruncate_whenExecuted_thenAVerifiedBackupSetExistsAndTheStoreIsReloaded()
            throws Exception {
        String taskId = createTask();
        assertThat(cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                "ddl_generation").code()).isZero();

        CliRunner.Result r = cliWithoutModel.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                "--step-name", "training_load", "--truncate-vector-tables", "--json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        JsonNode vm = doc.at("/result/vector_management");
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).isTrue();
        assertThat(doc.at("/result/training_data_load/records_loaded/ddl").asLong()).isEqualTo(2);
        assertThat(doc.at("/result/training_data_load/records_loaded/documentation").asLong()).isEqualTo(2);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(4);
        CliRunner.Result verify = cli.run("vector", "verify", "--task-id", taskId, "--timestamp",
                vm.get("backup_timestamp").asText());
        assertThat(verify.code()).as(verify.out()).isZero();
        JsonNode stepFile = JSON.readTree(dataDir.resolve(taskId).resolve("training_load_result.json").toFile());
        assertThat(stepFile.at("/result/vector_management/truncate_performed").asBoolean()).isTrue();
        assertThat(stepFile.at("/result/training_data_load/load_successful").asBoolean()).isTrue();
    }

    @Test
    void givenALoadThatFailsAfterTheOldRowsWereRemoved_whenExecuted_thenItRollsBackToTheOldStoreAndTheTaskFails()
            throws Exception {
        String taskId = createTask();
        String before = fingerprint();
        Path dir = dataDir.resolve(taskId);
        Files.writeString(dir.resolve("extra_pair.json"), "[{\"question\": \"ok?\", \"sql\": \"SELECT 1;\"}, "
                + "{\"question\": \"poison\", \"sql\": \"SELECT 2;\"}]");
        vector.execute("CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.document LIKE '%poison%' THEN RAISE EXCEPTION 'poison row refused'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON langchain_pg_embedding FOR EACH ROW EXECUTE FUNCTION "
                        + "refuse_poison()");
        try {
            CliRunner.Result r = cliWithoutModel.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                    "--step-name", "training_load", "--truncate-vector-tables", "--json");

            assertThat(r.code()).isEqualTo(1);
            JsonNode doc = JSON.readTree(r.out());
            assertThat(doc.get("success").asBoolean()).isFalse();
            assertThat(doc.get("error").asText()).contains("poison row refused");
            assertThat(doc.at("/result/vector_management/truncate_performed").asBoolean()).isFalse();
            assertThat(doc.at("/result/vector_management/backup_performed").asBoolean()).isTrue();
            assertThat(doc.at("/result/vector_management/commit_outcome").asText()).isEqualTo("rolled_back");
            assertThat(doc.at("/result/training_data_load/commit_outcome").asText()).isEqualTo("rolled_back");
            assertThat(doc.at("/result/training_data_load/restore_after_failure").isMissingNode()).isTrue();
            assertThat(fingerprint()).isEqualTo(before);
            JsonNode sets = JSON.readTree(cli.run("vector", "list", "--task-id", taskId, "--json").out());
            assertThat(sets.at("/backup_locations/0/backups/0/state").asText()).isEqualTo("incomplete");
            assertThat(sets.at("/backup_locations/0/backups/0/state_reason").asText()).contains("rolled back");
            JsonNode status = JSON.readTree(cli.run("task", "status", "--task-id", taskId, "--json").out());
            assertThat(status.get("status").asText()).isEqualTo("failed");
        } finally {
            vector.execute("DROP TRIGGER refuse_poison ON langchain_pg_embedding", "DROP FUNCTION refuse_poison()");
        }
    }

    @Test
    void givenPlainSqlFiles_whenLoadedTwiceWithoutTruncate_thenTheModelsQuestionsAreReusedAndNothingIsDuplicated()
            throws Exception {
        String taskId = createTask();
        Files.writeString(dataDir.resolve(taskId).resolve("reports.sql"), "SELECT count(*) FROM shop;\n"
                + "SELECT city FROM shop;\n");
        CliRunner.Result first = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                "--step-name", "training_load", "--truncate-vector-tables", "--json");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        int asked = QUESTIONS.get();
        long rows = vector.queryLong("SELECT count(*) FROM langchain_pg_embedding");

        CliRunner.Result second = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                "--step-name", "training_load", "--json");

        assertThat(second.code()).as(second.out() + second.err()).isZero();
        assertThat(QUESTIONS.get()).as("no new question was asked of the model").isEqualTo(asked);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(rows);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE document LIKE "
                + "'%What does query%'")).isEqualTo(2);
        assertThat(JSON.readTree(second.out()).at("/result/training_data_load/skipped_existing/sql").asLong())
                .isEqualTo(2);
    }

    @Test
    void givenARunningExecution_whenTheSameTaskIsExecutedAgain_thenTheSecondIsRefusedAsAlreadyRunning()
            throws Exception {
        String taskId = createTask();
        assertThat(cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                "ddl_generation").code()).isZero();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdChat = new CountDownLatch[] {entered, release};
        CompletableFuture<CliRunner.Result> first;
        CliRunner.Result second;
        try {
            first = CompletableFuture.supplyAsync(() -> cli.run("task", "execute", "--task-id", taskId,
                    "--execution-mode", "step", "--step-name", "qa_generation"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("the first run is calling the model").isTrue();

            second = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                    "qa_generation");
        } finally {
            holdChat = null;
            release.countDown();
        }

        assertThat(second.code()).as(second.err()).isEqualTo(3);
        assertThat(second.err()).contains("already running").contains(taskId + "_exec_");
        assertThat(first.get(30, TimeUnit.SECONDS).code()).isZero();
    }

    @Test
    void givenNoLanguageModel_whenRunningQaGeneration_thenItFailsNamingTheSettings() throws Exception {
        String taskId = createTask();
        cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name", "ddl_generation");

        CliRunner.Result r = cliWithoutModel.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                "--step-name", "qa_generation", "--json");

        assertThat(r.code()).isEqualTo(1);
        assertThat(JSON.readTree(r.out()).get("error").asText()).contains("PIPELINE_LLM_BASE_URL")
                .contains("PIPELINE_LLM_MODEL");
    }

    @Test
    void givenATaskLeftInProgressByADeadProcess_whenItsStatusIsRead_thenItIsFailedAsInterrupted() throws Exception {
        String taskId = createTask();
        vector.execute("UPDATE pipeline_tasks SET status = 'in_progress' WHERE task_id = '" + taskId + "'");

        JsonNode status = JSON.readTree(cli.run("task", "status", "--task-id", taskId, "--json").out());

        assertThat(status.get("status").asText()).isEqualTo("failed");
        assertThat(status.get("error_message").asText()).startsWith("interrupted");
    }

    @Test
    void givenBadInput_whenExecuting_thenUsageErrorsSayWhatToFix() throws Exception {
        String taskId = createTask();
        // the CLI's errors name its options, not the API's fields
        assertUsage(cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step"),
                "--step-name is required when --execution-mode is step");
        assertUsage(cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "sometimes"),
                "unknown --execution-mode 'sometimes'");
        assertUsage(cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name", "load"),
                "unknown --step-name 'load'");
        assertUsage(cli.run("task", "execute", "--task-id", "../x"), "invalid --task-id");
        CliRunner.Result missing = cli.run("task", "execute", "--task-id", "task_19990101_000000");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
        Files.writeString(tableList, "shop\nx union select usename from pg_user\n");
        assertUsage(cli.run("task", "create", "--db-connection", businessUrl(), "--table-list",
                tableList.toString(), "--business-context", "x"), "invalid entries");
    }

    private static void assertUsage(CliRunner.Result r, String mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(mentions);
    }

    private static String fingerprint() {
        return vector.queryString("SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (SELECT c::text AS t FROM "
                + "langchain_pg_collection c UNION ALL SELECT e::text FROM langchain_pg_embedding e) x");
    }
}
