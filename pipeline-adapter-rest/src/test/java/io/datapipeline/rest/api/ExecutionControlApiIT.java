package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steering and watching executions over real HTTP on real PostgreSQL: cancel (a model call in flight, a truncating
 * reload, from another server instance), resume, live progress and the event stream.
 */
@ExtendWith(PostgresExtension.class)
class ExecutionControlApiIT {

    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static EmbeddedServer server;
    private static Path dataDir;
    private static Api api;
    private static volatile CountDownLatch holdPairs;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        business = db.sibling("steer");
        ShopWorkload.createShop(business);
        model = ShopWorkload.model(40, () -> holdPairs);
        dataDir = Files.createTempDirectory("rest-steer");
        server = ApplicationContext.run(EmbeddedServer.class, props("steer-a"));
        api = new Api(server.getURL().toString());
    }

    private static Map<String, Object> props(String instance) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", vector.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.llm.base.url", model.baseUrl());
        props.put("pipeline.llm.model", "fake");
        props.put("pipeline.embedding.dimension", "32");
        props.put("pipeline.embedding.provider", "offline");
        props.put("pipeline.instance.id", instance);
        return props;
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
        holdPairs = null;
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'old-' || g, '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "array_fill(0.5::real, ARRAY[32])::vector, 'old ' || g, '{}' FROM generate_series(1, 5) g");
    }

    @AfterEach
    void release() {
        CountDownLatch hold = holdPairs;
        if (hold != null) {
            hold.countDown();
        }
    }

    private static String businessUrl() {
        return "postgresql://" + business.user() + ":" + business.password() + "@" + business.host() + ":"
                + business.port() + "/" + business.name();
    }

    private static String createTask() {
        Api.Res r = api.post("/api/v0/data_pipeline/tasks", "{\"db_connection\": \"" + businessUrl()
                + "\", \"business_context\": \"shops\", \"task_name\": \"steer\", \"tables\": [\"shop\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.data().get("task_id").asText();
    }

    private static String execute(Api client, String taskId, String body) {
        Api.Res r = client.post("/api/v0/data_pipeline/tasks/" + taskId + "/execute", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.data().get("execution_id").asText();
    }

    private static JsonNode execution(String taskId, String executionId) {
        return api.get("/api/v0/data_pipeline/tasks/" + taskId + "/executions/" + executionId).data();
    }

    private static JsonNode waitFor(String taskId, String executionId, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        JsonNode e = execution(taskId, executionId);
        while (e.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            e = execution(taskId, executionId);
        }
        return e;
    }

    private static void waitForStep(String taskId, String step) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode current = api.get("/api/v0/data_pipeline/tasks/" + taskId).data().get("current_step");
            if (current != null && !current.isNull() && current.toString().contains(step)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("step " + step + " never started");
    }

    @Test
    void givenAModelCallInFlight_whenCancelled_thenTheExecutionEndsCancelledWithinSecondsAndAResumeCompletes()
            throws Exception {
        String task = createTask();
        holdPairs = new CountDownLatch(1);
        String exec = execute(api, task, "{\"execution_mode\": \"complete\"}");
        waitForStep(task, "qa_generation");
        Thread.sleep(300);

        long t0 = System.nanoTime();
        Api.Res cancel = api.post("/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec + "/cancel", "{}");
        JsonNode ended = waitFor(task, exec, 10_000);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        assertThat(ended.get("status").asText()).isEqualTo("cancelled");
        assertThat(millis).as("cancel took effect after %d ms", millis).isLessThan(5000);
        JsonNode status = api.get("/api/v0/data_pipeline/tasks/" + task).data();
        assertThat(status.toString()).contains("\"step_name\":\"qa_generation\"", "\"step_status\":\"cancelled\"");
        Api.Res again = api.post("/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec + "/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);

        holdPairs.countDown();
        holdPairs = null;
        String resumed = execute(api, task, "{\"execution_mode\": \"resume\"}");
        JsonNode done = waitFor(task, resumed, 60_000);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        JsonNode state = done.at("/result/result/workflow_state");
        assertThat(state.toString()).contains("qa_generation", "sql_validation", "training_data_load");
        assertThat(done.at("/result/result/artifacts").has("ddl_md_generation")).isFalse();
        Api.Res nothing = api.post("/api/v0/data_pipeline/tasks/" + task + "/execute", "{\"execution_mode\": \"resume\"}");
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(nothing.body()).contains("nothing to resume");
    }

    @Test
    void givenAFailedSqlValidation_whenResumed_thenOnlySqlValidationAndTrainingLoadRun() throws Exception {
        String task = createTask();
        waitFor(task, execute(api, task, "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\"}"), 30_000);
        waitFor(task, execute(api, task, "{\"execution_mode\": \"step\", \"step_name\": \"qa_generation\"}"), 30_000);
        Path taskDir = dataDir.resolve(task);
        Path pairs;
        try (var s = Files.list(taskDir)) {
            pairs = s.filter(p -> p.getFileName().toString().endsWith("_pair.json")).findFirst().orElseThrow();
        }
        Path aside = dataDir.resolve("pairs-aside.json");
        Files.move(pairs, aside);
        JsonNode failed = waitFor(task, execute(api, task, "{\"execution_mode\": \"step\", \"step_name\": \"sql_validation\"}"),
                30_000);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        Files.move(aside, pairs);

        String resumed = execute(api, task, "{\"execution_mode\": \"resume\", \"backup_vector_tables\": true}");
        JsonNode done = waitFor(task, resumed, 60_000);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        JsonNode artifacts = done.at("/result/result/artifacts");
        assertThat(artifacts.has("sql_validation")).isTrue();
        assertThat(artifacts.has("training_data_load")).isTrue();
        assertThat(artifacts.has("ddl_md_generation")).isFalse();
        assertThat(artifacts.has("question_sql_generation")).isFalse();
        assertThat(done.at("/vector_management/backup").asBoolean()).as("the flags apply: training_load runs").isTrue();
    }

    @Test
    void givenATruncatingReloadSlowedByATrigger_whenCancelled_thenTheStoreIsExactlyAsBefore() throws Exception {
        String task = createTask();
        waitFor(task, execute(api, task, "{\"execution_mode\": \"step\", \"step_name\": \"ddl_generation\"}"), 30_000);
        waitFor(task, execute(api, task, "{\"execution_mode\": \"step\", \"step_name\": \"qa_generation\"}"), 30_000);
        String before = TableDigest.store(vector);
        vector.execute("CREATE OR REPLACE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN PERFORM pg_sleep(0.1); RETURN NEW; END $$",
                "CREATE TRIGGER slow BEFORE INSERT ON langchain_pg_embedding FOR EACH ROW EXECUTE FUNCTION slow_row()");
        try {
            String exec = execute(api, task, "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", "
                    + "\"truncate_vector_tables\": true}");
            waitForStep(task, "training_load");
            Thread.sleep(1000);

            api.post("/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec + "/cancel", "{}");
            JsonNode ended = waitFor(task, exec, 30_000);

            assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("cancelled");
        } finally {
            vector.execute("DROP TRIGGER IF EXISTS slow ON langchain_pg_embedding");
        }
        assertThat(TableDigest.store(vector)).isEqualTo(before);
        JsonNode sets = api.get("/api/v0/data_pipeline/vector/restore/list?task_id=" + task).data();
        assertThat(sets.at("/summary/total_backup_sets").asInt()).as("the set it took stays listed").isEqualTo(1);
    }

    @Test
    void givenAnExecutionOnOneServer_whenCancelledThroughAnother_thenItStops() throws Exception {
        String task = createTask();
        holdPairs = new CountDownLatch(1);
        String exec = execute(api, task, "{\"execution_mode\": \"complete\"}");
        waitForStep(task, "qa_generation");
        try (EmbeddedServer other = ApplicationContext.run(EmbeddedServer.class, props("steer-b"))) {
            Api b = new Api(other.getURL().toString());

            Api.Res cancel = b.post("/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec + "/cancel", "{}");
            JsonNode ended = waitFor(task, exec, 10_000);

            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
            assertThat(ended.get("status").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void givenAWholeRun_whenItsEventsAreStreamed_thenProgressAndTheResultArriveAndAResumedStreamHasNoDuplicates()
            throws Exception {
        String task = createTask();
        holdPairs = new CountDownLatch(1);
        String exec = execute(api, task, "{\"execution_mode\": \"complete\"}");
        String url = server.getURL() + "/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec + "/events";

        List<Sse> firstPart = read(url, null, 3);
        holdPairs.countDown();
        String lastId = firstPart.get(firstPart.size() - 1).id();
        List<Sse> rest = read(url, lastId, Integer.MAX_VALUE);

        assertThat(firstPart).hasSize(3);
        List<String> ids = new ArrayList<>();
        firstPart.forEach(e -> ids.add(e.id()));
        rest.stream().filter(e -> !e.event().equals("result")).forEach(e -> ids.add(e.id()));
        assertThat(ids).doesNotHaveDuplicates();
        List<Sse> all = new ArrayList<>(firstPart);
        all.addAll(rest);
        assertThat(all).extracting(Sse::event).contains("step_started", "step_finished", "progress", "finished",
                "result");
        Sse result = all.get(all.size() - 1);
        assertThat(result.event()).isEqualTo("result");
        assertThat(result.data()).contains("\"status\":\"completed\"");
        assertThat(all.stream().filter(e -> e.event().equals("progress")).findFirst().orElseThrow().data())
                .contains("\"phase\"", "\"done\"");
        Api.Res badId = api.send("GET", "/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec + "/events", null,
                null, Map.of("Last-Event-ID", "abc"));
        assertThat(badId.status()).isEqualTo(400);
    }

    /** One Server-Sent Event. */
    record Sse(String id, String event, String data) {
    }

    /** Reads up to {@code max} events (or to the end of the stream) from an SSE endpoint. */
    private static List<Sse> read(String url, String lastEventId, int max) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Sse> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (out.size() < max && (line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        out.add(new Sse(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }
        return out;
    }
}
