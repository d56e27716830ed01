package io.datapipeline.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.cli.command.PipelineCommand;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Coming from the original's command-line tools ({@code task_executor.py}, {@code run_training.py},
 * {@code sql_validate_cli.py}) to ours, as issue 23 found it: items 1 (a named step), 3 (one vocabulary), 5 (legacy
 * sets), 6 (a restore creates the tables) and 7 (a connection failure says what to check) through the real command
 * line, and the shaded jar in a child JVM where the whole terminal output counts.
 */
@ExtendWith(PostgresExtension.class)
class MigrationCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C1 = "6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01";
    private static final String WARNING = "vector table parameters only apply to training_load; current step: "
            + "ddl_generation; ignored";
    private static TestDatabase vector;
    private static TestDatabase business;
    private static FakeModelServer model;

    @TempDir
    Path dataDir;

    private Map<String, String> env;
    private CliRunner cli;
    private Path tableList;

    @BeforeAll
    static void init(TestDatabase db) {
        vector = db;
        business = db.sibling("migr");
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, shop_name varchar(80) NOT NULL, city varchar(40))",
                "INSERT INTO shop SELECT g, 'Shop ' || g, 'Lyon' FROM generate_series(1, 5) g");
        model = new FakeModelServer().answerChat(WorkflowIT::answer);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        env = new HashMap<>();
        env.put("PIPELINE_DB_URL", vector.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_DIMENSION", "16");
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        env.put("PIPELINE_LLM_BASE_URL", model.baseUrl());
        env.put("PIPELINE_LLM_MODEL", "fake-model");
        cli = new CliRunner(env);
        tableList = dataDir.resolve("tables.txt");
        Files.writeString(tableList, "shop\n", StandardCharsets.UTF_8);
    }

    private static String businessUrl(String database) {
        return "postgresql://" + business.user() + "@" + business.host() + ":" + business.port() + "/" + database;
    }

    private String createTask() throws Exception {
        CliRunner.Result r = cli.run("task", "create", "--db-connection", businessUrl(business.name()), "--table-list",
                tableList.toString(), "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out()).get("task_id").asText();
    }

    private JsonNode status(String id) throws Exception {
        CliRunner.Result r = cli.run("task", "status", "--task-id", id, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ item 1

    @Test
    void givenStepNameWithoutExecutionMode_whenExecuted_thenOnlyThatStepRunsAndContradictionsAreUsageErrors()
            throws Exception {
        String id = createTask();

        CliRunner.Result r = cli.run("task", "execute", "--task-id", id, "--step-name", "ddl_generation", "--json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("execution_mode").asText()).isEqualTo("step");
        JsonNode status = status(id);
        assertThat(status.at("/step_status/ddl_generation").asText()).isEqualTo("completed");
        assertThat(status.at("/step_status/qa_generation").asText()).as("the workflow did not go on").isEqualTo("pending");

        CliRunner.Result both = cli.run("task", "execute", "--task-id", id, "--execution-mode", "complete",
                "--step-name", "training_load");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--execution-mode complete", "--step-name training_load");
        CliRunner.Result resume = cli.run("task", "execute", "--task-id", id, "--resume", "--step-name", "qa_generation");
        assertThat(resume.code()).isEqualTo(2);
        assertThat(resume.err()).contains("--resume", "--step-name qa_generation");
        CliRunner.Result unknown = cli.run("task", "execute", "--task-id", id, "--step-name", "load", "--json");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(JSON.readTree(unknown.out()).get("field").asText()).isEqualTo("--step-name");
        assertThat(status(id).at("/last_execution/execution_mode").asText()).as("nothing else ran").isEqualTo("step");
    }

    @Test
    void givenTheOriginalsTaskExecutorFlagsOnAnotherStep_whenRunAsTheJar_thenTheWarningIsOnceInTheAnswerAndOnceInTheLog()
            throws Exception {
        String id = createTask();

        Run run = runJar(List.of("task", "execute", "--task-id", id, "--execution-mode", "step", "--step-name",
                "ddl_generation", "--backup-vector-tables"), env);

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(occurrences(run.out(), WARNING)).as("the answer: " + run.out()).isEqualTo(1);
        assertThat(occurrences(run.err(), WARNING)).as("the log on stderr: " + run.err()).isEqualTo(1);
        String log = Files.readString(dataDir.resolve(id).resolve("data_pipeline.log"), StandardCharsets.UTF_8);
        assertThat(occurrences(log, WARNING)).as(log).isEqualTo(1);
        assertThat(dataDir.resolve(id).resolve("vector_bak")).as("the flag was ignored").doesNotExist();
    }

    @Test
    void givenTheFlagsOfTheOriginalsScripts_whenRun_thenOursTakesThemWithTheirMeaning() throws Exception {
        String id = createTask();
        Files.writeString(dataDir.resolve(id).resolve("qs_shop_20250722_165543_pair.json"), "[{\"question\": \"How "
                + "many shops?\", \"sql\": \"SELECT count(*) FROM shop\"}, {\"question\": \"Broken\", \"sql\": "
                + "\"SELECT nope FROM shop\"}]", StandardCharsets.UTF_8);

        // task_executor.py: --task-id --execution-mode --step-name --backup-vector-tables --truncate-vector-tables
        // --skip-training (truncate without loading: the backup is taken first)
        CliRunner.Result executor = cli.run("task", "execute", "--task-id", id, "--execution-mode", "step",
                "--step-name", "training_load", "--backup-vector-tables", "--truncate-vector-tables", "--skip-training",
                "--json");
        assertThat(executor.code()).as(executor.out() + executor.err()).isZero();
        JsonNode vm = JSON.readTree(executor.out()).at("/result/vector_management");
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).isTrue();

        // sql_validate_cli.py: --db-connection --task-id (the newest *_pair.json) --disable-llm-repair --no-modify-file
        // --save-json
        CliRunner.Result validate = cli.run("sql", "validate", "--db-connection", businessUrl(business.name()),
                "--task-id", id, "--disable-llm-repair", "--no-modify-file", "--save-json", "--json");
        assertThat(validate.code()).as("one SQL fails: " + validate.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(validate.out());
        assertThat(report.at("/summary/input_file").asText()).isEqualTo("qs_shop_20250722_165543_pair.json");
        assertThat(report.at("/summary/valid_sqls").asInt()).isEqualTo(1);
        assertThat(report.at("/summary/file_modified").asBoolean()).isFalse();
        CliRunner.Result both = cli.run("sql", "validate", "--db-connection", businessUrl(business.name()), "--task-id",
                id, "--enable-llm-repair", "--disable-llm-repair");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--enable-llm-repair", "--disable-llm-repair");

        // run_training.py: --data_path (its spelling) --backup-vector-tables
        Path files = Files.createDirectories(dataDir.resolve("training_files"));
        Files.writeString(files.resolve("shop.ddl"), "CREATE TABLE shop (shop_id int PRIMARY KEY);\n");
        CliRunner.Result training = cli.run("training", "load", "--data_path", files.toString(), "--backup-vector-tables",
                "--json");
        assertThat(training.code()).as(training.out() + training.err()).isZero();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding e JOIN langchain_pg_collection c "
                + "ON c.uuid = e.collection_id WHERE c.name = 'ddl'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ item 3

    @Test
    void givenTheVocabularyOfTheIssue_whenUsed_thenGlobalLevelsOptionNamesAndCreateBehaveAsOneCli() throws Exception {
        assertThat(cli.run("vector", "backup").code()).isZero();
        CliRunner.Result global = cli.run("vector", "list", "--global");
        CliRunner.Result globalOnly = cli.run("vector", "list", "--global-only");
        assertThat(global.code()).as(global.err()).isZero();
        assertThat(globalOnly.out()).isEqualTo(global.out());
        assertThat(global.out()).contains("global (vector_bak)");

        CliRunner.Result prune = cli.run("vector", "prune", "--global");
        assertThat(prune.code()).isEqualTo(2);
        assertThat(prune.err()).contains("--keep", "--max-age", "--incomplete").doesNotContain("max_age");
        CliRunner.Result zero = cli.run("vector", "prune", "--global", "--max-age", "0d", "--json");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--max-age").doesNotContain("max_age");
        assertThat(JSON.readTree(zero.out()).get("field").asText()).isEqualTo("--max-age");

        String id = createTask();
        cli.run("task", "execute", "--task-id", id, "--step-name", "ddl_generation", "--backup-vector-tables");
        for (String level : List.of("WARN", "warn", "WARNING", "warning")) {
            CliRunner.Result logs = cli.run("task", "logs", "--task-id", id, "--level", level);
            assertThat(logs.code()).as(level + ": " + logs.err()).isZero();
            assertThat(logs.out()).as(level).contains("[WARNING]").contains(WARNING).doesNotContain("[INFO]");
        }
        CliRunner.Result verbose = cli.run("task", "logs", "--task-id", id, "--level", "verbose");
        assertThat(verbose.code()).isEqualTo(2);
        assertThat(verbose.err()).contains("--level").contains("WARN");

        CliRunner.Result noContext = cli.run("task", "create", "--db-connection", businessUrl(business.name()),
                "--table-list", tableList.toString());
        assertThat(noContext.code()).as("--business-context is optional: " + noContext.err()).isZero();
        CliRunner.Result missing = cli.run("task", "create", "--db-connection", businessUrl("nosuchdb"), "--table-list",
                tableList.toString(), "--business-context", "shops");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--db-connection", "database nosuchdb does not exist", "--no-check");
        CliRunner.Result unchecked = cli.run("task", "create", "--db-connection", businessUrl("nosuchdb"),
                "--table-list", tableList.toString(), "--no-check", "--json");
        assertThat(unchecked.code()).as(unchecked.err()).isZero();
        assertThat(unchecked.err()).contains("warning:", "nosuchdb does not exist");
        assertThat(JSON.readTree(unchecked.out()).get("task_id").asText()).startsWith("task_");
    }

    @Test
    void givenEveryCommand_whenAskedForHelp_thenItsFooterListsEveryExitCodeIncludingCommitOutcomeUnknown() {
        List<String> commands = new ArrayList<>();
        collect(PipelineCommand.commandLine(null), commands);
        assertThat(commands).hasSizeGreaterThan(25);
        for (String command : commands) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.remove(0);
            args.add("--help");
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(command).isZero();
            String codes = r.out().substring(r.out().indexOf("Exit codes:"));
            if (command.equals("pipeline sql validate")) {
                // it runs no transaction and takes no lock: its own words for 0 to 2, as the original's script had
                assertThat(codes).contains("0   every SQL passed", "1   some SQL fails", "2   invalid input");
            } else {
                assertThat(codes).as(command).contains("0   success", "1   the operation failed", "2   invalid input",
                        "3   busy", "4   commit outcome unknown");
            }
        }
    }

    private static void collect(CommandLine cl, List<String> out) {
        out.add(cl.getCommandSpec().qualifiedName());
        cl.getSubcommands().values().stream().filter(s -> !s.getCommandName().equals("help"))
                .forEach(s -> collect(s, out));
    }

    // ------------------------------------------------------------------ item 5

    @Test
    void givenASetOfTheOriginalTool_whenListedVerifiedAndRestored_thenTheyAgreeAndVerifyPassesOnlyWhenEveryFileParses()
            throws Exception {
        Path dir = dataDir.resolve("vector_bak");
        writeLegacySet(dir, "20250722_165619", 62);

        CliRunner.Result list = cli.run("vector", "list", "--global");
        CliRunner.Result verify = cli.run("vector", "verify", "--global", "--timestamp", "20250722_165619");
        CliRunner.Result json = cli.run("vector", "verify", "--global", "--timestamp", "20250722_165619", "--json");
        CliRunner.Result restore = cli.run("vector", "restore", "--global", "--timestamp", "20250722_165619",
                "--truncate-before-restore");

        assertThat(list.out()).contains("20250722_165619", "complete", "legacy (no manifest)");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK global 20250722_165619: legacy (no manifest): 63 rows parsed, not "
                + "checksummed").doesNotContain("MISMATCH").doesNotContain("FAILED");
        JsonNode v = JSON.readTree(json.out());
        assertThat(v.get("verified").asBoolean()).isTrue();
        assertThat(v.get("legacy").asBoolean()).isTrue();
        assertThat(v.get("problems")).isEmpty();
        assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(62);

        writeLegacySet(dir, "20250722_170000", 3);
        Files.writeString(dir.resolve("langchain_pg_embedding_20250722_170000.csv"), "id,collection_id,embedding,"
                + "document,cmetadata\r\nx-sql," + C1 + ",\"[0.1,0.2]\",\"never closed\r\n", StandardCharsets.UTF_8);
        CliRunner.Result broken = cli.run("vector", "verify", "--global", "--timestamp", "20250722_170000");
        assertThat(broken.code()).as(broken.out()).isEqualTo(1);
        assertThat(broken.out()).contains("FAILED global 20250722_170000: legacy (no manifest)",
                "langchain_pg_embedding_20250722_170000.csv is not a valid csv file");
    }

    /** A set as the original's VectorTableManager wrote it: CRLF, Python-repr metadata, no manifest. */
    static void writeLegacySet(Path dir, String ts, int rows) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("langchain_pg_collection_" + ts + ".csv"), "uuid,name,cmetadata\r\n" + C1
                + ",sql,\r\n", StandardCharsets.UTF_8);
        StringBuilder emb = new StringBuilder("id,collection_id,embedding,document,cmetadata\r\n");
        for (int i = 1; i <= rows; i++) {
            emb.append("e").append(i).append("-sql,").append(C1).append(",\"[0.1,-0.2,").append(i)
                    .append("]\",\"{\"\"question\"\": \"\"q").append(i).append("\"\"}\",\"{'id': 'e").append(i)
                    .append("-sql', 'createdat': None}\"\r\n");
        }
        Files.writeString(dir.resolve("langchain_pg_embedding_" + ts + ".csv"), emb.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("vector_backup_log.txt"), "=== Vector Table Backup Log ===\n");
    }

    // ------------------------------------------------------------------ item 6

    @Test
    void givenADatabaseWithoutTheLangChainTables_whenASetIsRestored_thenTheyAreCreatedAsALoadCreatesThem()
            throws Exception {
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('" + C1 + "', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'r' || g || '-sql', '" + C1 + "', "
                        + "array_fill(0.5::real, ARRAY[16])::vector, 'doc ' || g, '{}' FROM generate_series(1, 7) g");
        JsonNode backup = JSON.readTree(cli.run("vector", "backup", "--json").out());
        String ts = backup.get("backup_timestamp").asText();
        vector.execute("DROP TABLE langchain_pg_embedding, langchain_pg_collection");

        CliRunner.Result r = cli.run("vector", "restore", "--global", "--timestamp", ts, "--json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("warnings").toString()).contains("created what the store lacked",
                "table langchain_pg_collection", "table langchain_pg_embedding");
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(7);
        assertThat(vector.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                + "'langchain_pg_embedding'::regclass AND contype = 'f'")).as("the foreign key, as langchain_postgres")
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ item 7

    @Test
    void givenAnUnreachableOrMissingDatabase_whenACommandConnects_thenItSaysWhatToCheckWithinTheTimeout()
            throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> refusedEnv = new HashMap<>(env);
        refusedEnv.put("PIPELINE_DB_URL", "postgresql://app:Sup3rS3cret@127.0.0.1:" + closed + "/vectors");
        long t0 = System.nanoTime();
        CliRunner.Result refused = new CliRunner(refusedEnv).run("task", "list");
        double refusedSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("127.0.0.1:" + closed, "database vectors", "user app", "connection refused")
                .doesNotContain("Sup3rS3cret").doesNotContain("request timed out");
        assertThat(refusedSeconds).as("a refusal is known at once").isLessThan(5);

        try (ServerSocket silent = new ServerSocket(0)) {
            Map<String, String> silentEnv = new HashMap<>(env);
            silentEnv.put("PIPELINE_DB_URL", "postgresql://app@127.0.0.1:" + silent.getLocalPort() + "/vectors");
            silentEnv.put("PIPELINE_DB_CONNECT_TIMEOUT_SECONDS", "2");
            t0 = System.nanoTime();
            CliRunner.Result timeout = new CliRunner(silentEnv).run("vector", "backup");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(timeout.code()).isEqualTo(1);
            assertThat(timeout.err()).contains("127.0.0.1:" + silent.getLocalPort(), "database vectors",
                    "no answer within 2 s", "PIPELINE_DB_CONNECT_TIMEOUT_SECONDS");
            assertThat(seconds).as("the configured timeout").isBetween(1.5, 4.5);

            silentEnv.remove("PIPELINE_DB_CONNECT_TIMEOUT_SECONDS");
            t0 = System.nanoTime();
            CliRunner.Result byDefault = new CliRunner(silentEnv).run("task", "list");
            double defaultSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(byDefault.err()).contains("no answer within 5 s");
            assertThat(defaultSeconds).as("5 s by default").isBetween(4.5, 7.5);
        }

        // a database without pgvector, and a user who may not install it: the restore's first step says so
        String bare = vector.name() + "_bare";
        vector.execute("DROP DATABASE IF EXISTS " + bare, "CREATE DATABASE " + bare,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'migr_plain') THEN "
                        + "CREATE ROLE migr_plain LOGIN; END IF; END $$");
        writeLegacySet(dataDir.resolve("vector_bak"), "20250722_165619", 2);
        Map<String, String> plainEnv = new HashMap<>(env);
        plainEnv.put("PIPELINE_DB_URL", "postgresql://migr_plain@" + vector.host() + ":" + vector.port() + "/" + bare);
        CliRunner.Result noVector = new CliRunner(plainEnv).run("vector", "restore", "--global", "--timestamp",
                "20250722_165619");
        assertThat(noVector.code()).as(noVector.err()).isEqualTo(1);
        assertThat(noVector.out() + noVector.err()).contains("no pgvector", "database " + bare + " on " + vector.host() + ":"
                + vector.port(), "CREATE EXTENSION vector", "nothing was changed");

        Map<String, String> missingEnv = new HashMap<>(env);
        missingEnv.put("PIPELINE_DB_URL", "postgresql://" + vector.user() + "@" + vector.host() + ":" + vector.port()
                + "/no_such_vectors");
        CliRunner.Result missing = new CliRunner(missingEnv).run("vector", "backup");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("database no_such_vectors does not exist on " + vector.host() + ":"
                + vector.port());
    }

    // ------------------------------------------------------------------ the jar in a child JVM

    record Run(int code, String out, String err) {
    }

    static Run runJar(List<String> args, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "pipeline-cli.jar").toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(Path.of("target"), "migration-out", ".txt");
        Path err = Files.createTempFile(Path.of("target"), "migration-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("the command ended").isTrue();
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
