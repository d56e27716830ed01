package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.core.vector.TrainingItem;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TableDigest;
import io.datapipeline.postgres.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads that cost what changed, on the real rig, through the CLI, with an OpenAI-compatible embedding endpoint that
 * counts the texts it is sent: the same files again embed nothing and touch no row; a truncating reload after a 1 %
 * change embeds exactly the changed pairs and reports the seed's shape; a replace by difference keeps the unchanged
 * rows' id and row version ({@code xmin}); a kill -9 inside either leaves the old store or the new one.
 */
@ExtendWith(PostgresExtension.class)
class ReloadCostIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAIRS = 200;
    private static final int TABLES = 5;

    @TempDir
    static Path dataDir;

    private static TestDatabase db;
    private static FakeModelServer model;
    private static Map<String, String> env;
    private static CliRunner cli;
    private String taskId;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
        model = new FakeModelServer().embeddingDimension(64);
        env = new HashMap<>();
        env.put("PIPELINE_DB_URL", db.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_PROVIDER", "openai");
        env.put("PIPELINE_EMBEDDING_BASE_URL", model.baseUrl());
        env.put("PIPELINE_EMBEDDING_MODEL", "counting-embedder");
        env.put("PIPELINE_EMBEDDING_API_KEY", "sk-counting");
        env.put("PIPELINE_EMBEDDING_DIMENSION", "64");
        cli = new CliRunner(env);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @BeforeEach
    void freshStoreAndTask() throws Exception {
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        Path tables = dataDir.resolve("tables.txt");
        Files.writeString(tables, "t0\n");
        CliRunner.Result created = cli.run("task", "create", "--db-connection", "postgresql://app@127.0.0.1:1/biz",
                "--table-list", tables.toString(), "--business-context", "cost test", "--no-check", "--json");
        assertThat(created.code()).as(created.out() + created.err()).isZero();
        taskId = JSON.readTree(created.out()).get("task_id").asText();
        writeFiles(Set.of(), Set.of());
        JsonNode first = load();
        assertThat(first.at("/result/training_data_load/embedded/sql").asLong()).isEqualTo(PAIRS);
        model.resetCounters();
    }

    /** The task's files: {@value #PAIRS} pairs (the {@code changed} ones reworded, the {@code removed} left out), DDL, docs. */
    private void writeFiles(Set<Integer> changed, Set<Integer> removed) throws Exception {
        Path dir = dataDir.resolve(taskId);
        StringBuilder pairs = new StringBuilder("[");
        for (int i = 0; i < PAIRS; i++) {
            if (removed.contains(i)) {
                continue;
            }
            pairs.append(pairs.length() == 1 ? "" : ", ").append("{\"question\": \"").append(question(i, changed))
                    .append("\", \"sql\": \"SELECT count(*) FROM t").append(i % TABLES).append(" WHERE id > ").append(i)
                    .append("\"}");
        }
        Files.writeString(dir.resolve("qs_cost_pair.json"), pairs.append("]"));
        StringBuilder ddl = new StringBuilder();
        for (int t = 0; t < TABLES; t++) {
            ddl.append("CREATE TABLE t").append(t).append(" (id int, name text);\n");
            Files.writeString(dir.resolve("t" + t + "_detail.md"), "## t" + t + "\nFields:\n- id\n- name\n");
        }
        Files.writeString(dir.resolve("tables.ddl"), ddl);
    }

    private static String question(int i, Set<Integer> changed) {
        return changed.contains(i) ? "Which rows of t" + (i % TABLES) + " have an id above " + i + " today?"
                : "How many rows of t" + (i % TABLES) + " have an id above " + i + "?";
    }

    /** The content ids of the files as written now. */
    private Set<String> expectedIds(Set<Integer> changed, Set<Integer> removed) {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < PAIRS; i++) {
            if (!removed.contains(i)) {
                ids.add(TrainingItem.contentId("sql", "{\"question\": \"" + question(i, changed)
                        + "\", \"sql\": \"SELECT count(*) FROM t" + (i % TABLES) + " WHERE id > " + i + "\"}"));
            }
        }
        return ids;
    }

    private JsonNode load(String... flags) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("task", "execute", "--task-id", taskId,
                "--execution-mode", "step", "--step-name", "training_load", "--json"));
        args.addAll(List.of(flags));
        CliRunner.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** id to row version of every embedding row. */
    private static Map<String, String> rowVersions() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id::text, xmin::text FROM langchain_pg_embedding")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Set<String> sqlIds() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT e.id::text FROM langchain_pg_embedding e JOIN langchain_pg_collection "
                        + "c ON c.uuid = e.collection_id WHERE c.name = 'sql'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void givenTheSameFilesAgain_whenLoadedWithAndWithoutTruncate_thenNoTextIsEmbedded() throws Exception {
        Map<String, String> before = rowVersions();

        JsonNode again = load();

        assertThat(model.embeddedTexts()).as("a load of unchanged files sends nothing").isZero();
        assertThat(again.at("/result/training_data_load/embedded/sql").asLong()).isZero();
        assertThat(again.at("/result/training_data_load/skipped_existing/sql").asLong()).isEqualTo(PAIRS);
        assertThat(rowVersions()).as("no row touched: same ids, same row versions").isEqualTo(before);

        JsonNode truncating = load("--truncate-vector-tables");

        assertThat(model.embeddedTexts()).as("a truncating reload of unchanged files carries every vector over").isZero();
        assertThat(truncating.at("/result/training_data_load/reused/sql").asLong()).isEqualTo(PAIRS);
        assertThat(truncating.at("/result/training_data_load/records_loaded/sql").asLong()).isEqualTo(PAIRS);
        assertThat(truncating.at("/result/vector_management/truncate_results/langchain_pg_embedding/rows_after").asLong())
                .isZero();
        assertThat(rowVersions().keySet()).isEqualTo(before.keySet());
    }

    @Test
    void givenOnePercentChangedAndOnePercentRemoved_whenReloadedWithTruncate_thenOnlyTheChangedPairsAreEmbedded()
            throws Exception {
        Set<Integer> changed = Set.of(10, 11);
        Set<Integer> removed = Set.of(20, 21);
        writeFiles(changed, removed);

        JsonNode r = load("--truncate-vector-tables");

        assertThat(model.embeddedTexts()).as("exactly the two changed pairs").isEqualTo(2);
        assertThat(sqlIds()).isEqualTo(expectedIds(changed, removed));
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(PAIRS - 2 + 2 * TABLES);
        JsonNode vm = r.at("/result/vector_management");
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).isTrue();
        assertThat(vm.at("/truncate_results/langchain_pg_embedding/rows_before").asLong()).isEqualTo(PAIRS + 2 * TABLES);
        assertThat(vm.at("/truncate_results/langchain_pg_embedding/rows_after").asLong()).isZero();
        JsonNode load = r.at("/result/training_data_load");
        assertThat(load.at("/embedded/sql").asLong()).isEqualTo(2);
        assertThat(load.at("/reused/sql").asLong()).isEqualTo(PAIRS - 4);
        assertThat(load.at("/records_loaded/sql").asLong()).isEqualTo(PAIRS - 2);
        String ts = vm.get("backup_timestamp").asText();
        CliRunner.Result verify = cli.run("vector", "verify", "--task-id", taskId, "--timestamp", ts, "--json");
        assertThat(verify.code()).as("the backup set of the old store is complete: " + verify.out()).isZero();
    }

    @Test
    void givenOnePercentChangedAndRemoved_whenReplacedByDifference_thenUnchangedRowsKeepIdAndRowVersion()
            throws Exception {
        Map<String, String> before = rowVersions();
        Set<Integer> changed = Set.of(10, 11);
        Set<Integer> removed = Set.of(20, 21);
        writeFiles(changed, removed);

        JsonNode r = load("--truncate-vector-tables", "--replace-by-difference");

        assertThat(model.embeddedTexts()).isEqualTo(2);
        assertThat(sqlIds()).isEqualTo(expectedIds(changed, removed));
        Map<String, String> after = rowVersions();
        Set<String> kept = new TreeSet<>(before.keySet());
        kept.retainAll(after.keySet());
        assertThat(kept).hasSize(PAIRS - 4 + 2 * TABLES);
        for (String id : kept) {
            assertThat(after.get(id)).as("row " + id + " untouched").isEqualTo(before.get(id));
        }
        JsonNode diff = r.at("/result/training_data_load/replaced_by_difference");
        assertThat(diff.at("/sql/unchanged").asLong()).isEqualTo(PAIRS - 4);
        assertThat(diff.at("/sql/inserted").asLong()).isEqualTo(2);
        assertThat(diff.at("/sql/deleted").asLong()).isEqualTo(4);
        assertThat(diff.at("/ddl/unchanged").asLong()).isEqualTo(TABLES);
        assertThat(diff.at("/ddl/deleted").asLong()).isZero();
        JsonNode vm = r.at("/result/vector_management");
        assertThat(vm.get("backup_performed").asBoolean()).isTrue();
        assertThat(vm.get("truncate_performed").asBoolean()).as("the table was not emptied").isFalse();
        assertThat(vm.get("warnings").toString()).contains("replaced by difference");
    }

    @Test
    void givenKillInsideTheSlowedWriteOfEitherReload_whenChecked_thenTheStoreIsTheOldOne() throws Exception {
        writeFiles(Set.of(10, 11, 12, 13, 14, 15, 16, 17), Set.of(20, 21));
        for (List<String> flags : List.of(List.of("--truncate-vector-tables"),
                List.of("--truncate-vector-tables", "--replace-by-difference"))) {
            db.execute("CREATE OR REPLACE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "PERFORM pg_sleep(0.2); RETURN NEW; END $$", "DROP TRIGGER IF EXISTS slow_insert ON "
                    + "langchain_pg_embedding", "CREATE TRIGGER slow_insert BEFORE INSERT ON langchain_pg_embedding FOR "
                    + "EACH ROW EXECUTE FUNCTION slow_insert()");
            String old = TableDigest.of(db, "langchain_pg_embedding");
            List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", Path.of("target", "pipeline-cli.jar").toString(), "task", "execute", "--task-id",
                    taskId, "--execution-mode", "step", "--step-name", "training_load", "--json"));
            cmd.addAll(flags);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Path log = dataDir.resolve("kill-" + flags.size() + ".log");
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean inserting = false;
            for (int i = 0; i < 6000 && p.isAlive() && !inserting; i++) {
                inserting = db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(0.2)%' "
                        + "AND state = 'active' AND pid <> pg_backend_pid()") > 0
                        || db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND pid <> "
                        + "pg_backend_pid()") > 0;
                Thread.sleep(10);
            }
            assertThat(inserting).as("saw the slowed insert: " + Files.readString(log)).isTrue();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 200 && db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE "
                    + "'data-pipeline-cli%'") > 0; i++) {
                Thread.sleep(25);
            }
            db.execute("DROP TRIGGER slow_insert ON langchain_pg_embedding");
            assertThat(TableDigest.of(db, "langchain_pg_embedding")).as(flags + ": killed before commit, the old store")
                    .isEqualTo(old);
        }
        JsonNode finished = load("--truncate-vector-tables", "--replace-by-difference");
        assertThat(finished.at("/result/training_data_load/replaced_by_difference/sql/inserted").asLong()).isEqualTo(8);
        assertThat(sqlIds()).isEqualTo(expectedIds(Set.of(10, 11, 12, 13, 14, 15, 16, 17), Set.of(20, 21)));
    }
}
