package io.datapipeline.cli.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.cli.CliRunner;
import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.PostgresExtension;
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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline vector reembed} on the real rig, through the CLI, with an OpenAI-compatible endpoint that counts the
 * texts it is sent and answers each model with its own dimension: a store loaded by the configured model (64
 * dimensions, the column {@code vector(64)}) is moved to a model of 32 dimensions while readers poll every collection
 * (each snapshot is entirely old or entirely new: rows, dimensions and recorded model), and the set taken before it,
 * restored with one command, brings the old model back; a run whose endpoint dies halfway changes nothing and, run
 * again, embeds only what is left.
 */
@ExtendWith(PostgresExtension.class)
class ReembedIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAIRS = 200;
    private static final int TABLES = 5;
    private static final int ROWS = PAIRS + 2 * TABLES;
    private static final String OLD = "old-embedder";
    private static final String NEW = "new-embedder";

    @TempDir
    Path dataDir;

    private static TestDatabase db;
    private static FakeModelServer model;
    private CliRunner cli;

    @BeforeAll
    static void init(TestDatabase database) {
        db = database;
        model = new FakeModelServer().embeddingDimension(OLD, 64).embeddingDimension(NEW, 32);
    }

    /** A CLI whose data directory is this test's own. */
    private CliRunner cli() {
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_DB_URL", db.jdbcUrlWithCredentials());
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_EMBEDDING_PROVIDER", "openai");
        env.put("PIPELINE_EMBEDDING_BASE_URL", model.baseUrl());
        env.put("PIPELINE_EMBEDDING_MODEL", OLD);
        env.put("PIPELINE_EMBEDDING_API_KEY", "sk-counting");
        env.put("PIPELINE_EMBEDDING_DIMENSION", "64");
        return new CliRunner(env);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    /** A store of {@value #ROWS} rows loaded by the configured model, its column typed {@code vector(64)}. */
    @BeforeEach
    void storeOfTheOldModel() throws Exception {
        cli = cli();
        db.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        model.failEmbeddingsAfter(-1);
        Path tables = dataDir.resolve("tables.txt");
        Files.writeString(tables, "t0\n");
        CliRunner.Result created = cli.run("task", "create", "--db-connection", "postgresql://app@127.0.0.1:1/biz",
                "--table-list", tables.toString(), "--business-context", "reembed test", "--no-check", "--json");
        assertThat(created.code()).as(created.out() + created.err()).isZero();
        String taskId = JSON.readTree(created.out()).get("task_id").asText();
        Path dir = dataDir.resolve(taskId);
        StringBuilder pairs = new StringBuilder("[");
        for (int i = 0; i < PAIRS; i++) {
            pairs.append(i == 0 ? "" : ", ").append("{\"question\": \"How many rows of t").append(i % TABLES)
                    .append(" have an id above ").append(i).append("?\", \"sql\": \"SELECT count(*) FROM t")
                    .append(i % TABLES).append(" WHERE id > ").append(i).append("\"}");
        }
        Files.writeString(dir.resolve("qs_reembed_pair.json"), pairs.append("]"));
        StringBuilder ddl = new StringBuilder();
        for (int t = 0; t < TABLES; t++) {
            ddl.append("CREATE TABLE t").append(t).append(" (id int, name text);\n");
            Files.writeString(dir.resolve("t" + t + "_detail.md"), "## t" + t + "\nFields:\n- id\n- name\n");
        }
        Files.writeString(dir.resolve("tables.ddl"), ddl);
        CliRunner.Result load = cli.run("task", "execute", "--task-id", taskId, "--execution-mode", "step",
                "--step-name", "training_load", "--json");
        assertThat(load.code()).as(load.out() + load.err()).isZero();
        db.execute("ALTER TABLE langchain_pg_embedding ALTER COLUMN embedding TYPE vector(64)");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(ROWS);
        model.resetCounters();
    }

    /** Each collection in one statement (one snapshot): rows, distinct dimensions, recorded model and dimension. */
    private static final class Reader implements AutoCloseable {
        final Set<Integer> storeDimensions = new TreeSet<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicLong polls = new AtomicLong();
        final AtomicLong slowestMillis = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CompletableFuture<Void> done;

        Reader() {
            done = CompletableFuture.runAsync(() -> {
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        poll(s);
                        slowestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        polls.incrementAndGet();
                    }
                } catch (Exception e) {
                    violations.add("reader failed: " + e);
                }
            });
        }

        private void poll(Statement s) throws Exception {
            Set<Integer> dims = new TreeSet<>();
            long rows = 0;
            StringBuilder snapshot = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT c.name, c.cmetadata::text, (SELECT array_agg(DISTINCT "
                    + "vector_dims(e.embedding))::text FROM langchain_pg_embedding e WHERE e.collection_id = c.uuid), "
                    + "(SELECT count(*) FROM langchain_pg_embedding e WHERE e.collection_id = c.uuid) "
                    + "FROM langchain_pg_collection c")) {
                while (rs.next()) {
                    JsonNode p = JSON.readTree(rs.getString(2)).path("embedding");
                    String vectorDims = rs.getString(3);
                    rows += rs.getLong(4);
                    snapshot.append(rs.getString(1)).append(' ').append(p.path("model").asText()).append('/')
                            .append(p.path("dimension").asInt()).append(' ').append(vectorDims).append("; ");
                    int d = Integer.parseInt(vectorDims.replaceAll("[{}]", ""));
                    dims.add(d);
                    String expected = d == 64 ? OLD : NEW;
                    if (p.path("dimension").asInt() != d || !p.path("model").asText().equals(expected)) {
                        violations.add("collection and its vectors disagree: " + snapshot);
                    }
                }
            } catch (NumberFormatException e) {
                violations.add("a collection with vectors of several dimensions: " + snapshot);
                return;
            }
            if (dims.size() != 1 || rows != ROWS) {
                violations.add("a mixed or partial store: " + snapshot + " rows " + rows);
            }
            synchronized (storeDimensions) {
                storeDimensions.addAll(dims);
            }
        }

        @Override
        public void close() throws Exception {
            Thread.sleep(300);
            stop.set(true);
            done.get(30, TimeUnit.SECONDS);
        }
    }

    private static String columnType() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                        + "'langchain_pg_embedding'::regclass AND attname = 'embedding'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Set<String> recordedModels() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT cmetadata::text FROM langchain_pg_collection")) {
            while (rs.next()) {
                JsonNode p = JSON.readTree(rs.getString(1)).path("embedding");
                out.add(p.path("model").asText() + "/" + p.path("dimension").asInt());
            }
        }
        return out;
    }

    @Test
    void givenReadersPolling_whenReembeddedToAnotherDimension_thenTheySeeWholeOldOrWholeNewAndTheSetBringsTheOldBack()
            throws Exception {
        CliRunner.Result r;
        Reader reader = new Reader();
        try (reader) {
            while (reader.polls.get() < 5) {
                Thread.sleep(10);
            }
            r = cli.run("vector", "reembed", "--provider", "openai", "--model", NEW, "--dimension", "32", "--json");
        }

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(reader.violations).as("every snapshot whole old or whole new").isEmpty();
        assertThat(reader.storeDimensions).as("the readers saw the old store, then the new one").containsExactly(32, 64);
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("documents").asLong()).isEqualTo(ROWS);
        assertThat(report.get("embedded").asLong()).isEqualTo(report.get("distinct_texts").asLong());
        assertThat(model.embeddedTexts()).isEqualTo(report.get("distinct_texts").asLong());
        assertThat(report.at("/rewritten/sql").asLong()).isEqualTo(PAIRS);
        assertThat(report.at("/column_type/before").asText()).isEqualTo("vector(64)");
        assertThat(report.at("/column_type/after").asText()).isEqualTo("vector(32)");
        assertThat(report.at("/model_before/sql/model").asText()).isEqualTo(OLD);
        assertThat(report.at("/model_after/model").asText()).isEqualTo(NEW);
        assertThat(report.get("commit_outcome").asText()).isEqualTo("committed");
        assertThat(report.get("next_steps").toString()).contains("PIPELINE_EMBEDDING_MODEL=" + NEW)
                .contains("assistant's query embedding model");
        assertThat(columnType()).isEqualTo("vector(32)");
        assertThat(recordedModels()).containsExactly(NEW + "/32");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE vector_dims(embedding) = 32"))
                .isEqualTo(ROWS);
        assertThat(dataDir.resolve("reembed")).as("the resume cache is dropped after the commit")
                .isEmptyDirectory();
        CliRunner.Result stale = cli.run("vector", "search", "--collection", "sql", "How many rows of t1?");
        assertThat(stale.code()).as("the configured (old) model cannot search the new vectors: " + stale.err())
                .isNotZero();

        String ts = report.get("backup_timestamp").asText();
        CliRunner.Result restored = cli.run("vector", "restore", "--global", "--timestamp", ts,
                "--truncate-before-restore", "--json");

        assertThat(restored.code()).as(restored.out() + restored.err()).isZero();
        assertThat(columnType()).isEqualTo("vector(64)");
        assertThat(recordedModels()).containsExactly(OLD + "/64");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE vector_dims(embedding) = 64"))
                .isEqualTo(ROWS);
        CliRunner.Result search = cli.run("vector", "search", "--collection", "sql", "--json", "How many rows of t1?");
        assertThat(search.code()).as("the old model searches its store again: " + search.err()).isZero();
    }

    @Test
    void givenAnEndpointThatDiesHalfway_whenRunAgain_thenNothingChangedMeanwhileAndOnlyWhatIsLeftIsEmbedded()
            throws Exception {
        model.failEmbeddingsAfter(128);

        CliRunner.Result failed = cli.run("vector", "reembed", "--provider", "openai", "--model", NEW, "--dimension",
                "32", "--json");

        assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
        JsonNode f = JSON.readTree(failed.out());
        assertThat(f.get("error").asText()).contains("the store was not touched").contains("run the same command again");
        assertThat(model.embeddedTextsAnswered()).as("paid for: two batches, kept").isEqualTo(128);
        assertThat(columnType()).isEqualTo("vector(64)");
        assertThat(recordedModels()).containsExactly(OLD + "/64");
        assertThat(dataDir.resolve("vector_bak")).as("no set is begun before every text is embedded").doesNotExist();
        model.failEmbeddingsAfter(-1);
        model.resetCounters();

        CliRunner.Result dry = cli.run("vector", "reembed", "--provider", "openai", "--model", NEW, "--dimension", "32",
                "--dry-run", "--json");

        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        JsonNode d = JSON.readTree(dry.out());
        long texts = d.get("distinct_texts").asLong();
        assertThat(d.get("reused_from_cache").asLong()).isEqualTo(128);
        assertThat(d.at("/estimate/texts_to_embed").asLong()).isEqualTo(texts - 128);
        assertThat(model.embeddedTexts()).as("a dry run embeds only its sample").isEqualTo(8);
        assertThat(columnType()).isEqualTo("vector(64)");
        model.resetCounters();

        CliRunner.Result again = cli.run("vector", "reembed", "--provider", "openai", "--model", NEW, "--dimension",
                "32", "--json");

        assertThat(again.code()).as(again.out() + again.err()).isZero();
        JsonNode a = JSON.readTree(again.out());
        assertThat(model.embeddedTexts()).as("only what the first run did not embed").isEqualTo(texts - 128);
        assertThat(a.get("embedded").asLong()).isEqualTo(texts - 128);
        assertThat(a.get("reused_from_cache").asLong()).isEqualTo(128);
        assertThat(recordedModels()).containsExactly(NEW + "/32");
        assertThat(db.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE vector_dims(embedding) = 32"))
                .isEqualTo(ROWS);
    }

    @Test
    void givenAFixedColumn_whenOnlyOneCollectionIsNamed_thenTheRefusalNamesCollectionsAndNothingIsEmbedded()
            throws Exception {
        CliRunner.Result r = cli.run("vector", "reembed", "--provider", "openai", "--model", NEW, "--dimension", "32",
                "--collections", "sql");
        CliRunner.Result noDimension = cli.run("vector", "reembed", "--provider", "openai", "--model", NEW);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--collections [sql]").contains("vector(64)");
        assertThat(noDimension.code()).as(noDimension.err()).isEqualTo(2);
        assertThat(noDimension.err()).contains("dimension is required");
        assertThat(model.embeddedTexts()).isZero();
        assertThat(recordedModels()).containsExactly(OLD + "/64");
    }
}
