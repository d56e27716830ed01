package io.datapipeline.rest.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.rest.api.ShopWorkload;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The operators' console in a real headless Chromium, against the real REST server on real PostgreSQL: the page
 * is a thin client of the API, so every check here is something an operator sees or does in the browser.
 */
@ExtendWith(PostgresExtension.class)
class ConsoleIT {

    /** Shown nowhere: the throwaway cluster trusts loopback, so any password connects (as in RestApiIT). */
    private static final String FAKE_PASSWORD = "Console-pw-7f3a";
    private static final String READ_TOKEN = "r3ad-0nly-c0nsole";
    private static final String EXECUTE_TOKEN = "ex3cute-c0nsole";
    private static final String TOKEN = "console-token-5b1e9d";
    /** Data directories, downloads and uploads stay under target/, where mvn clean removes them. */
    private static final Path TARGET = Path.of("target");

    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    private static EmbeddedServer server;
    private static volatile CountDownLatch holdPairs;

    private Chromium browser;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        business = db.sibling("console");
        ShopWorkload.createShop(business);
        model = ShopWorkload.model(12, () -> holdPairs);
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'old-' || g, '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "array_fill(0.5::real, ARRAY[32])::vector, 'old ' || g, '{}' FROM generate_series(1, 5) g");
        server = ApplicationContext.run(EmbeddedServer.class, props(Files.createTempDirectory(TARGET, "console-data"),
                null));
    }

    private static Map<String, Object> props(Path dataDir, String token) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", vector.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dataDir.toString());
        props.put("pipeline.llm.base.url", model.baseUrl());
        props.put("pipeline.llm.model", "fake");
        props.put("pipeline.embedding.dimension", "32");
        props.put("pipeline.embedding.provider", "offline");
        if (token != null) {
            props.put("pipeline.api.token", token);
            props.put("pipeline.api.tokens", READ_TOKEN + ":read," + EXECUTE_TOKEN + ":execute");
        }
        return props;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        CountDownLatch hold = holdPairs;
        holdPairs = null;
        if (hold != null) {
            hold.countDown();
        }
        if (browser != null) {
            browser.close();
        }
    }

    private static String password() {
        return business.password() != null ? business.password() : FAKE_PASSWORD;
    }

    private static String businessUrl() {
        return "postgresql://" + business.user() + ":" + password() + "@" + business.host() + ":" + business.port() + "/"
                + business.name();
    }

    private Chromium browser(TestInfo info, Path downloads) {
        browser = Chromium.start(info.getTestMethod().orElseThrow().getName(), downloads);
        return browser;
    }

    /** Fills the new-task form (connection string, context, name) and leaves the table list to the caller. */
    private static void fillNewTask(Chromium b, String name) {
        b.click("a[data-nav=new]");
        b.visible("#create-task");
        b.find("#db_connection").sendKeys(businessUrl());
        b.find("#task_name").sendKeys(name);
        b.find("#business_context").sendKeys("a chain of bicycle shops");
    }

    /** The task id of the task page that is open. */
    private static String openTaskId(Chromium b) {
        b.until("a task page opens", d -> d.getCurrentUrl().matches(".*#/tasks/task_[0-9_]+(\\?.*)?$"));
        String id = b.driver().getCurrentUrl().replaceAll(".*#/tasks/(task_[0-9_]+).*", "$1");
        b.text("h1", id);
        return id;
    }

    @Test
    void givenAnOperator_whenCreatingATaskRunningATruncatingReloadAndRestoringItsBackup_thenThePageShowsEachStep(
            TestInfo info) throws Exception {
        Chromium b = browser(info, Files.createTempDirectory(TARGET, "console-downloads"));
        String before = TableDigest.store(vector);
        String beforeEmbeddings = TableDigest.of(vector, "langchain_pg_embedding");

        b.open(server.getURL() + "/console/");
        b.text("h1", "Tasks");
        b.visible("#page-info");
        assertThat(b.find("a[data-nav=tasks]").getAttribute("aria-current")).isEqualTo("page");
        assertThat(b.unlabelled()).as("controls without a label on the task list").isEmpty();
        b.find("a.skip").sendKeys(Keys.ENTER);
        b.until("the skip link moves the focus to the view", d -> "view".equals(b.js("return document.activeElement.id")));
        assertThat(b.driver().getCurrentUrl()).as("without leaving the page").endsWith("/console/");
        b.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(b.driver().switchTo().activeElement().getText()).as("the view's first stop").isEqualTo("New task");
        b.shot("tasks");

        // create a task: the connection string is typed hidden and shown masked, the table list typed
        fillNewTask(b, "console run");
        b.find("#tables").sendKeys("shop");
        b.text("#db-masked", ":***@");
        assertThat(b.find("#db-masked").getText()).doesNotContain(password());
        assertThat(b.find("#db_connection").getAttribute("type")).isEqualTo("password");
        assertThat(b.unlabelled()).as("controls without a label on the new-task form").isEmpty();
        b.shot("new-task");
        b.click("#create-submit");
        String taskId = openTaskId(b);
        b.text("#notice", "Task " + taskId + " created.");
        b.text("#task-db", ":***@");
        b.text("#files", "table_list.txt");
        assertThat(b.driver().getPageSource()).doesNotContain(password());
        b.shot("task-created");

        // execute: the policy's decision comes from the API before anything runs; a truncate needs the task id typed
        b.click("#execute-link");
        b.text("#decision-steps", "ddl_generation → qa_generation → sql_validation → training_load");
        b.click("#truncate_vector_tables");
        b.text("#decision-truncate", "yes — scope table");
        b.text("#decision-backup", "yes");
        assertThat(b.find("#decision-warnings").getText()).isEqualTo("No warnings.");
        WebElement confirm = b.visible("#confirm-task-id");
        WebElement start = b.find("#start-execution");
        assertThat(start.isEnabled()).as("no start before the task id is typed").isFalse();
        confirm.sendKeys(taskId.substring(0, taskId.length() - 1));
        assertThat(start.isEnabled()).as("a wrong id does not confirm").isFalse();
        confirm.sendKeys(taskId.substring(taskId.length() - 1));
        b.until("start is enabled once the task id is typed", d -> start.isEnabled());
        assertThat(b.unlabelled()).as("controls without a label on the execute form").isEmpty();
        b.shot("execute-truncate-confirmed");
        holdPairs = new CountDownLatch(1);
        confirm.sendKeys(Keys.ENTER);

        // live progress from the event stream while the model call is held, then the end of the run
        b.until("the page follows the new execution", d -> d.getCurrentUrl().contains("?execution=" + taskId + "_exec_"));
        b.visible("#live");
        b.text("#progress-phase", "llm_calls");
        b.until("the events list shows qa_generation starting",
                d -> b.content("#live-events").contains("step_started qa_generation"));
        assertThat(b.find("#cancel-execution").isEnabled()).as("cancel is offered while it runs").isTrue();
        assertThat(b.find("#live-status").getText()).isEqualTo("running");
        b.shot("execution-live-progress");
        holdPairs.countDown();
        b.text("#live-status", "completed", Duration.ofSeconds(90));
        b.visible("#live[data-state=ended]");
        assertThat(b.all("#live-events li[data-event=step_finished]")).hasSize(4);
        assertThat(b.content("#live-events")).contains("embedding:", "reload:langchain_pg_embedding",
                "execution completed");
        b.until("the cancel button is withdrawn", d -> !b.find("#cancel-execution").isEnabled());
        b.text("tr[data-step=training_load]", "completed");
        b.text("tr[data-step=training_load]", "loaded:");
        // what the model cost: the themes and one theme's pairs (the shop table has every comment)
        b.text("tr[data-step=qa_generation] .step-llm", "2 calls");
        b.text("#task-llm-usage", "2 calls");
        b.text("#task-generation", "4 tables and 4 themes at once");
        String timestamp = b.visible("#vm-backup-timestamp").getAttribute("data-timestamp");
        assertThat(timestamp).matches("\\d{8}_\\d{6}");
        b.text("#log-lines", "completed");
        b.text("#files", "vector_bak/");
        assertThat(TableDigest.store(vector)).as("the reload replaced the store").isNotEqualTo(before);
        b.shot("execution-completed");

        // the set the reload took appears with its state and rows; its restore drill loads it in a scratch schema
        b.click("a[data-nav=backups]");
        String row = "section[data-location=" + taskId + "] tr[data-timestamp='" + timestamp + "']";
        b.text(row, "complete");
        assertThat(b.find(row).getText()).contains("sql: 5", "csv");
        assertThat(b.unlabelled()).as("controls without a label on the backups page").isEmpty();
        b.shot("backups");
        b.click(row + " button[data-action=drill]");
        b.text("#drill-restorable", "yes");
        assertThat(b.find("#verified").getText()).isEqualTo("yes");
        b.shot("restore-drill");

        // restore in replace mode, by keyboard: what will change first, then the timestamp typed, then Enter
        b.click(row + " button[data-action=restore]");
        b.visible("#restore-panel");
        b.until("focus is on the first mode", d -> "restore-mode-append".equals(b.js("return document.activeElement.id")));
        b.text("#restore-preview", "Append 5 embedding row(s)");
        assertThat(b.find("#restore-exclusive").isEnabled()).as("exclusive is only for a replace").isFalse();
        b.driver().switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        b.text("#restore-preview", "Replace everything");
        assertThat(b.find("#restore-preview").getText()).contains("5 embedding row(s)", "set " + timestamp,
                "the assistant keeps reading the current rows");
        b.click("#restore-exclusive");
        b.text("#restore-preview", "emptied with TRUNCATE, so the assistant's queries wait");
        WebElement typed = b.find("#confirm-timestamp");
        typed.sendKeys(timestamp);
        assertThat(b.find("#restore-submit").isEnabled()).isTrue();
        b.js("document.getElementById('restore-title').scrollIntoView()");
        b.shot("restore-confirm");
        long fileNode = vector.queryLong("SELECT relfilenode FROM pg_class WHERE oid = 'langchain_pg_embedding'::regclass");
        typed.sendKeys(Keys.ENTER);
        b.text("#restore-done", "Restore complete");
        assertThat(vector.queryLong("SELECT relfilenode FROM pg_class WHERE oid = 'langchain_pg_embedding'::regclass"))
                .as("the exclusive restore truncated (a new file), it did not delete").isNotEqualTo(fileNode);
        assertThat(b.find("#restore-truncated").getText()).isEqualTo("yes");
        assertThat(b.find("[data-inserted=langchain_pg_embedding]").getText()).isEqualTo("5");
        b.js("document.getElementById('restore-done').scrollIntoView()");
        assertThat(TableDigest.of(vector, "langchain_pg_embedding")).as("the embeddings are back as before the run")
                .isEqualTo(beforeEmbeddings);
        assertThat(vector.queryString("SELECT string_agg(name, ',' ORDER BY name) FROM langchain_pg_collection"))
                .as("the collections are the set's: the reload created its two (empty) ones before it took the backup")
                .isEqualTo("ddl,documentation,sql");
        b.shot("restore-done");

        // prune: two global sets taken through the API, a dry run keeping the newest, then apply
        String older = backupNow();
        String newer = backupNow();
        b.click("#refresh-backups");
        b.text("section[data-location=global] tr[data-timestamp='" + newer + "']", "complete");
        new org.openqa.selenium.support.ui.Select(b.find("#prune-scope")).selectByValue("global");
        b.find("#prune-keep").sendKeys("1");
        assertThat(b.find("#prune-apply").isEnabled()).as("no apply before a dry run").isFalse();
        b.click("#prune-preview");
        b.text("#prune-outcome", "Dry run: 1 set(s) would be deleted");
        assertThat(b.all("#prune-result tr[data-timestamp='" + older + "']")).hasSize(1);
        assertThat(b.all("section[data-location=global] tr[data-timestamp]")).as("a dry run deletes nothing").hasSize(2);
        b.js("document.getElementById('prune-title').scrollIntoView()");
        b.shot("prune-preview");
        b.click("#prune-apply");
        b.text("#prune-outcome", "Deleted 1 set(s)");
        b.until("the pruned set is gone from the list",
                d -> b.all("section[data-location=global] tr[data-timestamp]").size() == 1);
        assertThat(b.all("section[data-location=global] tr[data-timestamp='" + newer + "']")).hasSize(1);

        // readable on a phone: no sideways scrolling of the page
        b.viewport(390, 844);
        b.open(server.getURL() + "/console/#/tasks/" + taskId);
        b.text("tr[data-step=training_load]", "completed");
        assertThat(b.fitsWidth()).as("task page at 390 px").isTrue();
        b.shot("task-390");
        b.open(server.getURL() + "/console/#/backups");
        b.text(row, "complete");
        assertThat(b.fitsWidth()).as("backups at 390 px").isTrue();
        b.shot("backups-390");
        b.open(server.getURL() + "/console/#/tasks");
        b.text("[data-task-id=" + taskId + "]", "completed");
        assertThat(b.fitsWidth()).as("task list at 390 px").isTrue();
        b.shot("tasks-390");
        b.viewport(1280, 800);
        b.driver().navigate().refresh();
        b.text("[data-task-id=" + taskId + "]", "completed");
        b.shot("tasks-after-run");
        assertThat(b.severe()).as("script errors or failed loads in the browser console").isEmpty();
    }

    @Test
    void givenATokenIsConfigured_whenTheConsoleOpens_thenItAsksForItOnceKeepsItForTheTabAndNeverShowsIt(TestInfo info)
            throws Exception {
        Path downloads = Files.createTempDirectory(TARGET, "console-downloads");
        try (EmbeddedServer secured = ApplicationContext.run(EmbeddedServer.class,
                props(Files.createTempDirectory(TARGET, "console-secured"), TOKEN))) {
            String base = secured.getURL().toString();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v0/data_pipeline/tasks"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base + "/console/js/app.js"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as("unauthenticated API calls are refused").isEqualTo(401);
            assertThat(page.statusCode()).as("the console's own files need no token").isEqualTo(200);
            assertThat(page.body()).contains("<title>Data Pipeline console</title>");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("connect-src 'self'");
            assertThat(script.statusCode()).isEqualTo(200);

            Chromium b = browser(info, downloads);
            b.open(base + "/console/");
            b.visible("#token-dialog");
            b.until("the token field has the focus", d -> "token-input".equals(b.js("return document.activeElement.id")));
            b.shot("token-prompt");
            b.driver().switchTo().activeElement().sendKeys("not-the-token", Keys.ENTER);
            b.text("#token-error", "The server refused this token.");
            WebElement input = b.find("#token-input");
            input.clear();
            input.sendKeys(TOKEN, Keys.ENTER);
            b.until("the dialog closes", d -> !b.find("#token-dialog").isDisplayed());
            b.text("#page-info", "task(s)");
            assertThat(b.js("return sessionStorage.getItem('pipeline.api-token')")).isEqualTo(TOKEN);
            assertThat(b.find("#forget-token").isDisplayed()).isTrue();
            assertThat(b.driver().getPageSource()).doesNotContain(TOKEN);

            // a task with an uploaded table list; the upload and every later call carry the token
            Path tables = Files.createTempDirectory(TARGET, "console-upload").resolve("tables.txt");
            Files.writeString(tables, "# the shops\nshop\n");
            fillNewTask(b, "console secured");
            b.find("#table-file").sendKeys(tables.toAbsolutePath().toString());
            b.click("#enable_training_data_load");
            b.click("#create-submit");
            String taskId = openTaskId(b);
            b.text("#notice", "created with 1 table(s) from tables.txt");
            b.text("#task-summary", "enable_training_data_load=false");

            // flags outside training_load: the API's warning, no backup, no confirmation asked
            b.click("#execute-link");
            b.visible("#decision-steps");
            new org.openqa.selenium.support.ui.Select(b.find("#execution_mode")).selectByValue("step");
            new org.openqa.selenium.support.ui.Select(b.find("#step_name")).selectByValue("ddl_generation");
            b.click("#backup_vector_tables");
            b.text("#decision-warnings",
                    "vector table parameters only apply to training_load; current step: ddl_generation; ignored");
            assertThat(b.find("#decision-backup").getText()).isEqualTo("no");
            assertThat(b.find("#decision-steps").getText()).isEqualTo("ddl_generation");
            assertThat(b.find("#confirm-truncate").isDisplayed()).isFalse();
            b.shot("execute-flags-ignored");
            b.until("start is enabled", d -> b.find("#start-execution").isEnabled());
            b.click("#start-execution");
            b.text("#live-status", "completed", Duration.ofSeconds(60));
            b.visible("#live[data-state=ended]");
            assertThat(b.content("#live-events")).contains("warning", "step_finished ddl_generation completed");
            b.text("#files", "shop.ddl");
            b.shot("task-secured-completed");

            // cancel a running execution from its page, then resume from the step that did not complete
            holdPairs = new CountDownLatch(1);
            b.click("#execute-link");
            b.text("#decision-steps", "ddl_generation → qa_generation → sql_validation");
            b.until("start is enabled", d -> b.find("#start-execution").isEnabled());
            b.click("#start-execution");
            b.text("#progress-phase", "llm_calls");
            b.click("#cancel-execution");
            b.text("#notice", "Cancel requested");
            b.text("#live-status", "cancelled");
            b.text("tr[data-step=qa_generation]", "cancelled");
            holdPairs.countDown();
            holdPairs = null;
            b.shot("execution-cancelled");
            b.click("#resume-link");
            b.text("#decision-steps", "qa_generation → sql_validation");
            b.until("start is enabled", d -> b.find("#start-execution").isEnabled());
            b.click("#start-execution");
            b.text("#live-status", "completed", Duration.ofSeconds(60));
            b.text("tr[data-step=sql_validation]", "completed");
            b.text("#executions", "resume");

            // a download through fetch with the token in a header, never in a link
            b.click("button[data-file='table_list.txt']");
            Path saved = downloads.resolve("table_list.txt");
            b.until("the download is saved", d -> Files.exists(saved));
            b.until("the download is complete", d -> read(saved).contains("shop"));
            assertThat(b.all("a[href*='token'], a[href*='" + TOKEN + "']")).isEmpty();

            // the token stays for the tab: a reload asks nothing
            b.driver().navigate().refresh();
            b.text("h1", taskId);
            assertThat(b.find("#token-dialog").isDisplayed()).isFalse();
            assertThat(b.driver().getPageSource()).doesNotContain(TOKEN);
            b.click("#forget-token");
            b.visible("#token-dialog");
            assertThat(b.js("return sessionStorage.getItem('pipeline.api-token')")).isNull();
            b.shot("token-forgotten");

            // a read-only token browses and previews; starting is refused with the scope it needs, nothing runs
            WebElement again = b.find("#token-input");
            again.clear();
            again.sendKeys(READ_TOKEN, Keys.ENTER);
            b.until("the dialog closes", d -> !b.find("#token-dialog").isDisplayed());
            b.text("h1", taskId);
            b.until("the executions are listed", d -> b.content("#executions").contains("Execution history"));
            String executionsBefore = b.content("#executions");
            b.click("#execute-link");
            b.text("#decision-steps", "ddl_generation");
            b.until("start is enabled", d -> b.find("#start-execution").isEnabled());
            b.click("#start-execution");
            b.text("#execute-error", "needs a token with scope execute (this token has scope read)");
            b.shot("execute-read-token-refused");
            b.driver().navigate().back();
            b.text("h1", taskId);
            // the page lists the executions once it has asked for them: wait for the list, then it must be the same
            b.until("the executions are listed again", d -> b.content("#executions").contains("Execution history"));
            assertThat(b.content("#executions")).as("a refused start records no execution").isEqualTo(executionsBefore);

            // an execute token: what would replace the store is disabled, with the reason, before the server is asked
            b.click("#forget-token");
            b.visible("#token-dialog");
            WebElement executor = b.find("#token-input");
            executor.clear();
            executor.sendKeys(EXECUTE_TOKEN, Keys.ENTER);
            b.until("the dialog closes", d -> !b.find("#token-dialog").isDisplayed());
            b.text("h1", taskId);
            b.click("#execute-link");
            b.text("#truncate-refused", "truncate_vector_tables needs a token with scope admin (this token has scope "
                    + "execute)");
            assertThat(b.find("#truncate_vector_tables").isEnabled()).isFalse();
            assertThat(b.find("#backup_vector_tables").isEnabled()).as("a backup only adds a set").isTrue();
            b.shot("execute-truncate-needs-admin");
            b.click("a[data-nav=backups]");
            b.text("#restore-refused", "a restore needs a token with scope admin (this token has scope execute)");
            b.text("#prune-refused", "prune with apply needs a token with scope admin (this token has scope execute)");
            assertThat(b.all("button[data-action=restore]")).allSatisfy(button -> assertThat(button.isEnabled())
                    .isFalse());
        }
    }

    /** A global backup through the API (the console has no backup button); its timestamp. */
    private static String backupNow() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL()
                + "/api/v0/data_pipeline/vector/backup")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().replaceAll("(?s).*\"backup_timestamp\":\"(\\d{8}_\\d{6})\".*", "$1");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
