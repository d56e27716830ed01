package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedReader;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The language-model knobs and costs over real HTTP: {@code POST /tasks} takes the original's knobs (strictly typed,
 * ranges checked, the server's settings as defaults), the task status and the event stream carry the model's usage,
 * and the task's files list the {@code file_bak_<ts>} folder a complete re-run keeps.
 */
@ExtendWith(PostgresExtension.class)
class GenerationApiIT {

    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static EmbeddedServer server;
    private static Api api;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        vector = db;
        business = db.sibling("knobs");
        ShopWorkload.createShop(business);
        business.execute("CREATE TABLE city (city_id int PRIMARY KEY, label text)",
                "INSERT INTO city SELECT g, 'City ' || g FROM generate_series(1, 5) g");
        model = ShopWorkload.model(3, () -> null);
        Path dataDir = Files.createTempDirectory("rest-knobs");
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", vector.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.llm.base.url", model.baseUrl());
        props.put("pipeline.llm.model", "fake");
        props.put("pipeline.llm.concurrency", "3");
        props.put("pipeline.theme.count", "7");
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

    private static String businessUrl() {
        return "postgresql://" + business.user() + ":" + business.password() + "@" + business.host() + ":"
                + business.port() + "/" + business.name();
    }

    private static Api.Res create(String knobs) {
        return api.post("/api/v0/data_pipeline/tasks", "{\"db_connection\": \"" + businessUrl()
                + "\", \"business_context\": \"shops\", \"tables\": [\"shop\", \"city\"]" + knobs + "}");
    }

    @Test
    void givenKnobs_whenATaskIsCreated_thenTheChosenOnesAndTheServersDefaultsAreItsParameters() {
        Api.Res r = create(", \"max_concurrent_tables\": 2, \"questions_per_theme\": 4, "
                + "\"continue_on_theme_error\": false, \"enum_max_distinct_values\": 0");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode p = r.data().get("parameters");
        assertThat(p.get("max_concurrent_tables").asInt()).isEqualTo(2);
        assertThat(p.get("max_concurrent_themes").asInt()).as("PIPELINE_LLM_CONCURRENCY").isEqualTo(3);
        assertThat(p.get("theme_count").asInt()).as("PIPELINE_THEME_COUNT").isEqualTo(7);
        assertThat(p.get("questions_per_theme").asInt()).isEqualTo(4);
        assertThat(p.get("continue_on_theme_error").asBoolean()).isFalse();
        assertThat(p.get("enum_max_distinct_values").asInt()).isZero();
        assertThat(p.get("sample_data_limit").asInt()).isEqualTo(20);
        assertThat(p.get("enum_detection_sample_limit").asInt()).isEqualTo(5000);
        assertThat(p.get("max_table_failures").asInt()).isEqualTo(5);
        JsonNode stored = api.get("/api/v0/data_pipeline/tasks/" + r.data().get("task_id").asText()).data()
                .get("parameters");
        assertThat(stored).as("as stored and read back").isEqualTo(p);
    }

    @Test
    void givenBadKnobs_whenATaskIsCreated_thenEachIs400NamingTheFieldAndNoTaskExists() {
        for (String[] bad : List.of(new String[] {"\"theme_count\": \"5\"", "theme_count", "must be a whole number"},
                new String[] {"\"theme_count\": 2.5", "theme_count", "must be a whole number"},
                new String[] {"\"max_concurrent_tables\": 0", "max_concurrent_tables", "from 1 to 64, not 0"},
                new String[] {"\"sample_data_limit\": 100000", "sample_data_limit", "from 1 to 10000"},
                new String[] {"\"continue_on_theme_error\": \"yes\"", "continue_on_theme_error", "true or false"},
                new String[] {"\"theme_counts\": 3", "theme_counts", "theme_counts"})) {
            Api.Res r = create(", " + bad[0]);

            assertThat(r.status()).as(bad[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(bad[0]).contains(bad[1]).contains(bad[2]);
        }
    }

    @Test
    void givenACompleteRunTwice_whenWatched_thenStatusAndEventsCarryTheUsageAndTheFilesListTheEarlierRun()
            throws Exception {
        String task = create(", \"theme_count\": 1").data().get("task_id").asText();
        model.resetCounters();
        String first = execute(task);
        JsonNode done = waitFor(task, first);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        JsonNode status = api.get("/api/v0/data_pipeline/tasks/" + task).data();
        JsonNode usage = status.at("/result/llm_usage");
        assertThat(usage.get("calls").asLong()).isEqualTo(model.chatsAnswered()).isPositive();
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(model.promptTokensServed());
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(model.completionTokensServed());
        assertThat(status.at("/result/result/artifacts/question_sql_generation/llm_usage/calls").asLong())
                .as("one theme: the themes and one pairs call").isEqualTo(2);
        List<String> progress = events(task, first).stream().filter(e -> e.startsWith("progress ")).toList();
        assertThat(progress).anySatisfy(e -> assertThat(e).contains("\"llm_usage\":{\"calls\":"));
        assertThat(api.get("/api/v0/data_pipeline/tasks/" + task + "/files").data().get("file_backups")).isEmpty();

        JsonNode again = waitFor(task, execute(task));

        assertThat(again.get("status").asText()).isEqualTo("completed");
        JsonNode backups = api.get("/api/v0/data_pipeline/tasks/" + task + "/files").data().get("file_backups");
        assertThat(backups).hasSize(1);
        assertThat(backups.get(0).get("folder").asText()).startsWith("file_bak_");
        assertThat(backups.get(0).get("files")).extracting(f -> f.get("file_name").asText())
                .contains("shop.ddl", "city_detail.md", "backup_info.json", "task_result.json");
    }

    private static String execute(String task) {
        Api.Res r = api.post("/api/v0/data_pipeline/tasks/" + task + "/execute", "{\"execution_mode\": \"complete\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.data().get("execution_id").asText();
    }

    private static JsonNode waitFor(String task, String exec) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode e = api.get("/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec).data();
        while (e.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            e = api.get("/api/v0/data_pipeline/tasks/" + task + "/executions/" + exec).data();
        }
        return e;
    }

    /** The events of a finished execution as {@code <event> <data>} lines, from its Server-Sent Events. */
    private static List<String> events(String task, String exec) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v0/data_pipeline/tasks/" + task
                + "/executions/" + exec + "/events")).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    out.add(event + " " + line.substring(5).trim());
                }
            }
        }
        return out;
    }
}
