package io.datapipeline.rest.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

/**
 * The console's Store page in Chromium, against the real server on PostgreSQL: the collections with their recorded
 * model, a search whose hits come in the API's order (which equals SQL's {@code ORDER BY embedding <=> q}, see the
 * CLI's SemanticStoreIT), and an evaluation whose figures and history show up. The server embeds with the offline
 * embedder here: the page shows whatever model the store records.
 */
@ExtendWith(PostgresExtension.class)
class StoreConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARGET = Path.of("target");
    private static TestDatabase vector;
    private static EmbeddedServer server;
    private static String task;
    private Chromium browser;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        vector = db.sibling("store_console");
        Path dataDir = Files.createTempDirectory(TARGET, "store-console-data");
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", vector.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.embedding.dimension", "32");
        props.put("pipeline.embedding.provider", "offline");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        JsonNode created = api("POST", "/tasks", "{\"db_connection\": \"postgresql://u@127.0.0.1:1/shop\", "
                + "\"tables\": [\"shop\", \"orders\"], \"task_name\": \"store page\"}", 201);
        task = created.at("/data/task_id").asText();
        Path dir = dataDir.resolve(task);
        Files.writeString(dir.resolve("shop.ddl"), "create table public.shop (shop_id int, shop_name varchar(80), "
                + "city varchar(40));", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("orders.ddl"), "create table public.orders (order_id int, amount numeric, "
                + "status varchar(10));", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("shop_detail.md"), "## shop (bicycle shops)\nshop: one row per shop and its city\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("qs_store_pair.json"), "[{\"question\": \"How many shops are in each city?\", "
                + "\"sql\": \"SELECT city, count(*) FROM shop GROUP BY city\"}, {\"question\": \"Which shops are in "
                + "Lyon?\", \"sql\": \"SELECT shop_name FROM shop WHERE city = 'Lyon'\"}, {\"question\": \"Total order "
                + "amount per status?\", \"sql\": \"SELECT status, sum(amount) FROM orders GROUP BY status\"}]",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sql_validation_20250721_120000_report.json"), "{\"summary\": {}, \"failures\": [], "
                + "\"tables_read\": [{\"index\": 0, \"sql\": \"SELECT city, count(*) FROM shop GROUP BY city\", "
                + "\"tables\": [\"public.shop\"]}, {\"index\": 1, \"sql\": \"SELECT shop_name FROM shop WHERE city = "
                + "'Lyon'\", \"tables\": [\"public.shop\"]}, {\"index\": 2, \"sql\": \"SELECT status, sum(amount) FROM "
                + "orders GROUP BY status\", \"tables\": [\"public.orders\"]}]}", StandardCharsets.UTF_8);
        api("POST", "/tasks/" + task + "/execute", "{\"execution_mode\": \"step\", \"step_name\": \"training_load\"}", 202);
        long deadline = System.currentTimeMillis() + 60_000;
        String status = "";
        while (System.currentTimeMillis() < deadline) {
            status = api("GET", "/tasks/" + task, null, 200).at("/data/status").asText();
            if (!status.equals("in_progress") && !status.equals("pending")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).as("loaded (task " + status + ")")
                .isEqualTo(6);
    }

    private static JsonNode api(String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v0/data_pipeline" + path))
                .header("Content-Type", "application/json");
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void givenBadSearchOrEvaluationInput_whenPosted_thenA4xxNamesTheFieldAndNothingIsKept() throws Exception {
        assertThat(api("POST", "/vector/search", "{\"collection\": \"error_sql\", \"question\": \"x\"}", 400)
                .at("/data/response").asText()).contains("ddl, documentation, sql");
        assertThat(api("POST", "/vector/search", "{\"collection\": \"ddl\"}", 400).at("/data/field").asText())
                .isEqualTo("question");
        assertThat(api("POST", "/vector/search", "{\"collection\": \"ddl\", \"question\": \"x\", \"k\": 0}", 400)
                .at("/data/field").asText()).isEqualTo("k");
        assertThat(api("POST", "/vector/search", "{\"collection\": \"ddl\", \"question\": \"x\", \"top\": 3}", 400)
                .at("/data/response").asText()).contains("top");
        assertThat(api("POST", "/vector/evaluate", "{\"task_id\": \"no such task!\"}", 400).at("/data/field").asText())
                .isEqualTo("task_id");
        api("POST", "/vector/evaluate", "{\"task_id\": \"task_20000101_000000\"}", 404);
        api("GET", "/vector/evaluations", null, 400);
        assertThat(api("GET", "/vector/collections", null, 200).at("/data/collections").size()).isEqualTo(3);
    }

    @Test
    void givenALoadedStore_whenAnOperatorOpensTheStorePageSearchesAndEvaluates_thenThePageShowsWhatTheAssistantGets(
            TestInfo info) throws Exception {
        Chromium b = Chromium.start(info.getTestMethod().orElseThrow().getName(),
                Files.createTempDirectory(TARGET, "store-console-downloads"));
        browser = b;

        b.open(server.getURL() + "/console/#/store");
        b.text("h1", "Store");
        assertThat(b.find("a[data-nav=store]").getAttribute("aria-current")).isEqualTo("page");
        b.text("#configured-model", "offline lexical embedder");
        b.text("tr[data-collection=ddl]", "offline/offline-lexical-v1 (32) by " + task);
        assertThat(b.content("tr[data-collection=ddl]")).contains("2").contains("32").contains("same model");
        assertThat(b.content("tr[data-collection=sql]")).contains("3");
        assertThat(b.unlabelled()).as("controls without a label on the Store page").isEmpty();

        String question = "Which shops are in which city?";
        b.find("#search-question").sendKeys(question);
        b.click("#search-submit");
        b.text("#search-hits li", "create table public.shop");
        List<String> shown = b.all("#search-hits > li").stream().map(li -> li.getAttribute("data-id")).toList();
        JsonNode api = api("POST", "/vector/search", "{\"collection\": \"ddl\", \"question\": \"" + question
                + "\", \"k\": 5}", 200);
        assertThat(shown).containsExactlyElementsOf(api.at("/data/results").findValuesAsText("id"));
        assertThat(b.all("#search-hits .similarity").stream().map(WebElement::getText).toList())
                .allMatch(s -> s.matches("-?\\d\\.\\d{4}"));
        b.shot("store-search");

        int earlier = api("GET", "/vector/evaluations?task_id=" + task, null, 200).at("/data/evaluations").size();
        assertThat(earlier).as("the fixture's training_load measured its store and kept the figures").isEqualTo(1);
        b.find("#evaluate-task").sendKeys(task);
        b.click("#evaluate-submit");
        b.text("tr[data-figure='ddl_hit@3']", "100.0 %");
        assertThat(b.content("#evaluation-result")).contains("3 of 3 questions evaluated")
                .contains("public.shop").contains("public.orders");
        b.until("the history lists the evaluation after the load's", d -> b.all("#evaluation-history tbody tr").size()
                == earlier + 1);
        b.click("#evaluate-submit");
        b.until("the history lists both evaluations", d -> b.all("#evaluation-history tbody tr").size() == earlier + 2);
        assertThat(b.unlabelled()).as("controls without a label after the evaluation").isEmpty();
        b.shot("store-evaluation");
        assertThat(b.severe()).as("browser console errors").isEmpty();
    }

    @Test
    void givenTheStorePage_whenAnOperatorAsksForAReembedDryRun_thenItShowsTheDocumentsAndEstimateAndNothingChanges(
            TestInfo info) throws Exception {
        Chromium b = Chromium.start(info.getTestMethod().orElseThrow().getName(),
                Files.createTempDirectory(TARGET, "store-console-downloads"));
        browser = b;

        b.open(server.getURL() + "/console/#/store");
        b.text("#reembed-title", "Re-embed");
        new org.openqa.selenium.support.ui.Select(b.find("#reembed-provider")).selectByValue("offline");
        b.find("#reembed-dimension").sendKeys("16");
        b.click("#reembed-dry-run");

        b.text("#reembed-result", "6 (");
        assertThat(b.content("#reembed-result")).contains("offline/offline-lexical-v1 (16)").contains("To embed");
        assertThat(b.unlabelled()).as("controls without a label in the re-embed form").isEmpty();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE vector_dims(embedding) = 32"))
                .as("a dry run changes nothing").isEqualTo(6);
        JsonNode api = api("POST", "/vector/reembed", "{\"provider\": \"offline\", \"dimension\": 16, "
                + "\"dry_run\": true}", 200);
        assertThat(api.at("/data/documents").asLong()).isEqualTo(6);
        assertThat(api.at("/data/estimate/sample_texts").asInt()).isEqualTo(6);
        assertThat(b.severe()).as("browser console errors").isEmpty();
    }
}
