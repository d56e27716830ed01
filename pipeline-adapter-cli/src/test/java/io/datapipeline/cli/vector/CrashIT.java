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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the CLI, as a separate JVM running the shaded jar, at chosen points of a truncating reload: while it
 * exports, once its backup set's manifest is written, and inside the (slowed) load. Every time the store is
 * byte-for-byte the old one or the new one, never empty; the task's status says which backup set the run took
 * and that the store was not changed; the next backup in the folder settles what the dead process left.
 */
@ExtendWith(PostgresExtension.class)
class CrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS = 60;

    @TempDir
    static Path dataDir;

    private static TestDatabase db;
    private static CliRunner cli;
    private static Map<String, String> env;
    private static String taskId;
    /** Digest of the embedding table after a complete reload of the task (what "the new store" is). */
    private static String newStore;

    @BeforeAll
    static void init(TestDatabase database) throws Exception {
        db = database;
        env = new HashMap<>();
        env.put("PIPELINE_DB_URL", db.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_PROVIDER", "offline");
        env.put("PIPELINE_EMBEDDING_DIMENSION", "32");
        cli = new CliRunner(env);
        seedBig();
        Path tables = dataDir.resolve("tables.txt");
        Files.writeString(tables, "shop\n");
        CliRunner.Result created = cli.run("task", "create", "--db-connection", "postgresql://app@127.0.0.1:1/biz",
                "--table-list", tables.toString(), "--business-context", "crash test", "--no-check", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        taskId = JSON.readTree(created.out()).get("task_id").asText();
        Path dir = dataDir.resolve(taskId);
        StringBuilder ddl = new StringBuilder();
        StringBuilder pairs = new StringBuilder("[");
        for (int i = 0; i < ITEMS / 2; i++) {
            ddl.append("CREATE TABLE t").append(i).append(" (id int, name text);\n");
            pairs.append(i == 0 ? "" : ", ").append("{\"question\": \"How many rows in t").append(i)
                    .append("?\", \"sql\": \"SELECT count(*) FROM t").append(i).append("\"}");
        }
        Files.writeString(dir.resolve("shop.ddl"), ddl);
        Files.writeString(dir.resolve("shop_pair.json"), pairs.append("]"));
        CliRunner.Result full = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step", "--step-name",
                "training_load", "--truncate-vector-tables", "--json");
        assertThat(full.code()).as(full.out() + full.err()).isZero();
        newStore = TableDigest.of(db, "langchain_pg_embedding");
        assertThat(newStore).startsWith(ITEMS + ":");
    }

    /** 20,000 rows of 256 dimensions: an export that takes a while (tens of MB of CSV). */
    private static void seedBig() {
        StoreFixture.seed(db, 0);
        db.execute("INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata) "
                + "SELECT 'big-' || g || '-sql', '" + StoreFixture.C_SQL + "', (SELECT array_agg((((g * 31 + i) % 97) / 97.0)"
                + "::real) FROM generate_series(1, 256) i)::vector, 'question ' || g, jsonb_build_object('id', 'big-' || g "
                + "|| '-sql') FROM generate_series(1, 20000) g");
    }

    private String oldStore;

    @BeforeEach
    void oldStore() {
        if (TableDigest.of(db, "langchain_pg_embedding").equals(newStore)
                || db.queryLong("SELECT count(*) FROM langchain_pg_embedding") != 20001) {
            seedBig();
        }
        db.execute("DROP TRIGGER IF EXISTS slow_insert ON langchain_pg_embedding");
        oldStore = TableDigest.of(db, "langchain_pg_embedding");
    }

    private Process startReload(Path log) throws Exception {
        existing = files();
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "pipeline-cli.jar").toString(), "task", "execute", "--task-id", taskId,
                "--execution-mode", "step", "--step-name", "training_load", "--truncate-vector-tables", "--json"));
        pb.environment().putAll(env);
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private Path backupDir() {
        return dataDir.resolve(taskId).resolve("vector_bak");
    }

    private List<String> files() throws Exception {
        return StoreFixture.files(backupDir());
    }

    /** Polls {@code condition} every millisecond until it holds or the process ends. */
    private static boolean awaitWhileAlive(Process p, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** Files of the backup folder before this test's run started: earlier sets do not count. */
    private List<String> existing = List.of();

    private boolean anyFile(Path dir, java.util.function.Predicate<String> name) {
        try {
            return StoreFixture.files(dir).stream().filter(f -> !existing.contains(f)).anyMatch(name);
        } catch (Exception e) {
            return false;
        }
    }

    private void killAndCheck(Process p, Path log) throws Exception {
        assertThat(p.isAlive()).as("the reload was still running when it was killed: " + Files.readString(log)).isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        // the server ends the dead client's session (and rolls back its transaction) once it notices
        for (int i = 0; i < 200 && db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE "
                + "'data-pipeline-cli%'") > 0; i++) {
            Thread.sleep(25);
        }
        String digest = TableDigest.of(db, "langchain_pg_embedding");
        assertThat(digest).as("the store after kill -9 is the old one or the new one").isIn(oldStore, newStore);
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).as("never empty").isPositive();
    }

    private JsonNode status() throws Exception {
        CliRunner.Result r = cli.run("task", "status", "--task-id", taskId, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private JsonNode newestSet() throws Exception {
        CliRunner.Result r = cli.run("vector", "list", "--task-id", taskId, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).at("/backup_locations/0/backups/0");
    }

    @Test
    void givenSigtermDuringTheExport_whenTheCliStops_thenItCancelsTheExecutionAndTheStoreIsUnchanged()
            throws Exception {
        Path log = dataDir.resolve("sigterm-export.log");
        Process p = startReload(log);
        boolean exporting = awaitWhileAlive(p, () -> anyFile(backupDir(), f -> f.startsWith("langchain_pg_embedding_")
                && f.endsWith(".csv.tmp")));
        assertThat(exporting).as("saw the export start").isTrue();

        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as("stopped by SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log)).contains("cancelling the execution");
        assertThat(TableDigest.of(db, "langchain_pg_embedding")).isEqualTo(oldStore);
        CliRunner.Result executions = cli.run("task", "executions", "--task-id", taskId, "--limit", "1", "--json");
        JsonNode last = JSON.readTree(executions.out()).at("/executions/0");
        assertThat(last.get("status").asText()).as(last.toString()).isEqualTo("cancelled");
        assertThat(files()).as("the cancelled export left no file").noneMatch(f -> f.endsWith(".tmp"));
    }

    @Test
    void givenKillDuringTheExport_whenListedAndBackedUpAgain_thenTheSetIsIncompleteUnrestorableAndCleanedUp()
            throws Exception {
        Path log = dataDir.resolve("kill-export.log");
        Process p = startReload(log);
        boolean exporting = awaitWhileAlive(p, () -> anyFile(backupDir(), f -> f.startsWith("langchain_pg_embedding_")
                && f.endsWith(".csv.tmp")) && !anyFile(backupDir(), f -> f.startsWith("manifest_")));
        assertThat(exporting).as("saw the export's temporary file before the manifest").isTrue();
        killAndCheck(p, log);
        assertThat(TableDigest.of(db, "langchain_pg_embedding")).isEqualTo(oldStore);

        JsonNode set = newestSet();
        assertThat(set.get("state").asText()).isEqualTo("incomplete");
        assertThat(set.get("state_reason").asText()).contains("interrupted before its manifest");
        String ts = set.get("timestamp").asText();
        CliRunner.Result restore = cli.run("vector", "restore", "--task-id", taskId, "--timestamp", ts,
                "--truncate-before-restore");
        assertThat(restore.code()).isEqualTo(1);
        assertThat(restore.err()).contains("incomplete");
        JsonNode task = status();
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.toString()).contains("interrupted").contains("before its backup set's manifest was written")
                .contains("not changed");

        CliRunner.Result next = cli.run("vector", "backup", "--task-id", taskId, "--json");
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(files()).noneMatch(f -> f.contains(ts)).noneMatch(f -> f.endsWith(".tmp"))
                .noneMatch(f -> f.startsWith(".reserved_"));
    }

    @Test
    void givenKillOnceTheManifestIsWritten_whenTheTaskIsRead_thenTheStoreIsTheOldOneAndTheStatusNamesTheSet()
            throws Exception {
        Path log = dataDir.resolve("kill-manifest.log");
        Process p = startReload(log);
        assertThat(awaitWhileAlive(p, () -> anyFile(backupDir(), f -> f.startsWith("manifest_") && f.endsWith(".json"))))
                .isTrue();
        killAndCheck(p, log);

        JsonNode set = newestSet();
        String ts = set.get("timestamp").asText();
        JsonNode task = status();
        assertThat(task.toString()).contains("interrupted").contains("backup set " + ts);
        if (TableDigest.of(db, "langchain_pg_embedding").equals(oldStore)) {
            assertThat(set.get("state").asText()).isEqualTo("incomplete");
            assertThat(set.get("commit_outcome").asText()).isEqualTo("rolled_back");
            assertThat(task.toString()).contains("never committed").contains("not changed");
            if (set.get("state_reason").asText().contains("missing")) {
                // killed between the manifest and the renames of the data files: nothing to restore from, or to need
                assertThat(set.get("state_reason").asText()).contains("interrupted before every file was in place");
            } else {
                CliRunner.Result verify = cli.run("vector", "verify", "--task-id", taskId, "--timestamp", ts, "--json");
                assertThat(JSON.readTree(verify.out()).at("/tables/langchain_pg_embedding/ok").asBoolean())
                        .as("the set's files are a complete snapshot of the old store").isTrue();
            }
        } else {
            assertThat(set.get("state").asText()).isEqualTo("complete");
            assertThat(task.toString()).contains("committed before the process stopped");
        }
    }

    @Test
    void givenKillInsideTheSlowedLoad_whenChecked_thenTheStoreIsTheOldOneAndAFinishedRerunGivesTheNewOne()
            throws Exception {
        db.execute("CREATE OR REPLACE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "PERFORM pg_sleep(0.05); RETURN NEW; END $$", "CREATE TRIGGER slow_insert BEFORE INSERT ON "
                + "langchain_pg_embedding FOR EACH ROW EXECUTE FUNCTION slow_insert()");
        List<Long> insideAfterMillis = new ArrayList<>(List.of(200L, 1200L));
        for (long delay : insideAfterMillis) {
            Path log = dataDir.resolve("kill-load-" + delay + ".log");
            Process p = startReload(log);
            assertThat(awaitWhileAlive(p, () -> db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    + "AND query LIKE 'WITH ins AS (INSERT INTO%'") > 0)).as("the load started").isTrue();
            Thread.sleep(delay);
            killAndCheck(p, log);
            assertThat(TableDigest.of(db, "langchain_pg_embedding")).as("killed " + delay + " ms into the load")
                    .isEqualTo(oldStore);
            assertThat(status().toString()).contains("interrupted").contains("never committed");
        }
        db.execute("DROP TRIGGER slow_insert ON langchain_pg_embedding");
        CliRunner.Result rerun = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                "--step-name", "training_load", "--truncate-vector-tables", "--json");
        assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
        assertThat(TableDigest.of(db, "langchain_pg_embedding")).isEqualTo(newStore);
        assertThat(files()).noneMatch(f -> f.endsWith(".tmp")).noneMatch(f -> f.startsWith(".reserved_"));
        assertThat(Files.readString(dataDir.resolve("kill-load-200.log"), StandardCharsets.UTF_8))
                .doesNotContain("Exception in thread");
    }
}
