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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client written for the original Python API ({@code unified_api.py} of paulwxq/VANNA-CHAINLIT-CHROMADB) against
 * ours: the bodies below are the ones the original's routes read (their field names, value shapes and the examples of
 * its docstrings), sent as its clients send them. Issue 23, items 1, 2 and 6 over REST.
 */
@ExtendWith(PostgresExtension.class)
class MigrationApiIT {

    private static final String PW = "Sup3rS3cret";
    private static final String B = "/api/v0/data_pipeline";
    private static final String WARNING = "vector table parameters only apply to training_load; current step: "
            + "ddl_generation; ignored";
    private static TestDatabase vector;
    private static TestDatabase business;
    private static TestDatabase staging;
    private static TestDatabase production;
    private static FakeModelServer model;
    private static EmbeddedServer server;
    private static Path dataDir;
    private static Api admin;
    private static Api executor;
    private static Api reader;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        vector.execute(LangChainSchema.G2);
        business = db.sibling("biz");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, city text)",
                "INSERT INTO shop SELECT g, 'City ' || (g % 3) FROM generate_series(1, 12) g");
        staging = db.sibling("staging");
        staging.execute(LangChainSchema.G2);
        staging.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'staged-' || g, '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "array_fill(0.25::real, ARRAY[32])::vector, 'staged ' || g, '{}' FROM generate_series(1, 62) g");
        production = db.sibling("prod");
        model = new FakeModelServer().answerChat(body -> {
            String system = FakeModelServer.system(body);
            if (system.startsWith("You are a data analyst")) {
                return "{\"themes\": [{\"name\": \"Shops\", \"description\": \"d\", \"tables\": [\"shop\"]}]}";
            }
            if (system.startsWith("You write PostgreSQL")) {
                return "{\"pairs\": [{\"question\": \"How many shops?\", \"sql\": \"SELECT count(*) FROM shop\"}]}";
            }
            return "{\"table_comment\": \"Shops\", \"columns\": {}}";
        });
        dataDir = Files.createTempDirectory("rest-migration");
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", db.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.llm.base.url", model.baseUrl());
        props.put("pipeline.llm.model", "fake");
        props.put("pipeline.embedding.dimension", "32");
        props.put("pipeline.embedding.provider", "offline");
        props.put("pipeline.api.tokens", "r3ad-t0ken:read,ex3c-t0ken:execute,adm1n-t0ken:admin");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        Api anonymous = new Api(server.getURL().toString());
        admin = anonymous.withToken("adm1n-t0ken");
        executor = anonymous.withToken("ex3c-t0ken");
        reader = anonymous.withToken("r3ad-t0ken");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        model.close();
    }

    private static String url(TestDatabase db) {
        return "postgresql://" + db.user() + ":" + PW + "@" + db.host() + ":" + db.port() + "/" + db.name();
    }

    /** The original's create body: every field it reads but {@code table_list_file} (a server path). */
    private static String createTask() {
        Api.Res r = admin.post(B + "/tasks", "{\"business_context\": \"高速公路服务区管理系统\", \"db_name\": \"shop_db\", "
                + "\"db_connection\": \"" + url(business) + "\", \"task_name\": \"migration\", "
                + "\"enable_sql_validation\": true, \"enable_llm_repair\": true, \"modify_original_file\": true, "
                + "\"enable_training_data_load\": true}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.data().get("file_upload_mode").asBoolean()).isTrue();
        String id = r.data().get("task_id").asText();
        Api.Res list = admin.post(B + "/tasks/" + id + "/table-list", "{\"tables\": [\"shop\"]}");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return id;
    }

    private static JsonNode waitUntilDone(String taskId) {
        for (int i = 0; i < 300; i++) {
            JsonNode data = admin.get(B + "/tasks/" + taskId).data();
            JsonNode last = data.get("last_execution");
            if (!data.get("status").asText().equals("in_progress") && last != null && !last.isNull()
                    && !last.get("status").asText().equals("running")) {
                return data;
            }
            sleep(100);
        }
        throw new AssertionError("task " + taskId + " did not finish");
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ item 1: a named step

    @Test
    void givenAStepNameWithoutExecutionMode_whenExecuted_thenOnlyThatStepRunsAndCompletePlusAStepIsA400NamingBoth() {
        String id = createTask();

        Api.Res r = admin.post(B + "/tasks/" + id + "/execute", "{\"step_name\": \"ddl_generation\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.data().get("execution_mode").asText()).isEqualTo("step");
        assertThat(r.data().get("step_name").asText()).isEqualTo("ddl_generation");
        JsonNode status = waitUntilDone(id);
        assertThat(status.at("/step_status/ddl_generation").asText()).isEqualTo("completed");
        assertThat(status.at("/step_status/qa_generation").asText()).as("the workflow did not go on").isEqualTo("pending");
        assertThat(status.at("/last_execution/execution_mode").asText()).isEqualTo("step");

        Api.Res both = admin.post(B + "/tasks/" + id + "/execute", "{\"execution_mode\": \"complete\", "
                + "\"step_name\": \"training_load\"}");
        assertThat(both.status()).as(both.body()).isEqualTo(400);
        assertThat(both.data().get("field").asText()).isEqualTo("execution_mode");
        assertThat(both.data().get("response").asText()).contains("execution_mode complete", "step_name training_load");
        Api.Res preview = admin.post(B + "/tasks/" + id + "/execute/preview", "{\"execution_mode\": \"resume\", "
                + "\"step_name\": \"training_load\"}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(400);
        assertThat(preview.data().get("response").asText()).contains("execution_mode resume", "step_name training_load");
        assertThat(admin.get(B + "/tasks/" + id + "/executions").data().get("total").asInt()).as("nothing recorded")
                .isEqualTo(1);
    }

    @Test
    void givenTheOriginalsExecuteBodyWithFlagsOnAnotherStep_whenExecuted_thenTheWarningIsOnceInTheAnswerAndInTheLog()
            throws IOException {
        String id = createTask();

        Api.Res r = admin.post(B + "/tasks/" + id + "/execute", "{\"execution_mode\": \"step\", \"step_name\": "
                + "\"ddl_generation\", \"backup_vector_tables\": true, \"truncate_vector_tables\": false, "
                + "\"skip_training\": false}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.data().get("warnings")).hasSize(1);
        assertThat(r.data().get("warnings").get(0).asText()).isEqualTo(WARNING);
        JsonNode status = waitUntilDone(id);
        assertThat(status.at("/last_execution/warnings")).hasSize(1);
        String log = Files.readString(dataDir.resolve(id).resolve("data_pipeline.log"), StandardCharsets.UTF_8);
        assertThat(occurrences(log, WARNING)).as(log).isEqualTo(1);
        assertThat(log).contains("[WARNING] pipeline.task: " + WARNING);
    }

    // ------------------------------------------------------------------ item 2: the original's bodies and filters

    @Test
    void givenAnEmptyExecuteBodyWithAnyOrNoContentType_whenSent_thenTheDefaultsApplyAndABodyThatIsNotJsonIsStillA400() {
        String id = createTask();

        Api.Res none = admin.send("POST", B + "/tasks/" + id + "/execute", null, null, Map.of());
        assertThat(none.status()).as(none.body()).isEqualTo(202);
        assertThat(none.data().get("execution_mode").asText()).isEqualTo("complete");
        waitUntilDone(id);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json")) {
            Api.Res empty = admin.send("POST", B + "/tasks/" + id + "/execute/preview", "", type, Map.of());
            assertThat(empty.status()).as(type + ": " + empty.body()).isEqualTo(200);
            assertThat(empty.data().get("execution_mode").asText()).isEqualTo("complete");
        }
        Api.Res text = admin.send("POST", B + "/tasks/" + id + "/execute/preview", "{\"step_name\": \"qa_generation\"}",
                "text/plain", Map.of());
        assertThat(text.status()).as("a body that is not sent as JSON is not silently ignored").isEqualTo(400);
        assertThat(text.data().get("field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void givenTheOriginalsQueryBodyWithItsFiltersAndStatuses_whenQueried_thenEachIsAcceptedAndApplied() {
        String id = createTask();
        admin.post(B + "/tasks/" + id + "/execute", "{\"step_name\": \"ddl_generation\"}");
        String own = waitUntilDone(id).get("status").asText();

        // the example of the original's docstring, field for field
        Api.Res doc = admin.post(B + "/tasks/query", "{\"page\": 1, \"page_size\": 20, \"status\": \"completed\", "
                + "\"task_name\": \"highway\", \"created_by\": \"user123\", \"db_name\": \"highway_db\", "
                + "\"created_time_start\": \"2025-01-01T00:00:00\", \"created_time_end\": \"2025-12-31T23:59:59\", "
                + "\"started_time_start\": \"2025-01-01T00:00:00\", \"started_time_end\": \"2025-12-31T23:59:59\", "
                + "\"completed_time_start\": \"2025-01-01T00:00:00\", \"completed_time_end\": \"2025-12-31T23:59:59\", "
                + "\"sort_by\": \"created_at\", \"sort_order\": \"desc\"}");
        assertThat(doc.status()).as(doc.body()).isEqualTo(200);
        assertThat(doc.data().get("filters_applied").size()).isEqualTo(10);
        assertThat(doc.data().at("/pagination/total").asInt()).isZero();

        assertThat(ids(admin.post(B + "/tasks/query", "{\"created_by\": \"api\", \"db_name\": \"shop_db\", "
                + "\"started_time_start\": \"2020-01-01\", \"completed_time_end\": \"2999-12-31 23:59:59\"}")))
                .contains(id);
        assertThat(ids(admin.post(B + "/tasks/query", "{\"created_by\": \"cli\"}"))).doesNotContain(id);
        assertThat(ids(admin.post(B + "/tasks/query", "{\"started_time_start\": \"2999-01-01\"}"))).isEmpty();
        for (String status : List.of("running", "cancelled", "pending", "in_progress", "partial_completed", "failed")) {
            Api.Res r = admin.post(B + "/tasks/query", "{\"status\": \"" + status + "\"}");
            assertThat(r.status()).as(status + ": " + r.body()).isEqualTo(200);
            if (status.equals(own)) {
                assertThat(ids(r)).as(status).contains(id);
            } else {
                assertThat(ids(r)).as(status).doesNotContain(id);
            }
        }
        assertThat(ids(admin.get(B + "/tasks?status=running&limit=10"))).doesNotContain(id);
        Api.Res bad = admin.post(B + "/tasks/query", "{\"status\": \"done\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.data().get("response").asText()).contains("running", "cancelled");
        Api.Res backwards = admin.post(B + "/tasks/query", "{\"completed_time_start\": \"2025-02-01\", "
                + "\"completed_time_end\": \"2025-01-01\"}");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.data().get("field").asText()).isEqualTo("completed_time_start");
    }

    private static List<String> ids(Api.Res r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.data().get("tasks").forEach(t -> out.add(t.get("task_id").asText()));
        return out;
    }

    @Test
    void givenTheOriginalsLogQueryBody_whenQueried_thenLoggerNameSortByAndLevelsApply() {
        String id = createTask();
        admin.post(B + "/tasks/" + id + "/execute", "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\", "
                + "\"backup_vector_tables\": true}");
        waitUntilDone(id);

        Api.Res doc = admin.post(B + "/tasks/" + id + "/logs/query", "{\"page\": 1, \"page_size\": 50, \"level\": "
                + "\"ERROR\", \"start_time\": \"2025-01-01 00:00:00\", \"end_time\": \"2025-01-02 23:59:59\", "
                + "\"keyword\": \"failed\", \"logger_name\": \"DDLGenerator\", \"step_name\": \"ddl_generation\", "
                + "\"sort_by\": \"timestamp\", \"sort_order\": \"desc\"}");
        assertThat(doc.status()).as(doc.body()).isEqualTo(200);
        assertThat(doc.data().get("total").asInt()).isZero();

        Api.Res warnings = admin.post(B + "/tasks/" + id + "/logs/query", "{\"logger_name\": \"pipeline.task\", "
                + "\"level\": \"WARN\", \"sort_by\": \"line_number\", \"sort_order\": \"asc\"}");
        assertThat(warnings.status()).as(warnings.body()).isEqualTo(200);
        assertThat(warnings.data().get("logs")).hasSize(1);
        assertThat(warnings.data().at("/logs/0/message").asText()).isEqualTo(WARNING);
        Api.Res byLogger = admin.post(B + "/tasks/" + id + "/logs/query", "{\"logger_name\": \"pipeline.ddl_generation\", "
                + "\"sort_by\": \"level\", \"sort_order\": \"desc\"}");
        byLogger.data().get("logs").forEach(l -> assertThat(l.get("logger").asText()).isEqualTo("pipeline.ddl_generation"));
        assertThat(byLogger.data().get("total").asInt()).isPositive();
        admin.get(B + "/tasks/" + id + "/logs?level=warning&limit=100").data().get("logs")
                .forEach(l -> assertThat(l.get("level").asText()).isEqualTo("WARNING"));
        Api.Res badSort = admin.post(B + "/tasks/" + id + "/logs/query", "{\"sort_by\": \"message\"}");
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.data().get("field").asText()).isEqualTo("sort_by");
    }

    @Test
    void givenTheOriginalsBackupBodies_whenSent_thenEachIsAnsweredAsTheOriginalMeantIt() {
        String id = createTask();

        Api.Res empty = admin.post(B + "/vector/backup", "{}");
        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
        assertThat(empty.data().get("backup_performed").asBoolean()).isTrue();
        Api.Res noBody = admin.send("POST", B + "/vector/backup", null, null, Map.of());
        assertThat(noBody.status()).as("the original's 'empty parameters' call: " + noBody.body()).isEqualTo(200);
        Api.Res task = admin.post(B + "/vector/backup", "{\"task_id\": \"" + id + "\", \"backup_vector_tables\": true}");
        assertThat(task.status()).as(task.body()).isEqualTo(200);
        assertThat(task.data().get("backup_directory").asText()).contains(id);
        Api.Res off = admin.post(B + "/vector/backup", "{\"backup_vector_tables\": false}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.data().get("backup_performed").asBoolean()).isFalse();
        assertThat(off.data().get("truncate_performed").asBoolean()).isFalse();
        Api.Res contradiction = admin.post(B + "/vector/backup", "{\"backup_vector_tables\": false, "
                + "\"truncate_vector_tables\": true}");
        assertThat(contradiction.status()).isEqualTo(400);
    }

    @Test
    void givenASetTakenInStaging_whenRestoredIntoProductionByBackupPathAndDbConnection_thenTheRowsArriveWithoutEchoingTheSecret()
            throws IOException {
        // the original's backup body naming the database to back up: needs admin, like anything naming a database
        String backupBody = "{\"db_connection\": \"" + url(staging) + "\", \"backup_vector_tables\": true}";
        Api.Res refused = executor.post(B + "/vector/backup", backupBody);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.data().get("response").asText()).contains("db_connection").contains("scope admin");
        Api.Res backup = admin.post(B + "/vector/backup", backupBody);
        assertThat(backup.status()).as(backup.body()).isEqualTo(200);
        String ts = backup.data().get("backup_timestamp").asText();
        assertThat(backup.data().at("/tables_backed_up/langchain_pg_embedding/row_count").asLong()).isEqualTo(62);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'staged-%'"))
                .as("the configured store was not touched").isZero();
        String manifest = Files.readString(dataDir.resolve("vector_bak").resolve("manifest_" + ts + ".json"));
        assertThat(manifest).contains(staging.name()).doesNotContain(PW);

        String list = B + "/vector/restore/list?global_only=true&db_connection="
                + URLEncoder.encode(url(production), StandardCharsets.UTF_8);
        assertThat(reader.get(list).status()).as("listing against a named database needs admin").isEqualTo(403);
        Api.Res listed = admin.get(list);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode location = listed.data().at("/backup_locations/0");
        assertThat(location.get("type").asText()).isEqualTo("global");
        String relativePath = location.get("relative_path").asText();

        // the original's restore body: backup_path (here the listing's relative_path), timestamp, tables,
        // db_connection (production, whose LangChain tables do not exist yet: the restore creates them)
        Api.Res restore = admin.post(B + "/vector/restore", "{\"backup_path\": \"" + relativePath + "\", \"timestamp\": \""
                + ts + "\", \"tables\": [\"langchain_pg_collection\", \"langchain_pg_embedding\"], \"db_connection\": \""
                + url(production) + "\", \"truncate_before_restore\": true}");
        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
        assertThat(production.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(62);
        assertThat(production.queryLong("SELECT count(*) FROM langchain_pg_collection")).isEqualTo(1);
        assertThat(production.queryLong("SELECT vector_dims(embedding) FROM langchain_pg_embedding LIMIT 1"))
                .isEqualTo(32);
        assertThat(restore.data().get("warnings").toString()).contains("created what the store lacked");
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE id LIKE 'staged-%'")).isZero();
        for (Api.Res r : List.of(refused, backup, listed, restore)) {
            assertThat(r.body()).doesNotContain(PW);
        }

        Api.Res absolute = admin.post(B + "/vector/restore", "{\"backup_path\": \"" + dataDir.resolve("vector_bak")
                + "/\", \"timestamp\": \"" + ts + "\", \"db_connection\": \"" + url(production) + "\"}");
        assertThat(absolute.status()).as(absolute.body()).isEqualTo(200);
        assertThat(absolute.data().at("/restore_results/langchain_pg_embedding/rows_skipped").asLong()).isEqualTo(62);
    }

    @Test
    void givenABackupPathOutsideTheDataDirectoryOrAnUnreachableDatabase_whenRestoring_thenA400NamesWhatToFix() {
        for (String path : List.of("/etc", "../vector_bak", dataDir.resolve("x/vector_bak/more").toString(),
                "data_pipeline/training_data/vector_bak")) {
            Api.Res r = admin.post(B + "/vector/restore", "{\"backup_path\": \"" + path + "\", \"timestamp\": "
                    + "\"20250722_165619\"}");
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(400);
            assertThat(r.data().get("field").asText()).isEqualTo("backup_path");
            assertThat(r.data().get("response").asText()).contains(dataDir.toAbsolutePath().normalize().toString());
        }
        Api.Res unreachable = admin.post(B + "/vector/restore", "{\"backup_path\": \"vector_bak\", \"timestamp\": "
                + "\"20250722_165619\", \"db_connection\": \"postgresql://u:" + PW + "@127.0.0.1:1/prod\"}");
        assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(400);
        assertThat(unreachable.data().get("field").asText()).isEqualTo("db_connection");
        assertThat(unreachable.data().get("response").asText()).contains("127.0.0.1:1", "database prod", "refused");
        assertThat(unreachable.body()).doesNotContain(PW);
    }

    @Test
    void givenTheOriginalsDeleteWithItsQueryString_whenSent_thenTheTasksAreDeleted() {
        String id = createTask();

        Api.Res r = admin.send("DELETE", B + "/tasks?task_ids%5B%5D=" + id + "&confirm=true&delete_database_records=true",
                null, null, Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.data().at("/summary/successfully_deleted").asInt()).isEqualTo(1);
        assertThat(admin.get(B + "/tasks/" + id).status()).isEqualTo(404);
        Api.Res unconfirmed = admin.send("DELETE", B + "/tasks?task_ids=a,b&confirm=no", null, null, Map.of());
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.data().get("field").asText()).isEqualTo("confirm");
    }
}
