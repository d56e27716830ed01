package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API on a real server, real PostgreSQL and a real (fake) model server. */
@ExtendWith(PostgresExtension.class)
class RestApiIT {

    private static final String PW = "Sup3rS3cret";
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static EmbeddedServer server;
    private static Path dataDir;
    private static Api api;
    private static volatile long chatDelay;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        business = db.sibling("biz");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, city text)",
                "INSERT INTO shop SELECT g, 'City ' || (g % 3) FROM generate_series(1, 12) g");
        model = new FakeModelServer().answerChat(body -> {
            sleep(chatDelay);
            String system = FakeModelServer.system(body);
            if (system.startsWith("You are a data analyst")) {
                return "{\"themes\": [{\"name\": \"Shops\", \"description\": \"d\", \"tables\": [\"shop\"]}]}";
            }
            if (system.startsWith("You write PostgreSQL")) {
                return "{\"pairs\": [{\"question\": \"How many shops?\", \"sql\": \"SELECT count(*) FROM shop\"}]}";
            }
            return "{\"table_comment\": \"Shops\", \"columns\": {}}";
        });
        dataDir = Files.createTempDirectory("rest-it");
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", db.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.llm.base.url", model.baseUrl());
        props.put("pipeline.llm.model", "fake");
        props.put("pipeline.embedding.dimension", "32");
        props.put("pipeline.embedding.provider", "offline");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        api = new Api(server.getURL().toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        model.close();
    }

    @BeforeEach
    void resetStore() {
        chatDelay = 0;
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'old-' || g, '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "array_fill(0.5::real, ARRAY[32])::vector, 'old', '{}' FROM generate_series(1, 5) g");
    }

    static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String businessUrl() {
        return "postgresql://" + business.user() + ":" + PW + "@" + business.host() + ":" + business.port() + "/"
                + business.name();
    }

    private static String createTask() {
        Api.Res r = api.post("/api/v0/data_pipeline/tasks", "{\"db_connection\": \"" + businessUrl()
                + "\", \"business_context\": \"shops\", \"task_name\": \"it\", \"tables\": [\"shop\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.data().get("task_id").asText();
    }

    private static JsonNode waitUntilDone(String taskId) {
        for (int i = 0; i < 300; i++) {
            JsonNode data = api.get("/api/v0/data_pipeline/tasks/" + taskId).data();
            JsonNode last = data.get("last_execution");
            if (!data.get("status").asText().equals("in_progress") && last != null && !last.isNull()
                    && !last.get("status").asText().equals("running")) {
                return data;
            }
            sleep(100);
        }
        throw new AssertionError("task " + taskId + " did not finish");
    }

    private static Api.Res execute(String taskId, String body) {
        return api.post("/api/v0/data_pipeline/tasks/" + taskId + "/execute", body);
    }

    // ------------------------------------------------------------------ the seed's curl cases

    @Test
    void givenCompleteWithBothFlags_whenExecuted_then202AndTheReportIsInTheStatus() {
        String id = createTask();

        Api.Res r = execute(id, "{\"execution_mode\": \"complete\", \"backup_vector_tables\": true, "
                + "\"truncate_vector_tables\": true}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.data().at("/vector_management/backup").asBoolean()).isTrue();
        assertThat(r.data().at("/vector_management/truncate").asBoolean()).isTrue();
        assertThat(r.data().get("warnings")).isEmpty();
        assertThat(r.data().get("execution_id").asText()).startsWith(id + "_exec_");
        JsonNode status = waitUntilDone(id);
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("completed");
        JsonNode vm = status.at("/result/result/artifacts/vector_management");
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).isTrue();
        assertThat(vm.at("/tables_backed_up/langchain_pg_embedding/row_count").asLong()).isEqualTo(5);
        assertThat(vm.at("/truncate_results/langchain_pg_embedding/rows_before").asLong()).isEqualTo(5);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%'")).isZero();
        assertThat(status.toString()).doesNotContain(PW);
    }

    @Test
    void givenStepTrainingLoadWithBackup_whenExecuted_then202WithBackupOnlyAndTheStepResultKeepsTheReport() {
        String id = createTask();
        execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\"}");
        waitUntilDone(id);

        Api.Res r = execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", "
                + "\"backup_vector_tables\": true}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.data().at("/vector_management/backup").asBoolean()).isTrue();
        assertThat(r.data().at("/vector_management/truncate").asBoolean()).isFalse();
        JsonNode status = waitUntilDone(id);
        assertThat(status.at("/result/step_name").asText()).isEqualTo("training_load");
        assertThat(status.at("/result/result/vector_management/backup_performed").asBoolean()).isTrue();
        assertThat(status.at("/result/result/training_data_load/load_successful").asBoolean()).isTrue();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%'")).isEqualTo(5);
    }

    @Test
    void givenStepDdlGenerationWithBackup_whenExecuted_then202FlagsIgnoredAndTheWarningReturned() {
        String id = createTask();

        Api.Res r = execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\", "
                + "\"backup_vector_tables\": true}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.data().at("/vector_management/backup").asBoolean()).isFalse();
        assertThat(r.data().at("/vector_management/truncate").asBoolean()).isFalse();
        assertThat(r.data().get("warnings").get(0).asText()).isEqualTo(
                "vector table parameters only apply to training_load; current step: ddl_generation; ignored");
        waitUntilDone(id);
        assertThat(dataDir.resolve(id).resolve("vector_bak")).doesNotExist();
    }

    @Test
    void givenNoVectorFlags_whenExecutingComplete_thenBehaviourIsUnchanged() {
        String id = createTask();

        Api.Res r = execute(id, "{\"execution_mode\": \"complete\"}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.data().at("/vector_management/backup").asBoolean()).isFalse();
        assertThat(r.data().get("warnings")).isEmpty();
        JsonNode status = waitUntilDone(id);
        assertThat(status.at("/result/result/artifacts/vector_management/backup_performed").asBoolean()).isFalse();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%'")).isEqualTo(5);
    }

    @Test
    void givenATruncatingRequest_whenPreviewed_thenThePolicysDecisionComesBackAndNothingRuns() {
        String id = createTask();

        Api.Res truncating = api.post("/api/v0/data_pipeline/tasks/" + id + "/execute/preview",
                "{\"execution_mode\": \"complete\", \"truncate_vector_tables\": true}");
        Api.Res ignored = api.post("/api/v0/data_pipeline/tasks/" + id + "/execute/preview",
                "{\"execution_mode\": \"step\", \"step_name\": \"qa_generation\", \"backup_vector_tables\": true}");

        assertThat(truncating.status()).as(truncating.body()).isEqualTo(200);
        assertThat(truncating.data().at("/vector_management/backup").asBoolean()).as("truncate implies backup").isTrue();
        assertThat(truncating.data().at("/vector_management/truncate").asBoolean()).isTrue();
        assertThat(truncating.data().at("/vector_management/truncate_scope").asText()).isEqualTo("table");
        assertThat(truncating.data().get("skip_training").asBoolean()).isFalse();
        assertThat(truncating.data().get("warnings")).isEmpty();
        assertThat(truncating.data().get("steps").toString()).isEqualTo(
                "[\"ddl_generation\",\"qa_generation\",\"sql_validation\",\"training_load\"]");
        assertThat(ignored.data().at("/vector_management/backup").asBoolean()).isFalse();
        assertThat(ignored.data().get("warnings").get(0).asText()).isEqualTo(
                "vector table parameters only apply to training_load; current step: qa_generation; ignored");
        JsonNode status = api.get("/api/v0/data_pipeline/tasks/" + id).data();
        assertThat(status.get("status").asText()).isEqualTo("pending");
        assertThat(status.get("last_execution").isNull()).as("nothing was started").isTrue();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'old-%'")).isEqualTo(5);
    }

    @Test
    void givenReloadOptions_whenPreviewed_thenTheDecisionCarriesThemAndMalformedOnesAre400NamingTheField() {
        String id = createTask();
        String path = "/api/v0/data_pipeline/tasks/" + id + "/execute/preview";

        Api.Res gated = api.post(path, "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", "
                + "\"truncate_vector_tables\": true, \"replace_by_difference\": true, \"min_retrieval\": "
                + "{\"ddl_hit@3\": 0.8}, \"max_retrieval_drop\": 0.05}");
        Api.Res withoutTruncate = api.post(path, "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", "
                + "\"replace_by_difference\": true, \"min_retrieval\": [\"ddl_hit@3=0.8\", \"doc_hit@3=0.5\"]}");

        assertThat(gated.status()).as(gated.body()).isEqualTo(200);
        assertThat(gated.data().at("/vector_management/replace_by_difference").asBoolean()).isTrue();
        assertThat(gated.data().at("/vector_management/retrieval_gate").toString()).contains("ddl_hit@3 >= 0.8")
                .contains("ddl_hit@3 drops by <= 0.05");
        assertThat(withoutTruncate.status()).isEqualTo(200);
        assertThat(withoutTruncate.data().at("/vector_management/replace_by_difference").isMissingNode()).isTrue();
        assertThat(withoutTruncate.data().get("warnings").toString())
                .contains("replace_by_difference only applies with truncate_vector_tables; ignored");
        assertThat(withoutTruncate.data().at("/vector_management/retrieval_gate").toString()).contains("doc_hit@3 >= 0.5");
        for (String[] bad : new String[][] {{"\"replace_by_difference\": \"yes\"", "replace_by_difference"},
                {"\"min_retrieval\": \"ddl_hit=0.8\"", "min_retrieval"}, {"\"min_retrieval\": 0.8", "min_retrieval"},
                {"\"max_retrieval_drop\": true", "max_retrieval_drop"}, {"\"max_retrieval_drop\": 2", "max_retrieval_drop"},
                {"\"min_retrieval\": {\"ddl_hit@3\": \"high\"}", "min_retrieval"}}) {
            Api.Res r = api.post(path, "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", " + bad[0] + "}");
            assertThat(r.status()).as(bad[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().at("/data/field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    // ------------------------------------------------------------------ concurrency, idempotency, auth

    @Test
    void givenARunningTask_whenExecutedAgain_then409NamesTheRunningExecution() {
        String id = createTask();
        execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\"}");
        waitUntilDone(id);
        chatDelay = 1500;
        Api.Res first = execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"qa_generation\"}");

        Api.Res second = execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"qa_generation\"}");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.errorType()).isEqualTo("conflict");
        assertThat(second.data().get("running_execution_id").asText()).isEqualTo(first.data().get("execution_id").asText());
        chatDelay = 0;
        waitUntilDone(id);
        Api.Res delete = api.delete("/api/v0/data_pipeline/tasks", "{\"task_ids\": [\"" + id + "\"], \"confirm\": true}");
        assertThat(delete.status()).isEqualTo(200);
    }

    @Test
    void givenAnIdempotencyKey_whenTheExecuteIsRetried_thenTheSameExecutionComesBack() {
        String id = createTask();
        Map<String, String> key = Map.of("Idempotency-Key", "retry-42");
        Api.Res first = api.send("POST", "/api/v0/data_pipeline/tasks/" + id + "/execute",
                "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\"}", "application/json", key);
        waitUntilDone(id);

        Api.Res again = api.send("POST", "/api/v0/data_pipeline/tasks/" + id + "/execute",
                "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\"}", "application/json", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().get("replayed").asBoolean()).isTrue();
        assertThat(again.data().get("execution_id").asText()).isEqualTo(first.data().get("execution_id").asText());
        assertThat(api.get("/api/v0/data_pipeline/tasks/" + id + "/executions").data().get("executions")).hasSize(1);
    }

    @Test
    void givenATokenIsConfigured_whenCallingWithoutOrWithAWrongOne_then401AndWithItTheCallWorks() {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", vector.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.api.token", "t0ken-value");
        try (EmbeddedServer secured = ApplicationContext.run(EmbeddedServer.class, props)) {
            Api anonymous = new Api(secured.getURL().toString());

            Api.Res none = anonymous.get("/api/v0/data_pipeline/tasks");
            Api.Res wrong = anonymous.withToken("nope").get("/api/v0/data_pipeline/tasks");
            Api.Res right = anonymous.withToken("t0ken-value").get("/api/v0/data_pipeline/tasks");

            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorType()).isEqualTo("unauthorized");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(right.status()).isEqualTo(200);
            assertThat(anonymous.get("/health").status()).isEqualTo(200);
            assertThat(none.body() + wrong.body()).doesNotContain("t0ken-value");
        }
    }

    // ------------------------------------------------------------------ every endpoint

    @Test
    void givenATask_whenUsingTheTaskEndpoints_thenEachAnswersInTheEnvelope() throws Exception {
        Api.Res created = api.post("/api/v0/data_pipeline/tasks", "{\"db_connection\": \"" + businessUrl()
                + "\", \"task_name\": \"uploads\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("code").asInt()).isEqualTo(200);
        assertThat(created.data().get("file_upload_mode").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain(PW).contains(":***@");
        String id = created.data().get("task_id").asText();
        String t = "/api/v0/data_pipeline/tasks/" + id;

        assertThat(execute(id, "{}").status()).as("no table list yet").isEqualTo(400);
        Api.Res info0 = api.get(t + "/table-list-info");
        assertThat(info0.data().get("has_file").asBoolean()).isFalse();
        Api.Res uploaded = api.upload(t + "/upload-table-list", "tables.txt",
                "# tables\nshop\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.data().get("table_count").asInt()).isEqualTo(1);
        Api.Res gbk = api.upload(t + "/upload-table-list", "gbk.txt", "# 表清单\nshop\n".getBytes("GBK"), Map.of());
        assertThat(gbk.status()).as(gbk.body()).isEqualTo(200);
        Api.Res written = api.post(t + "/table-list", "{\"tables\": \"shop, public.shop\"}");
        assertThat(written.status()).isEqualTo(200);
        assertThat(written.data().get("table_names")).hasSize(2);
        assertThat(api.get(t + "/table-list-info").data().get("table_count").asInt()).isEqualTo(2);

        Api.Res up = api.upload(t + "/files", "extra_pair.json", "[{\"question\": \"q?\", \"sql\": \"SELECT 1;\"}]"
                .getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        Api.Res again = api.upload(t + "/files", "extra_pair.json", "[{\"question\": \"q2?\", \"sql\": \"SELECT 2;\"}]"
                .getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(again.data().at("/backup_info/backup_filename").asText()).isEqualTo("extra_pair.json_bak1");
        Api.Res skip = api.upload(t + "/files", "extra_pair.json", "[1]".getBytes(StandardCharsets.UTF_8),
                Map.of("overwrite_mode", "skip"));
        assertThat(skip.data().at("/uploaded_file/skipped").asBoolean()).isTrue();

        execute(id, "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", \"backup_vector_tables\": true}");
        JsonNode done = waitUntilDone(id);
        assertThat(done.get("status").asText()).isEqualTo("partial_completed");

        Api.Res files = api.get(t + "/files");
        assertThat(files.data().get("files").toString()).contains("extra_pair.json", "table_list.txt");
        assertThat(files.data().get("backup_files").toString()).contains("manifest_");
        Api.Res download = api.get(t + "/files/table_list.txt");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).contains("shop");
        String manifest = files.data().get("backup_files").findValuesAsText("file_name").stream()
                .filter(n -> n.startsWith("manifest_")).findFirst().orElseThrow();
        Api.Res backupFile = api.get(t + "/files/vector_bak/" + manifest);
        assertThat(backupFile.status()).isEqualTo(200);
        assertThat(backupFile.body()).contains("\"sha256\"");

        Api.Res logs = api.get(t + "/logs?limit=3");
        assertThat(logs.data().get("logs")).hasSize(3);
        String token = logs.data().get("next_token").asText();
        Api.Res after = api.get(t + "/logs?after=" + token);
        assertThat(after.data().get("logs")).isEmpty();
        Api.Res query = api.post(t + "/logs/query", "{\"keyword\": \"loaded\", \"step_name\": \"training_load\", "
                + "\"page_size\": 5}");
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.data().at("/pagination/total").asInt()).isPositive();

        assertThat(api.get(t).data().get("steps")).hasSize(4);
        assertThat(api.get(t + "/executions").data().get("executions")).hasSize(1);
        Api.Res list = api.get("/api/v0/data_pipeline/tasks?limit=100");
        assertThat(list.data().get("tasks").findValuesAsText("task_id")).contains(id);
        Api.Res q = api.post("/api/v0/data_pipeline/tasks/query", "{\"task_name\": \"uploads\", \"page\": 1, "
                + "\"page_size\": 10, \"sort_by\": \"created_at\", \"sort_order\": \"asc\"}");
        assertThat(q.data().get("tasks").findValuesAsText("task_id")).containsExactly(id);
        assertThat(q.data().at("/pagination/total").asInt()).isEqualTo(1);
        assertThat(q.data().at("/tasks/0/last_execution/execution_id").asText())
                .isEqualTo(api.get(t + "/executions").data().at("/executions/0/execution_id").asText());
        assertThat(q.data().at("/tasks/0/last_execution/status").asText()).isEqualTo("completed");

        Api.Res del = api.delete("/api/v0/data_pipeline/tasks", "{\"task_ids\": [\"" + id + "\"], \"confirm\": true, "
                + "\"delete_database_records\": true}");
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(del.data().at("/summary/successfully_deleted").asInt()).isEqualTo(1);
        assertThat(dataDir.resolve(id)).doesNotExist();
        assertThat(api.get(t).status()).isEqualTo(404);
    }

    @Test
    void givenAnUnreadableManifest_whenListingAndVerifying_thenThatSetIsDamagedOthersAreListedAndVerifyIs409()
            throws Exception {
        Api.Res first = api.post("/api/v0/data_pipeline/vector/backup", "{}");
        Api.Res second = api.post("/api/v0/data_pipeline/vector/backup", "{}");
        String bad = first.data().get("backup_timestamp").asText();
        java.nio.file.Files.writeString(dataDir.resolve("vector_bak").resolve("manifest_" + bad + ".json"), "{ not json");

        Api.Res list = api.get("/api/v0/data_pipeline/vector/restore/list?global_only=true");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.data().at("/summary/total_backup_sets").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode sets = list.data().at("/backup_locations/0/backups");
        String states = sets.toString();
        assertThat(states).contains("\"damaged\"").contains("unreadable")
                .contains(second.data().get("backup_timestamp").asText());
        Api.Res verify = api.post("/api/v0/data_pipeline/vector/verify", "{\"timestamp\": \"" + bad + "\"}");
        assertThat(verify.status()).as(verify.body()).isEqualTo(409);
        assertThat(verify.body()).contains("damaged").contains("unreadable");
        Api.Res restore = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + bad + "\"}");
        assertThat(restore.status()).as(restore.body()).isEqualTo(409);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dataDir.resolve("vector_bak"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().contains(bad)).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
    }

    @Test
    void givenTheVectorEndpoints_whenBackingUpListingVerifyingAndRestoring_thenTheStoreComesBackExactly() {
        String before = vector.queryString("SELECT md5(string_agg(e::text, '|' ORDER BY id)) FROM langchain_pg_embedding e");

        Api.Res backup = api.post("/api/v0/data_pipeline/vector/backup", "{\"truncate_vector_tables\": true}");

        assertThat(backup.status()).as(backup.body()).isEqualTo(200);
        assertThat(backup.data().get("truncate_performed").asBoolean()).isTrue();
        String ts = backup.data().get("backup_timestamp").asText();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();

        Api.Res list = api.get("/api/v0/data_pipeline/vector/restore/list?global_only=true");
        assertThat(list.data().at("/backup_locations/0/backups/0/timestamp").asText()).isEqualTo(ts);
        Api.Res verify = api.post("/api/v0/data_pipeline/vector/verify", "{\"timestamp\": \"" + ts + "\"}");
        assertThat(verify.data().get("verified").asBoolean()).isTrue();
        Api.Res restore = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts
                + "\", \"truncate_before_restore\": true}");
        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
        assertThat(restore.data().at("/restore_results/langchain_pg_embedding/rows_inserted").asLong()).isEqualTo(5);
        assertThat(vector.queryString("SELECT md5(string_agg(e::text, '|' ORDER BY id)) FROM langchain_pg_embedding e"))
                .isEqualTo(before);
        assertThat(api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts + "\", \"tables\": "
                + "[\"langchain_pg_embedding\"]}").data().at("/restore_results/langchain_pg_embedding/rows_skipped")
                .asLong()).isEqualTo(5);
    }

    @Test
    void givenTheOpenApiDocument_whenServed_thenItMatchesTheCheckedInCopyAndListsEveryRoute() throws IOException {
        Api.Res served = api.get("/openapi.yml");

        assertThat(served.status()).isEqualTo(200);
        Path checkedIn = Path.of("..", "docs", "openapi.yml");
        assertThat(checkedIn).as("docs/openapi.yml is checked in (copy it from " + "target/classes/"
                + OpenApiController.RESOURCE + ")").exists();
        assertThat(served.body()).as("docs/openapi.yml drifted from the controllers; copy target/classes/"
                + OpenApiController.RESOURCE + " over it").isEqualTo(Files.readString(checkedIn));
        for (String route : List.of("/api/v0/data_pipeline/tasks/{task_id}/execute",
                "/api/v0/data_pipeline/tasks/{task_id}/execute/preview", "/api/v0/data_pipeline/tasks/query",
                "/api/v0/data_pipeline/vector/restore/list", "/api/v0/data_pipeline/tasks/{task_id}/logs/query",
                "/api/v0/data_pipeline/vector/search", "/api/v0/data_pipeline/vector/evaluate",
                "/api/v0/data_pipeline/vector/reembed",
                "/api/v0/data_pipeline/tasks/{task_id}/files/vector_bak/{file_name}")) {
            assertThat(served.body()).contains(route + ":");
        }
    }

    // ------------------------------------------------------------------ bad input never yields a 5xx

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /tasks/@ID@/execute | {"execution_mode": "sometimes"}                          | 400 | execution_mode
            POST | /tasks/@ID@/execute | {"execution_mode": "step"}                               | 400 | step_name
            POST | /tasks/@ID@/execute | {"execution_mode": "step", "step_name": "load"}          | 400 | step_name
            POST | /tasks/@ID@/execute | {"backup_vector_tables": "false"}                        | 400 | backup_vector_tables
            POST | /tasks/@ID@/execute | {"truncate_vector_tables": 1}                            | 400 | truncate_vector_tables
            POST | /tasks/@ID@/execute | {"skip_training": null, "surprise": true}                | 400 | surprise
            POST | /tasks/@ID@/execute | [1, 2]                                                   | 400 | body
            POST | /tasks/@ID@/execute | {"execution_mode":                                       | 400 | body
            POST | /tasks/bad-id/execute | {}                                                     | 400 | task_id
            POST | /tasks/@ID@/execute/preview | {"truncate_vector_tables": "yes"}             | 400 | truncate_vector_tables
            POST | /tasks/task_19990101_000000/execute/preview | {}                               | 404 |
            POST | /tasks/task_19990101_000000/execute | {}                                       | 404 |
            POST | /tasks               | {"business_context": "x"}                               | 400 | db_connection
            POST | /tasks               | {"db_connection": "mysql://x/y"}                        | 400 | db_connection
            POST | /tasks               | {"db_connection": "postgresql://h/db", "table_list_file": "/etc/passwd"} | 400 | table_list_file
            POST | /tasks               | {"db_connection": "postgresql://h/db", "tables": ["x union select 1"]} | 400 | table_list
            POST | /tasks/query         | {"page": 0}                                             | 400 | page
            POST | /tasks/query         | {"page": "1"}                                           | 400 | page
            POST | /tasks/query         | {"sort_by": "password"}                                 | 400 | sort_by
            POST | /tasks/query         | {"status": "done"}                                      | 400 | status
            GET  | /tasks?limit=abc     |                                                          | 400 | limit
            GET  | /tasks?status=bogus  |                                                          | 400 | status
            GET  | /tasks/@ID@/logs?limit=0 |                                                      | 400 | limit
            GET  | /tasks/@ID@/logs?after=-1 |                                                     | 400 | after
            GET  | /tasks/@ID@/logs?level=LOUD |                                                   | 400 | level
            POST | /tasks/@ID@/logs/query | {"sort_order": "sideways"}                            | 400 | sort_order
            GET  | /tasks/@ID@/files/..%2F..%2Fetc%2Fpasswd |                                      | 400 | file_name
            GET  | /tasks/@ID@/files/no_such_file.txt |                                             | 404 |
            GET  | /tasks/@ID@/files/vector_bak/..   |                                              | 400 | file_name
            POST | /tasks/@ID@/table-list | {"tables": ["ok", "x;drop"]}                          | 400 | tables
            POST | /tasks/@ID@/table-list | {"tables": 5}                                          | 400 | tables
            POST | /vector/verify        | {}                                                      | 400 | timestamp
            POST | /vector/verify        | {"timestamp": "2025-07-21"}                             | 400 | timestamp
            POST | /vector/restore       | {"timestamp": "20250721_113010", "tables": ["pg_authid"]} | 400 | tables
            POST | /vector/restore       | {"timestamp": "20250721_113010", "backup_path": "/tmp"} | 400 | backup_path
            POST | /vector/restore       | {"timestamp": "20250721_113010"}                        | 404 |
            POST | /vector/backup        | {"task_id": "../x"}                                     | 400 | task_id
            POST | /vector/backup        | {"truncate_vector_tables": "yes"}                       | 400 | truncate_vector_tables
            GET  | /vector/restore/list?global_only=maybe |                                         | 400 | global_only
            POST | /vector/reembed       | {}                                                      | 400 | provider
            POST | /vector/reembed       | {"provider": "word2vec"}                                | 400 | provider
            POST | /vector/reembed       | {"provider": "openai", "model": "m"}                    | 400 | dimension
            POST | /vector/reembed       | {"provider": "openai", "model": "m", "dimension": "32"} | 400 | dimension
            POST | /vector/reembed       | {"provider": "openai", "model": "m", "dimension": 1}    | 400 | dimension
            POST | /vector/reembed       | {"provider": "offline", "dry_run": "yes"}               | 400 | dry_run
            POST | /vector/reembed       | {"provider": "offline", "surprise": 1}                  | 400 | surprise
            POST | /vector/reembed       | {"provider": "offline", "base_url": "http://x"}         | 400 | base_url
            POST | /vector/reembed       | {"provider": "offline", "collections": [""]}            | 400 | collections
            DELETE | /tasks              | {"task_ids": ["@ID@"]}                                  | 400 | confirm
            DELETE | /tasks              | {"task_ids": ["../x"], "confirm": true}                 | 400 | task_id
            GET  | /no/such/endpoint     |                                                          | 404 |
            PUT  | /tasks                | {}                                                      | 405 |
            """)
    void givenBadInput_whenCalled_thenA4xxNamesTheField(String method, String path, String body, int status,
            String field) {
        String id = createTask();
        String p = "/api/v0/data_pipeline" + path.replace("@ID@", id);
        String b = body == null ? null : body.replace("@ID@", id);

        Api.Res r = api.send(method, p, b, b == null ? null : "application/json", Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("success").asBoolean()).isFalse();
        assertThat(r.data().get("error_type").asText()).isNotBlank();
        if (field != null) {
            assertThat(r.data().toString()).contains(field);
        }
    }

    @Test
    void givenWrongContentTypesAndUploads_whenCalled_thenTheyAre4xx() {
        String id = createTask();
        String t = "/api/v0/data_pipeline/tasks/" + id;

        assertThat(api.send("POST", t + "/execute", "execution_mode=step", "application/x-www-form-urlencoded", Map.of())
                .status()).isEqualTo(400);
        assertThat(api.send("POST", t + "/execute", "{}", "text/plain", Map.of()).status()).isEqualTo(400);
        assertThat(api.post(t + "/upload-table-list", "{}").status()).isEqualTo(400);
        assertThat(api.upload(t + "/upload-table-list", "tables.csv", "shop".getBytes(), Map.of()).status()).isEqualTo(400);
        assertThat(api.upload(t + "/upload-table-list", "tables.txt", new byte[0], Map.of()).status()).isEqualTo(400);
        assertThat(api.upload(t + "/upload-table-list", null, null, Map.of()).status()).isEqualTo(400);
        assertThat(api.upload(t + "/files", "table_list.txt", "x".getBytes(), Map.of()).status()).isEqualTo(400);
        assertThat(api.upload(t + "/files", "tool.exe", "x".getBytes(), Map.of()).status()).isEqualTo(400);
        assertThat(api.upload(t + "/files", "..", "x".getBytes(), Map.of()).status()).isEqualTo(400);
        assertThat(api.upload(t + "/files", "a.json", "[]".getBytes(), Map.of("overwrite_mode", "maybe")).status())
                .isEqualTo(400);
        Api.Res big = api.upload(t + "/files", "big.txt", new byte[11 * 1024 * 1024], Map.of());
        assertThat(big.status()).as(big.body()).isBetween(400, 499);
    }
}
