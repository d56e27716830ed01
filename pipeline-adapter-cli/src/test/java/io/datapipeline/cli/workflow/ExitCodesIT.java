package io.datapipeline.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PgProxy;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.datapipeline.postgres.vector.PgVectorTableStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exit codes of the commands that run executions, from the shaded jar in child JVMs: 3 when another operation
 * holds the store lock, 4 when the answer to the reload's COMMIT was lost and the database could not tell (a TCP proxy
 * drops it and then refuses new connections for 40 s, longer than the tool keeps asking), for {@code task execute},
 * {@code training load} and {@code workflow run} alike.
 */
@ExtendWith(PostgresExtension.class)
class ExitCodesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;

    /** The three commands; each prepares what it needs in the given environment and returns its arguments. */
    private enum Command {
        TASK_EXECUTE, TRAINING_LOAD, WORKFLOW_RUN
    }

    @BeforeAll
    static void init(TestDatabase db) {
        vector = db;
        business = db.sibling("exit_biz");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, shop_name varchar(80) NOT NULL, city varchar(40))",
                "COMMENT ON TABLE shop IS 'Shops of the chain'",
                "INSERT INTO shop SELECT g, 'Shop ' || g, 'Lyon' FROM generate_series(1, 5) g");
        model = new FakeModelServer().answerChat(body -> {
            String system = FakeModelServer.system(body);
            if (system.startsWith("You are a data analyst")) {
                return "{\"themes\": [{\"name\": \"Shops\", \"description\": \"count\", \"tables\": [\"shop\"]}]}";
            }
            if (system.startsWith("You write PostgreSQL")) {
                return "{\"pairs\": [{\"question\": \"How many shops?\", \"sql\": \"SELECT count(*) FROM shop\"}]}";
            }
            return "{\"table_comment\": \"Shops\", \"columns\": {}}";
        });
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    private static void seedStore(TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        db.execute(LangChainSchema.G2);
        db.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'old-' || g || '-sql', '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "array_fill(0.5::real, ARRAY[16])::vector, 'earlier ' || g, '{}' FROM generate_series(1, 7) g");
    }

    private static Map<String, String> env(String dbUrl, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", dbUrl);
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_DIMENSION", "16");
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        env.put("PIPELINE_LLM_BASE_URL", model.baseUrl());
        env.put("PIPELINE_LLM_MODEL", "fake-model");
        return env;
    }

    private static String businessUrl() {
        return "postgresql://" + business.user() + "@" + business.host() + ":" + business.port() + "/" + business.name();
    }

    /** Prepares the command (a task with training files, a directory of them, a table list) and returns its args. */
    private static List<String> prepare(Command command, Map<String, String> env, Path dataDir) throws Exception {
        Path tables = dataDir.resolve("tables.txt");
        Files.writeString(tables, "shop\n", StandardCharsets.UTF_8);
        String pairs = "[{\"question\": \"How many shops?\", \"sql\": \"SELECT count(*) FROM shop\"}]";
        switch (command) {
            case TASK_EXECUTE -> {
                CliRunner.Result created = new CliRunner(env).run("task", "create", "--db-connection", businessUrl(),
                        "--table-list", tables.toString(), "--business-context", "exit codes", "--json");
                assertThat(created.code()).as(created.err()).isZero();
                String taskId = JSON.readTree(created.out()).get("task_id").asText();
                Files.writeString(dataDir.resolve(taskId).resolve("shop_pair.json"), pairs);
                return List.of("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                        "training_load", "--backup-vector-tables", "--json");
            }
            case TRAINING_LOAD -> {
                Path files = Files.createDirectories(dataDir.resolve("training_files"));
                Files.writeString(files.resolve("shop_pair.json"), pairs);
                Files.writeString(files.resolve("shop.ddl"), "CREATE TABLE shop (shop_id int PRIMARY KEY);\n");
                return List.of("training", "load", "--data-path", files.toString(), "--backup-vector-tables", "--json");
            }
            default -> {
                return List.of("workflow", "run", "--db-connection", businessUrl(), "--table-list", tables.toString(),
                        "--business-context", "exit codes", "--backup-vector-tables", "--json");
            }
        }
    }

    private record Run(int code, String out) {
    }

    private static Run runJar(List<String> args, Map<String, String> env, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "pipeline-cli.jar").toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("the command ended: " + Files.readString(log)).isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** The JSON document at the end of the output (the command's --json result). */
    private static JsonNode lastJson(String out) throws Exception {
        return JSON.readTree(out.substring(out.indexOf("\n{") + 1));
    }

    @Test
    void givenAnotherOperationHoldsTheStoreLock_whenEachCommandReachesTrainingLoad_thenItExits3AndTheStoreIsUntouched()
            throws Exception {
        seedStore(vector);
        Path root = Files.createTempDirectory(Path.of("target"), "exit-busy");
        try (Connection holder = vector.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'exit-codes-lock-holder'");
            s.execute("SELECT pg_advisory_lock(" + PgVectorTableStore.LOCK_NAMESPACE + ", "
                    + PgVectorTableStore.STORE_LOCK + ")");
            for (Command command : Command.values()) {
                Path dataDir = Files.createDirectories(root.resolve(command.name().toLowerCase()));
                Map<String, String> env = env(vector.jdbcUrlWithCredentials(), dataDir);
                Run run = runJar(prepare(command, env, dataDir), env, dataDir.resolve("out.log"));

                assertThat(run.code()).as(command + ": " + run.out()).isEqualTo(3);
                assertThat(run.out()).as(command.name()).contains("vector store is busy");
                assertThat(lastJson(run.out()).get("outcome").asText()).isEqualTo("busy");
            }
        }
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(7);
    }

    @Test
    void givenTheAnswerToTheReloadsCommitIsLostAndTheDatabaseCannotTell_whenEachCommandLoads_thenItExits4()
            throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "exit-unknown");
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        List<AutoCloseable> proxies = new ArrayList<>();
        try {
            // the three in parallel, each on its own database behind its own proxy: each waits ~30 s for an answer
            for (Command command : Command.values()) {
                TestDatabase db = vector.sibling("exit_" + command.name().toLowerCase());
                seedStore(db);
                Path dataDir = Files.createDirectories(root.resolve(command.name().toLowerCase()));
                PgProxy proxy = new PgProxy(db.host(), db.port());
                proxies.add(proxy);
                Map<String, String> env = env(proxy.jdbcUrl(db), dataDir);
                List<String> args = prepare(command, env, dataDir);
                proxy.dropReplyTo(PgProxy.COMMIT, "pipeline_load_stage");
                proxy.refuseNewConnectionsAfterTrip(Duration.ofSeconds(40));
                runs.add(CompletableFuture.runAsync(() -> {
                    try {
                        Run run = runJar(args, env, dataDir.resolve("out.log"));

                        assertThat(proxy.hasTripped()).as(command + ": the answer to COMMIT was dropped").isTrue();
                        assertThat(run.code()).as(command + ": " + run.out()).isEqualTo(4);
                        JsonNode doc = lastJson(run.out());
                        assertThat(doc.get("outcome").asText()).isEqualTo("commit_unknown");
                        assertThat(doc.toString()).contains("\"commit_outcome\":\"unknown\"");
                    } catch (Exception e) {
                        throw new IllegalStateException(command + ": " + e.getMessage(), e);
                    }
                }));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        } finally {
            for (AutoCloseable p : proxies) {
                p.close();
            }
        }
    }
}
