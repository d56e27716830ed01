package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality gate on reloads, on the real rig: the demo's business database and pairs, their tables known from
 * sql_validation's EXPLAIN; every training_load measures the old and the new store inside its transaction; a reload
 * that would lose the DDL of most tables is rolled back by --max-retrieval-drop (or --min-retrieval), the store's digest
 * unchanged and the report showing both figures; one within the gate commits.
 */
@ExtendWith(PostgresExtension.class)
class RetrievalGateIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEMO = Path.of("../demo");

    @TempDir
    static Path dataDir;

    private static TestDatabase vector;
    private static CliRunner cli;
    private static String task;
    private static JsonNode firstLoad;

    @BeforeAll
    static void loadTheDemoTask(TestDatabase db) throws Exception {
        vector = db;
        TestDatabase business = db.sibling("gate_biz");
        business.execute(Files.readString(DEMO.resolve("sample_business.sql"), StandardCharsets.UTF_8));
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", vector.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        env.put("PIPELINE_EMBEDDING_DIMENSION", "256");
        cli = new CliRunner(env);
        Path tables = dataDir.resolve("tables.txt");
        Files.copy(DEMO.resolve("table_list.txt"), tables);
        CliRunner.Result created = cli.run("task", "create", "--db-connection", "postgresql://" + business.user() + "@"
                + business.host() + ":" + business.port() + "/" + business.name(), "--table-list", tables.toString(),
                "--business-context", "bicycle shops", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        task = JSON.readTree(created.out()).get("task_id").asText();
        step("ddl_generation");
        Files.copy(DEMO.resolve("qs_pipeline_demo_business_demo_pair.json"),
                dataDir.resolve(task).resolve("qs_pipeline_demo_business_demo_pair.json"));
        step("sql_validation");
        firstLoad = step("training_load", "--truncate-vector-tables");
    }

    private static JsonNode step(String name, String... flags) throws Exception {
        CliRunner.Result r = run(name, flags);
        assertThat(r.code()).as(name + ": " + r.out() + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static CliRunner.Result run(String name, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("task", "execute", "--task-id", task, "--execution-mode",
                "step", "--step-name", name, "--json"));
        args.addAll(List.of(flags));
        return cli.run(args.toArray(String[]::new));
    }

    private static double ddlHit(JsonNode retrieval, String which) {
        JsonNode v = retrieval.at("/" + which + "/metrics/ddl_hit@3");
        assertThat(v.isNumber()).as(which + " measured: " + retrieval).isTrue();
        return v.asDouble();
    }

    @Test
    void givenTheFirstLoad_whenItCommitted_thenItMeasuredTheNewStoreAndKeptTheFiguresInTheHistory() throws Exception {
        JsonNode retrieval = firstLoad.at("/result/training_data_load/retrieval");
        assertThat(retrieval.get("k").asInt()).isEqualTo(3);
        assertThat(ddlHit(retrieval, "after")).as("the lexical embedder finds some tables' DDL").isGreaterThan(0.2);
        assertThat(retrieval.at("/after/evaluated").asInt()).isPositive();
        assertThat(retrieval.get("gate").isNull()).as("no gate asked for: measured only").isTrue();
        try (Stream<Path> files = Files.list(dataDir.resolve(task))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("retrieval_evaluation_"));
        }
        CliRunner.Result history = cli.run("vector", "evaluate", "--history", "--task-id", task, "--json");
        assertThat(history.code()).as(history.out() + history.err()).isZero();
        assertThat(JSON.readTree(history.out()).toString()).contains("ddl_hit@3");
    }

    @Test
    void givenAReloadThatLosesMostDdl_whenGatedByMaxDrop_thenItIsRolledBackAndTheReportShowsBothFigures()
            throws Exception {
        double before = ddlHit(firstLoad.at("/result/training_data_load/retrieval"), "after");
        Path dir = dataDir.resolve(task);
        Path kept = dataDir.resolve("kept-ddl");
        Files.createDirectories(kept);
        List<Path> ddl;
        try (Stream<Path> files = Files.list(dir)) {
            ddl = files.filter(p -> p.getFileName().toString().endsWith(".ddl")).sorted().toList();
        }
        assertThat(ddl).hasSizeGreaterThan(3);
        for (Path p : ddl.subList(1, ddl.size())) {
            Files.move(p, kept.resolve(p.getFileName()));
        }
        String digest = TableDigest.store(vector);
        try {
            CliRunner.Result r = run("training_load", "--truncate-vector-tables", "--max-retrieval-drop", "0.05");

            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(TableDigest.store(vector)).as("rolled back: the store is exactly as it was").isEqualTo(digest);
            JsonNode doc = JSON.readTree(r.out());
            JsonNode retrieval = doc.at("/result/training_data_load/retrieval");
            assertThat(ddlHit(retrieval, "before")).isEqualTo(before);
            assertThat(ddlHit(retrieval, "after")).isLessThan(before - 0.05);
            assertThat(retrieval.at("/gate/passed").asBoolean()).isFalse();
            assertThat(retrieval.at("/gate/failures").toString()).contains("ddl_hit@3 fell from");
            assertThat(doc.toString()).contains("the retrieval gate refused the new store")
                    .contains("the store is exactly as it was");

            CliRunner.Result min = run("training_load", "--truncate-vector-tables", "--min-retrieval",
                    "ddl_hit@3=" + before);
            assertThat(min.code()).as(min.out() + min.err()).isEqualTo(1);
            assertThat(TableDigest.store(vector)).isEqualTo(digest);
            assertThat(min.out()).contains("below the minimum");
        } finally {
            for (Path p : ddl.subList(1, ddl.size())) {
                Files.move(kept.resolve(p.getFileName()), p);
            }
        }
        JsonNode passing = step("training_load", "--truncate-vector-tables", "--min-retrieval", "ddl_hit@3=" + before,
                "--max-retrieval-drop", "0.05");
        JsonNode retrieval = passing.at("/result/training_data_load/retrieval");
        assertThat(retrieval.at("/gate/passed").asBoolean()).isTrue();
        assertThat(ddlHit(retrieval, "after")).isEqualTo(before);
        assertThat(ddlHit(retrieval, "before")).isEqualTo(before);
    }

    @Test
    void givenAMalformedCriterion_whenExecuting_thenItIsAUsageErrorNamingTheOption() {
        CliRunner.Result r = run("training_load", "--min-retrieval", "ddl_hit=0.8");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("--min-retrieval").contains("metric@k=value");
    }
}
