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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person reads (issue 23, item 8): table headers, local times to the second, human sizes, the step of each
 * execution, progress without raw byte counts or stray lines, and documents whose keys keep the seed's order after a
 * round trip through the database.
 */
@ExtendWith(PostgresExtension.class)
class OutputCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;

    @TempDir
    static Path dataDir;

    private static CliRunner cli;
    private static String task;

    @BeforeAll
    static void runATask(TestDatabase db) throws Exception {
        vector = db;
        vector.execute(LangChainSchema.G2);
        business = db.sibling("out");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, shop_name varchar(80) NOT NULL, city varchar(40))",
                "INSERT INTO shop SELECT g, 'Shop ' || g, 'Lyon' FROM generate_series(1, 5) g");
        model = new FakeModelServer().answerChat(WorkflowIT::answer);
        cli = new CliRunner(Map.of("PIPELINE_DB_URL", vector.jdbcUrlWithCredentials(), "PIPELINE_DATA_DIR",
                dataDir.toString(), "PIPELINE_EMBEDDING_DIMENSION", "16", "PIPELINE_EMBEDDING_PROVIDER", "offline",
                "PIPELINE_LLM_BASE_URL", model.baseUrl(), "PIPELINE_LLM_MODEL", "fake-model"));
        Path tables = Files.writeString(dataDir.resolve("tables.txt"), "shop\n", StandardCharsets.UTF_8);
        CliRunner.Result created = cli.run("task", "create", "--db-connection", "postgresql://" + business.user() + "@"
                + business.host() + ":" + business.port() + "/" + business.name(), "--table-list", tables.toString(),
                "--task-name", "output", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        task = JSON.readTree(created.out()).get("task_id").asText();
        assertThat(cli.run("task", "execute", "--task-id", task, "--step-name", "ddl_generation").code()).isZero();
        CliRunner.Result load = cli.run("task", "execute", "--task-id", task, "--step-name", "training_load",
                "--backup-vector-tables");
        assertThat(load.code()).as(load.out() + load.err()).isZero();
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    void givenTasks_whenListed_thenAHeaderNamesTheColumnsAndTimesAreLocalToTheSecond() {
        CliRunner.Result r = cli.run("task", "list");

        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("TASK\\s+STATUS\\s+CREATED\\s+LAST EXECUTION\\s+NAME");
        String row = lines.stream().filter(l -> l.startsWith(task)).findFirst().orElseThrow();
        assertThat(row).containsPattern(TIME).contains("completed step training_load", "output")
                .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d").doesNotContain("Z ");
    }

    @Test
    void givenExecutions_whenListed_thenEachSaysWhichStepItRanHowLongAndWhetherItBackedUp() {
        CliRunner.Result r = cli.run("task", "executions", "--task-id", task);

        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("EXECUTION\\s+STATUS\\s+RAN\\s+STARTED\\s+TOOK\\s+BACKUP/TRUNCATE");
        assertThat(lines.get(1)).contains("completed", "step training_load", " s ", "backup").containsPattern(TIME);
        assertThat(lines.get(2)).contains("step ddl_generation").endsWith("-");
    }

    @Test
    void givenTaskFiles_whenListed_thenSizesAreHumanAndTimesLocalToTheSecond() {
        CliRunner.Result r = cli.run("task", "files", "--task-id", task);

        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("\\s*SIZE\\s+MODIFIED\\s+FILE");
        List<String> files = lines.subList(1, lines.size() - 1);
        assertThat(files).isNotEmpty().allSatisfy(l -> assertThat(l).matches("\\s*\\d+\\.\\d (B|KB|MB)\\s+" + TIME
                + "\\s+\\S.*"));
        assertThat(files).anyMatch(l -> l.endsWith("shop.ddl")).anyMatch(l -> l.contains("vector_bak/manifest_"));
        assertThat(lines.get(lines.size() - 1)).matches("\\d+ file\\(s\\), \\d+\\.\\d (B|KB|MB)");
    }

    @Test
    void givenAFinishedLoad_whenWatched_thenProgressIsInHumanUnitsWithoutStrayLines() {
        CliRunner.Result r = cli.run("task", "watch", "--task-id", task);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("training_load reload langchain_pg_embedding", "training_load embedding",
                "reload load ", " rows", "execution completed")
                .doesNotContainPattern("\\d+/\\d+ bytes").doesNotContain("reload:load").doesNotContain(" 0 bytes")
                .doesNotContainPattern("\\d{6,}(\\.\\d)?/s");
        assertThat(r.out().lines().filter(l -> l.contains("reload langchain_pg_embedding")))
                .allSatisfy(l -> assertThat(l).containsPattern("\\d+\\.\\d (B|KB|MB)"));
    }

    @Test
    void givenTheTaskStatus_whenReadBackFromTheDatabase_thenItsKeysKeepTheSeedsOrderAndTheResultIsThereOnce()
            throws Exception {
        CliRunner.Result r = cli.run("task", "status", "--task-id", task, "--json");
        CliRunner.Result human = cli.run("task", "status", "--task-id", task);

        JsonNode status = JSON.readTree(r.out());
        assertThat(names(status).subList(0, 7)).containsExactly("task_id", "task_name", "status", "step_status",
                "created_at", "started_at", "completed_at");
        assertThat(names(status.get("step_status"))).containsExactly("ddl_generation", "qa_generation",
                "sql_validation", "training_load");
        assertThat(status.get("last_execution").has("result")).as("the result is the task's, once").isFalse();
        assertThat(names(status.get("result"))).containsExactly("success", "outcome", "task_id", "execution_id",
                "execution_mode", "step_name", "result", "llm_usage", "warnings");
        assertThat(names(status.at("/result/result"))).containsExactly("training_data_load", "vector_management");
        assertThat(names(status.at("/result/result/vector_management")).subList(0, 2))
                .containsExactly("backup_performed", "truncate_performed");
        assertThat(r.out().split("\"backup_performed\"", -1)).as("one vector_management report").hasSize(2);
        assertThat(human.out()).contains("last execution", "completed, step training_load", "backup")
                .containsPattern("ddl_generation\\s+completed\\s+" + TIME);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
