package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Formats, retention, drills, downloads and schedules over HTTP: the fields the CLI has, the same errors, and two
 * servers on one database taking each scheduled slot exactly once.
 */
@ExtendWith(PostgresExtension.class)
class BackupLifecycleApiIT {

    private static TestDatabase vector;
    private static EmbeddedServer server;
    private static Path dataDir;
    private static Api api;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        dataDir = Files.createTempDirectory("rest-lifecycle");
        server = ApplicationContext.run(EmbeddedServer.class, props(db, dataDir, null, "api"));
        api = new Api(server.getURL().toString());
    }

    private static Map<String, Object> props(TestDatabase db, Path dir, String schedule, String instance) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", db.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dir.toString());
        props.put("pipeline.instance.id", instance);
        if (schedule != null) {
            props.put("pipeline.backup.schedule", schedule);
        }
        return props;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void resetStore() throws IOException {
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL), "
                + "('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02', 'ddl', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'row-' || g, CASE WHEN g % 2 = 0 "
                        + "THEN '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01'::uuid ELSE '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a02'::uuid "
                        + "END, array_fill((g % 7)::real, ARRAY[8])::vector, 'doc ' || g, '{}' FROM generate_series(1, 30) g");
        Path bak = dataDir.resolve("vector_bak");
        if (Files.isDirectory(bak)) {
            try (Stream<Path> s = Files.list(bak)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void backup(String fields) {
        Api.Res r = api.post("/api/v0/data_pipeline/vector/backup", "{" + fields + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String latestGlobal() {
        return api.get("/api/v0/data_pipeline/vector/restore/list?global_only=true").data()
                .at("/backup_locations/0/backups/0/timestamp").asText();
    }

    @Test
    void givenABinaryZstdBackup_whenListedAndDownloaded_thenTheListingShowsItsEncodingAndTheFileMatchesItsChecksum()
            throws Exception {
        backup("\"format\": \"binary\", \"compress\": \"zstd\"");
        JsonNode set = api.get("/api/v0/data_pipeline/vector/restore/list?global_only=true").data()
                .at("/backup_locations/0/backups/0");

        Api.Res file = api.get("/api/v0/data_pipeline/vector/global/files/" + set.get("embedding_file").asText());

        assertThat(set.get("format").asText()).isEqualTo("binary");
        assertThat(set.get("compression").asText()).isEqualTo("zstd");
        assertThat(set.get("instance").asText()).isEqualTo("api");
        assertThat(set.get("embedding_file").asText()).endsWith(".pgcopy.zst");
        assertThat(file.status()).isEqualTo(200);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.raw().body()));
        assertThat(file.raw().headers().firstValue("X-Content-SHA256")).contains(sha);
        assertThat(file.raw().headers().firstValue("Content-Length")).contains(String.valueOf(file.raw().body().length));
        Api.Res manifest = api.get("/api/v0/data_pipeline/vector/global/files/manifest_" + set.get("timestamp").asText()
                + ".json");
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.body()).contains("\"data_format\" : \"binary\"");
        assertThat(api.get("/api/v0/data_pipeline/vector/global/files/..%2Fsecret").status()).isEqualTo(404);
        assertThat(api.get("/api/v0/data_pipeline/vector/global/files/.lock").status()).isEqualTo(404);
    }

    @Test
    void givenBadFields_whenBackingUpOrPruning_thenA400NamesTheField() {
        Api.Res format = api.post("/api/v0/data_pipeline/vector/backup", "{\"format\": \"bin\"}");
        Api.Res keep = api.post("/api/v0/data_pipeline/vector/prune", "{\"global\": true, \"keep\": \"2\"}");
        Api.Res age = api.post("/api/v0/data_pipeline/vector/prune", "{\"global\": true, \"max_age\": \"30 days\"}");
        Api.Res scope = api.post("/api/v0/data_pipeline/vector/prune", "{\"keep\": 2}");
        Api.Res rule = api.post("/api/v0/data_pipeline/vector/prune", "{\"all\": true}");
        Api.Res apply = api.post("/api/v0/data_pipeline/vector/prune", "{\"global\": true, \"keep\": 1, \"apply\": \"yes\"}");

        assertThat(List.of(format, keep, age, scope, rule, apply)).allSatisfy(r -> assertThat(r.status()).as(r.body())
                .isEqualTo(400));
        assertThat(format.body()).contains("format").contains("csv or binary");
        assertThat(keep.body()).contains("keep");
        assertThat(age.body()).contains("max_age").contains("30d");
        assertThat(scope.body()).contains("task_id").contains("global");
        assertThat(rule.body()).contains("keep").contains("max_age");
        assertThat(apply.body()).contains("apply");
    }

    @Test
    void givenThreeSets_whenPrunedOverHttp_thenTheDryRunAndTheApplyAgreeAndTheNewestStays() {
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backup("");
            sets.add(latestGlobal());
        }

        Api.Res dry = api.post("/api/v0/data_pipeline/vector/prune", "{\"global\": true, \"keep\": 1}");
        Api.Res applied = api.post("/api/v0/data_pipeline/vector/prune", "{\"global\": true, \"keep\": 1, \"apply\": true}");
        Api.Res refused = api.post("/api/v0/data_pipeline/vector/delete", "{\"global\": true, \"timestamp\": \""
                + sets.get(2) + "\", \"yes\": true}");
        Api.Res unconfirmed = api.post("/api/v0/data_pipeline/vector/delete", "{\"global\": true, \"timestamp\": \""
                + sets.get(2) + "\"}");

        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(stamps(dry.data().get("would_delete"))).containsExactlyInAnyOrder(sets.get(0), sets.get(1));
        assertThat(stamps(applied.data().get("deleted"))).isEqualTo(stamps(dry.data().get("would_delete")));
        assertThat(latestGlobal()).isEqualTo(sets.get(2));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("newest complete, verified");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("yes");
    }

    private static List<String> stamps(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.get("timestamp").asText()));
        return out.stream().sorted().toList();
    }

    @Test
    void givenASet_whenVerifiedWithARestoreTestAndRestoredByCollection_thenBothAnswerInTheirOwnFields() {
        backup("\"format\": \"binary\"");
        String ts = latestGlobal();
        vector.execute("DELETE FROM langchain_pg_embedding WHERE document IN ('doc 2', 'doc 3')");

        Api.Res verified = api.post("/api/v0/data_pipeline/vector/verify", "{\"timestamp\": \"" + ts
                + "\", \"restore_test\": true}");
        Api.Res restored = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts
                + "\", \"collections\": [\"sql\"], \"truncate_before_restore\": true}");

        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.data().at("/restore_test/restorable").asBoolean()).isTrue();
        assertThat(verified.data().at("/restore_test/tables/langchain_pg_embedding/ok").asBoolean()).isTrue();
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.data().at("/collection_results/sql/embeddings_inserted").asLong()).isEqualTo(15);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE document = 'doc 2'")).isEqualTo(1);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding WHERE document = 'doc 3'")).isZero();
    }

    @Test
    void givenAnExclusiveRestore_whenAskedWellAndBadly_thenItReplacesOrAnswers400NamingTheField() {
        backup("\"format\": \"binary\"");
        String ts = latestGlobal();
        long rows = vector.queryLong("SELECT count(*) FROM langchain_pg_embedding");
        vector.execute("DELETE FROM langchain_pg_embedding WHERE document IN ('doc 2', 'doc 3')");

        Api.Res notABoolean = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts
                + "\", \"truncate_before_restore\": true, \"exclusive\": \"yes\"}");
        Api.Res withoutReplace = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts
                + "\", \"exclusive\": true}");
        Api.Res withCollections = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts
                + "\", \"truncate_before_restore\": true, \"exclusive\": true, \"collections\": [\"sql\"]}");
        long afterRefusals = vector.queryLong("SELECT count(*) FROM langchain_pg_embedding");
        Api.Res restored = api.post("/api/v0/data_pipeline/vector/restore", "{\"timestamp\": \"" + ts
                + "\", \"truncate_before_restore\": true, \"exclusive\": true}");

        assertThat(notABoolean.status()).as(notABoolean.body()).isEqualTo(400);
        assertThat(notABoolean.data().get("field").asText()).isEqualTo("exclusive");
        assertThat(withoutReplace.status()).as(withoutReplace.body()).isEqualTo(400);
        assertThat(withoutReplace.data().get("field").asText()).isEqualTo("exclusive");
        assertThat(withCollections.status()).as(withCollections.body()).isEqualTo(400);
        assertThat(afterRefusals).as("nothing changed by the refusals").isEqualTo(rows - 2);
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(rows);
    }

    @Test
    void givenTwoServersWithOneSchedule_whenSeveralSlotsPass_thenEachSlotIsBackedUpByExactlyOneOfThem()
            throws Exception {
        Path dirA = Files.createTempDirectory("sched-a");
        Path dirB = Files.createTempDirectory("sched-b");
        vector.execute("DELETE FROM pipeline_backup_slots");
        try (EmbeddedServer a = ApplicationContext.run(EmbeddedServer.class, props(vector, dirA, "*/2 * * * * *",
                "server-a"));
                EmbeddedServer b = ApplicationContext.run(EmbeddedServer.class, props(vector, dirB, "*/2 * * * * *",
                        "server-b"))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (vector.queryLong("SELECT count(*) FROM pipeline_backup_slots WHERE finished_at IS NOT NULL") < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        List<String> all = new ArrayList<>(slots(dirA));
        all.addAll(slots(dirB));
        List<String> complete = slotsWhere("outcome = 'complete'");
        List<String> claimed = slotsWhere("true");

        assertThat(complete).hasSizeGreaterThanOrEqualTo(3);
        assertThat(all).as("a slot backed up twice").doesNotHaveDuplicates();
        assertThat(all).containsAll(complete);
        assertThat(claimed).containsAll(all);
        assertThat(vector.queryLong("SELECT count(*) FROM pipeline_backup_slots WHERE instance NOT IN "
                + "('server-a', 'server-b')")).isZero();
    }

    private static List<String> slotsWhere(String condition) throws Exception {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = vector.connect(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT slot FROM pipeline_backup_slots WHERE " + condition)) {
            while (rs.next()) {
                out.add(rs.getTimestamp(1).toInstant().toString());
            }
        }
        return out;
    }

    /** The schedule slots recorded in the manifests of a server's global sets. */
    private static List<String> slots(Path dir) throws IOException {
        Path bak = dir.resolve("vector_bak");
        if (!Files.isDirectory(bak)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(bak)) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("manifest_")).toList()) {
                JsonNode m = Api.JSON.readTree(p.toFile());
                out.add(m.get("schedule_slot").asText());
            }
        }
        return out;
    }
}
