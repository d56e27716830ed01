package io.datapipeline.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language-model steps at real-schema scale, through the CLI on real PostgreSQL and a model server that takes a
 * second a call and counts the calls it holds at once: 24 uncommented tables documented concurrently in a fraction of
 * the sequential time with the same files, a rate limit that pauses every call, a CLI killed with -9 in the middle and
 * resumed asking only for what was lost, a theme that fails alone, and token counts equal to the server's usage.
 */
@ExtendWith(PostgresExtension.class)
class LlmScaleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLES = 24;
    private static final Pattern TABLE = Pattern.compile("Table: public\\.(t\\d\\d)");
    private static final Pattern THEME = Pattern.compile("Theme: (\\w+) - ");

    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;
    /** The theme whose pairs the model cannot give (null: none). */
    private static volatile String failingTheme;

    @TempDir
    Path dataDir;

    private Map<String, String> env;
    private CliRunner cli;

    @BeforeAll
    static void init(TestDatabase db) {
        vector = db;
        business = db.sibling("scale");
        List<String> sql = new ArrayList<>();
        for (int i = 1; i <= TABLES; i++) {
            String t = String.format("t%02d", i);
            sql.add("CREATE TABLE " + t + " (id int PRIMARY KEY, name text NOT NULL, status varchar(10))");
            sql.add("INSERT INTO " + t + " SELECT g, '" + t + " row ' || g, (ARRAY['open','closed'])[1 + g % 2] "
                    + "FROM generate_series(1, 30) g");
        }
        sql.add("ANALYZE");
        business.execute(sql.toArray(String[]::new));
        model = new FakeModelServer().answerChat(LlmScaleIT::answer);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    /** Comments from the table's name; three themes; two pairs a theme (none for the failing one). */
    static String answer(JsonNode body) {
        String system = FakeModelServer.system(body);
        String user = FakeModelServer.user(body);
        if (system.startsWith("You document")) {
            Matcher m = TABLE.matcher(user);
            String t = m.find() ? m.group(1) : "unknown";
            return "{\"table_comment\": \"Table " + t + "\", \"columns\": {\"id\": \"Key of " + t + "\", \"name\": "
                    + "\"Name of the " + t + " row\", \"status\": \"State of the " + t + " row\"}}";
        }
        if (system.startsWith("You are a data analyst")) {
            return "{\"themes\": [{\"name\": \"alpha\", \"description\": \"a\", \"tables\": [\"t01\"]}, {\"name\": "
                    + "\"beta\", \"description\": \"b\", \"tables\": [\"t02\"]}, {\"name\": \"gamma\", \"description\": "
                    + "\"c\", \"tables\": [\"t01\", \"t02\"]}]}";
        }
        if (system.startsWith("You write PostgreSQL")) {
            Matcher m = THEME.matcher(user);
            String theme = m.find() ? m.group(1) : "unknown";
            if (theme.equals(failingTheme)) {
                return "I would rather not.";
            }
            return "{\"pairs\": [{\"question\": \"How many " + theme + " rows?\", \"sql\": \"SELECT count(*) FROM t01\"},"
                    + " {\"question\": \"Open " + theme + " rows?\", \"sql\": \"SELECT id FROM t02 WHERE status = "
                    + "'open'\"}]}";
        }
        if (system.startsWith("You fix PostgreSQL")) {
            return "{\"sql\": \"SELECT 1\"}";
        }
        return "{}";
    }

    @BeforeEach
    void setUp() {
        failingTheme = null;
        model.chatLatency(Duration.ofSeconds(1));
        model.resetCounters();
        env = new HashMap<>();
        env.put("PIPELINE_DB_URL", vector.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        env.put("PIPELINE_EMBEDDING_DIMENSION", "64");
        env.put("PIPELINE_LLM_BASE_URL", model.baseUrl());
        env.put("PIPELINE_LLM_MODEL", "fake-model");
        cli = new CliRunner(env);
    }

    private static String businessUrl() {
        return "postgresql://" + business.user() + "@" + business.host() + ":" + business.port() + "/" + business.name();
    }

    private String createTask(int tables, String... options) throws Exception {
        Path list = dataDir.resolve("tables-" + tables + ".txt");
        Files.writeString(list, IntStream.rangeClosed(1, tables).mapToObj(i -> String.format("t%02d", i))
                .collect(Collectors.joining("\n")) + "\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("task", "create", "--db-connection", businessUrl(), "--table-list",
                list.toString(), "--business-context", "scale test", "--json"));
        args.addAll(List.of(options));
        CliRunner.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out()).get("task_id").asText();
    }

    private JsonNode step(String taskId, String step) throws Exception {
        CliRunner.Result r = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                step, "--json");
        JsonNode doc = JSON.readTree(r.out());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(doc.path("success").asBoolean() ? 0 : 1);
        return doc;
    }

    /** The documents ddl_generation wrote, by name. */
    private Map<String, String> documents(String taskId) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dataDir.resolve(taskId))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".ddl") || n.endsWith("_detail.md") && !n.equals("metadata_detail.md")
                        || n.equals("filename_mapping.txt")) {
                    files.put(n, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private long commentCalls() {
        return model.requests().stream().filter(r -> r.path().endsWith("/chat/completions")
                && FakeModelServer.system(r.body()).startsWith("You document")).count();
    }

    @Test
    void given24UncommentedTablesAtOneSecondACall_whenDocumentedFourAtOnce_thenItTakesAFractionOfOneByOneWithTheSameFiles()
            throws Exception {
        String sequential = createTask(TABLES, "--max-concurrent-tables", "1");
        String concurrent = createTask(TABLES);

        JsonNode one = step(sequential, "ddl_generation");
        int oneAtATime = model.maxChatsInFlight();
        model.resetCounters();
        JsonNode four = step(concurrent, "ddl_generation");

        double seqSeconds = one.at("/result/ddl_md_generation/duration").asDouble();
        double concSeconds = four.at("/result/ddl_md_generation/duration").asDouble();
        System.err.printf("LlmScaleIT: ddl_generation of %d tables at 1 s a call: %.1f s one by one, %.1f s four at "
                + "once (%.2f)%n", TABLES, seqSeconds, concSeconds, concSeconds / seqSeconds);
        assertThat(oneAtATime).isEqualTo(1);
        assertThat(seqSeconds).as("24 calls of a second, one after the other").isGreaterThanOrEqualTo(24.0);
        assertThat(model.maxChatsInFlight()).as("calls in flight").isGreaterThanOrEqualTo(4);
        assertThat(concSeconds).as("%.1f s against %.1f s one by one", concSeconds, seqSeconds)
                .isLessThanOrEqualTo(0.35 * seqSeconds);
        Map<String, String> files = documents(concurrent);
        assertThat(files).hasSize(2 * TABLES + 1).isEqualTo(documents(sequential));
        assertThat(files.get("t07.ddl")).contains("-- Description: Table t07");
        assertThat(files.get("t07_detail.md")).contains("- status takes 2 distinct values: closed, open");
        JsonNode usage = four.at("/result/ddl_md_generation/llm_usage");
        assertThat(usage.get("calls").asLong()).isEqualTo(TABLES).isEqualTo(model.chatsAnswered());
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(model.promptTokensServed()).isPositive();
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(model.completionTokensServed()).isPositive();
        assertThat(four.at("/llm_usage/total_tokens").asLong())
                .isEqualTo(model.promptTokensServed() + model.completionTokensServed());

        CliRunner.Result status = cli.run("task", "status", "--task-id", concurrent);
        assertThat(status.out()).contains("    llm: 24 calls, ").contains("  total llm: 24 calls, ");
    }

    @Test
    void givenARateLimitWithRetryAfterTwo_whenDocumenting_thenNoCallIsSentForTwoSecondsAndTheRunSucceeds()
            throws Exception {
        model.chatLatency(Duration.ofMillis(300));
        String task = createTask(8);
        model.rateLimitNext(1, 2);

        JsonNode doc = step(task, "ddl_generation");

        assertThat(doc.get("success").asBoolean()).as(doc.toString()).isTrue();
        assertThat(doc.at("/result/ddl_md_generation/tables_processed").asInt()).isEqualTo(8);
        long refused = model.refusalTimes().get(0);
        // the calls sent together with the refused one arrive with it; any later one waited for the whole limiter
        List<Long> duringPause = model.requests().stream().map(FakeModelServer.Request::receivedNanos)
                .filter(t -> t > refused + TimeUnit.MILLISECONDS.toNanos(200)
                        && t < refused + TimeUnit.MILLISECONDS.toNanos(1950)).toList();
        assertThat(duringPause).as("calls sent while the endpoint said to wait").isEmpty();
        assertThat(model.requests().stream().filter(r -> r.receivedNanos() > refused)).as("calls after the pause")
                .isNotEmpty();
        JsonNode usage = doc.at("/result/ddl_md_generation/llm_usage");
        assertThat(usage.get("retries").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(usage.get("waits").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(usage.get("wait_seconds").asDouble()).isGreaterThanOrEqualTo(1.5);
        assertThat(usage.get("calls").asLong()).isEqualTo(8);
        String waited = vector.queryString("SELECT message FROM pipeline_execution_events WHERE execution_id = '"
                + doc.get("execution_id").asText() + "' AND type = 'progress' AND message LIKE 'waiting %' ORDER BY seq LIMIT 1");
        assertThat(waited).isEqualTo("waiting 2 s: rate limited by " + model.baseUrl());
    }

    @Test
    void givenTheCliKilledWithMinus9AfterSixTables_whenResumed_thenOnlyTheTablesNotWrittenAreAskedAgain()
            throws Exception {
        String task = createTask(TABLES);
        Path checkpoints = dataDir.resolve(task).resolve(".checkpoints").resolve("ddl_generation");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Path.of("target", "pipeline-cli.jar").toString(), "task", "execute", "--task-id",
                task, "--json"));
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (recorded(checkpoints) < 6 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int written = recorded(checkpoints);
        assertThat(written).as(Files.readString(dataDir.resolve("killed.log"))).isBetween(6, TABLES - 4);
        model.resetCounters();

        CliRunner.Result resumed = cli.run("task", "execute", "--task-id", task, "--resume", "--json");
        for (int i = 0; i < 100 && resumed.code() == 3; i++) {
            // the dead process's session (and its task lock) ends when the server notices the closed socket
            Thread.sleep(100);
            resumed = cli.run("task", "execute", "--task-id", task, "--resume", "--json");
        }

        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        JsonNode ddl = JSON.readTree(resumed.out()).at("/result/artifacts/ddl_md_generation");
        assertThat(commentCalls()).as("the model is asked for the tables not written only")
                .isEqualTo(TABLES - written).isLessThanOrEqualTo(18 + 4);
        assertThat(ddl.get("tables_reused").asInt()).isEqualTo(written);
        assertThat(ddl.get("tables_processed").asInt()).isEqualTo(TABLES);
        assertThat(recorded(checkpoints)).isEqualTo(TABLES);
        assertThat(documents(task)).hasSize(2 * TABLES + 1);
    }

    private static int recorded(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    @Test
    void givenAThemeTheModelCannotAnswer_whenContinueOnThemeErrorIsOn_thenTheOtherThemesPairsAreWrittenAndOffItFails()
            throws Exception {
        model.chatLatency(Duration.ZERO);
        failingTheme = "beta";
        String lenient = createTask(2, "--theme-count", "3", "--questions-per-theme", "2");
        String strict = createTask(2, "--theme-count", "3", "--no-continue-on-theme-error");
        step(lenient, "ddl_generation");
        step(strict, "ddl_generation");

        JsonNode ok = step(lenient, "qa_generation");
        JsonNode failed = step(strict, "qa_generation");

        assertThat(ok.get("success").asBoolean()).isTrue();
        JsonNode qa = ok.at("/result/question_sql_generation");
        assertThat(qa.get("total_themes").asInt()).isEqualTo(3);
        assertThat(qa.get("successful_themes").asInt()).isEqualTo(2);
        assertThat(qa.at("/themes/1/theme").asText()).isEqualTo("beta");
        assertThat(qa.at("/themes/1/success").asBoolean()).isFalse();
        assertThat(qa.at("/themes/1/error").asText()).contains("I would rather not.");
        JsonNode pairs = JSON.readTree(dataDir.resolve(lenient).resolve(qa.get("output_file").asText()).toFile());
        assertThat(pairs).extracting(pr -> pr.get("question").asText()).containsExactly("How many alpha rows?",
                "Open alpha rows?", "How many gamma rows?", "Open gamma rows?");
        assertThat(model.requests().stream().filter(r -> FakeModelServer.user(r.body()).contains("Write 2 question"))
                .count()).as("questions_per_theme reaches the prompt").isGreaterThanOrEqualTo(3);
        assertThat(failed.get("success").asBoolean()).isFalse();
        assertThat(failed.get("error").asText()).contains("theme 'beta' failed and continue_on_theme_error is false");
    }

    @Test
    void givenNoTask_whenTheStandaloneGeneratorsRun_thenTheyWriteTheStepsFilesIntoTheFoldersGiven() throws Exception {
        model.chatLatency(Duration.ZERO);
        String task = createTask(3);
        step(task, "ddl_generation");
        Path list = dataDir.resolve("tables-3.txt");
        Path out = dataDir.resolve("standalone").resolve("docs");
        Map<String, String> noVectorDb = new HashMap<>(env);
        noVectorDb.remove("PIPELINE_DB_URL");
        CliRunner standalone = new CliRunner(noVectorDb);

        CliRunner.Result ddl = standalone.run("ddl", "generate", "--db-connection", businessUrl(), "--table-list",
                list.toString(), "--output-dir", out.toString(), "--business-context", "scale test", "--json");

        assertThat(ddl.code()).as(ddl.out() + ddl.err()).isZero();
        JsonNode d = JSON.readTree(ddl.out());
        assertThat(d.get("output_dir").asText()).isEqualTo(out.toString());
        assertThat(d.at("/result/tables_processed").asInt()).isEqualTo(3);
        assertThat(d.at("/llm_usage/calls").asInt()).isEqualTo(3);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> st = Files.list(out)) {
            for (Path f : st.toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        assertThat(files).as("the files of the task's ddl_generation").isEqualTo(documents(task));

        CliRunner.Result qa = standalone.run("qa", "generate", "--input-dir", out.toString(), "--db-name", "scale",
                "--business-context", "scale test", "--theme-count", "2");
        // the pairs file is named by the second: the next run's is another file
        Thread.sleep(1100);
        CliRunner.Result again = standalone.run("qa", "generate", "--input-dir", out.toString(), "--db-name", "scale",
                "--business-context", "scale test", "--theme-count", "2", "--json");
        assertThat(qa.code()).as(qa.out() + qa.err()).isZero();
        assertThat(qa.out()).contains("wrote 4 pairs of 2 of 2 themes to " + out + "/qs_scale_")
                .contains("  llm: 3 calls, ");
        JsonNode q = JSON.readTree(again.out());
        assertThat(again.code()).isZero();
        try (Stream<Path> st = Files.list(out)) {
            List<String> names = st.map(f -> f.getFileName().toString()).sorted().toList();
            assertThat(names).contains("metadata.txt", "metadata_detail.md", q.at("/result/output_file").asText());
            assertThat(names.stream().filter(n -> n.startsWith("qs_scale_"))).as("the earlier pairs renamed _old")
                    .hasSize(2).anyMatch(n -> n.endsWith("_pair.json_old"));
        }

        CliRunner.Result byTask = cli.run("qa", "generate", "--task-id", task, "--theme-count", "1", "--json");
        assertThat(byTask.code()).as(byTask.out() + byTask.err()).isZero();
        assertThat(JSON.readTree(byTask.out()).at("/result/output_file").asText()).as("the task's db_name")
                .startsWith("qs_" + business.name().replaceAll("[^A-Za-z0-9_]", "_") + "_");
        assertThat(JSON.readTree(byTask.out()).get("output_dir").asText()).isEqualTo(dataDir.resolve(task).toString());
    }

    @Test
    void givenAFinishedRun_whenTheTaskRunsCompleteAgain_thenTheEarlierFilesAreInAFileBakFolderThatTaskFilesLists()
            throws Exception {
        model.chatLatency(Duration.ZERO);
        String task = createTask(2, "--theme-count", "1");
        CliRunner.Result first = cli.run("task", "execute", "--task-id", task, "--json");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        String firstDdl = Files.readString(dataDir.resolve(task).resolve("t01.ddl"));

        CliRunner.Result second = cli.run("task", "execute", "--task-id", task, "--json");
        CliRunner.Result files = cli.run("task", "files", "--task-id", task, "--json");
        CliRunner.Result listing = cli.run("task", "files", "--task-id", task);

        assertThat(second.code()).as(second.out() + second.err()).isZero();
        JsonNode backups = JSON.readTree(files.out()).get("file_backups");
        assertThat(backups).hasSize(1);
        String folder = backups.get(0).get("folder").asText();
        assertThat(folder).matches("file_bak_\\d{8}_\\d{6}");
        assertThat(backups.get(0).get("files")).extracting(f -> f.get("file_name").asText()).contains("t01.ddl",
                "t01_detail.md", "filename_mapping.txt", "metadata.txt", "task_result.json", "backup_info.json")
                .anyMatch(n -> n.startsWith("qs_") && n.endsWith("_pair.json"));
        assertThat(Files.readString(dataDir.resolve(task).resolve(folder).resolve("t01.ddl"))).isEqualTo(firstDdl);
        assertThat(JSON.readTree(dataDir.resolve(task).resolve(folder).resolve("backup_info.json").toFile())
                .get("task_id").asText()).isEqualTo(task);
        assertThat(listing.out()).contains(folder + "/t01.ddl");
        assertThat(Files.exists(dataDir.resolve(task).resolve("t01.ddl"))).as("the new run wrote its own").isTrue();
    }
}
