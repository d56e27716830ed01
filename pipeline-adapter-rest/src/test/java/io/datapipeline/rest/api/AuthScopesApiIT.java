package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.postgres.testing.LangChainSchema;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scoped tokens on a real server: read looks, execute acts, admin destroys; 401 without a token, 403 without scope. */
@ExtendWith(PostgresExtension.class)
class AuthScopesApiIT {

    private static final String V = "/api/v0/data_pipeline/vector";
    private static final String TASKS = "/api/v0/data_pipeline/tasks";
    private static TestDatabase vector;
    private static EmbeddedServer server;
    private static Api anonymous;
    private static Api reader;
    private static Api executor;
    private static Api admin;
    private static Api legacy;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", db.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", Files.createTempDirectory("rest-auth").toString());
        props.put("pipeline.api.token", "l3gacy-full-access");
        props.put("pipeline.api.tokens", "r3ader-t0ken:read, ex3cutor-t0ken:execute, adm1n-t0ken:admin");
        props.put("pipeline.embedding.provider", "offline");
        props.put("pipeline.embedding.dimension", "8");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        anonymous = new Api(server.getURL().toString());
        reader = anonymous.withToken("r3ader-t0ken");
        executor = anonymous.withToken("ex3cutor-t0ken");
        admin = anonymous.withToken("adm1n-t0ken");
        legacy = anonymous.withToken("l3gacy-full-access");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void store() {
        vector.execute("DROP TABLE IF EXISTS langchain_pg_embedding, langchain_pg_collection CASCADE");
        vector.execute(LangChainSchema.G2);
        vector.execute("INSERT INTO langchain_pg_collection VALUES ('6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', 'sql', NULL)",
                "INSERT INTO langchain_pg_embedding SELECT 'row-' || g, '6f1c2a52-4bde-4c5e-9d7e-3d2d3b1c0a01', "
                        + "array_fill(0.5::real, ARRAY[8])::vector, 'doc', '{}' FROM generate_series(1, 3) g");
    }

    private static String backupTimestamp() {
        Api.Res backup = admin.post(V + "/backup", "{}");
        assertThat(backup.status()).as(backup.body()).isEqualTo(200);
        return backup.data().get("backup_timestamp").asText();
    }

    private static void assertForbidden(Api.Res r, String scope, String tokenScope) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().get("code").asInt()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("forbidden");
        assertThat(r.data().get("required_scope").asText()).isEqualTo(scope);
        assertThat(r.data().get("token_scope").asText()).isEqualTo(tokenScope);
        assertThat(r.data().get("response").asText()).contains("needs a token with scope " + scope);
        assertThat(r.body()).doesNotContain("t0ken").doesNotContain("l3gacy");
    }

    @Test
    void givenAReadToken_whenRestoring_then403NamingAdminAndTheStoreIsUntouched() {
        String ts = backupTimestamp();
        vector.execute("DELETE FROM langchain_pg_embedding WHERE id = 'row-1'");

        Api.Res restore = reader.post(V + "/restore", "{\"timestamp\": \"" + ts + "\", \"truncate_before_restore\": true}");

        assertForbidden(restore, "admin", "read");
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(2);
    }

    @Test
    void givenAReadToken_whenLooking_thenListsStatusQueriesAndVerifyWork() {
        String ts = backupTimestamp();

        assertThat(reader.get(TASKS).status()).isEqualTo(200);
        assertThat(reader.post(TASKS + "/query", "{}").status()).isEqualTo(200);
        assertThat(reader.get(V + "/restore/list").status()).isEqualTo(200);
        assertThat(reader.post(V + "/verify", "{\"timestamp\": \"" + ts + "\"}").data().get("verified").asBoolean())
                .isTrue();
        assertThat(reader.post(V + "/prune", "{\"global\": true, \"keep\": 1}").status()).as("a dry run").isEqualTo(200);
        assertThat(reader.post(V + "/dedupe", "{}").status()).as("a dry run").isEqualTo(200);
    }

    @Test
    void givenAReadToken_whenActing_then403NamingExecute() {
        assertForbidden(reader.post(TASKS, "{\"db_connection\": \"postgresql://u@h/db\"}"), "execute", "read");
        assertForbidden(reader.post(V + "/backup", "{}"), "execute", "read");
        assertForbidden(reader.post(TASKS + "/task_20250721_113010/execute", "{}"), "execute", "read");
    }

    @Test
    void givenAnExecuteToken_whenActingAndDestroying_thenActingWorksAndDestroyingIs403NamingAdmin() {
        Api.Res created = executor.post(TASKS, "{\"db_connection\": \"postgresql://u@h/db\"}");
        Api.Res backup = executor.post(V + "/backup", "{}");
        Api.Res truncating = executor.post(V + "/backup", "{\"truncate_vector_tables\": true}");
        Api.Res apply = executor.post(V + "/dedupe", "{\"apply\": true}");
        Api.Res reembed = executor.post(V + "/reembed", "{\"provider\": \"offline\"}");
        Api.Res prune = executor.post(V + "/prune", "{\"global\": true, \"keep\": 1, \"apply\": true}");
        Api.Res deleteTask = executor.delete(TASKS, "{\"task_ids\": [\"" + created.data().get("task_id").asText()
                + "\"], \"confirm\": true}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(executor.get(TASKS + "/" + created.data().get("task_id").asText()).status()).as("execute includes read")
                .isEqualTo(200);
        assertThat(backup.status()).as(backup.body()).isEqualTo(200);
        assertForbidden(truncating, "admin", "execute");
        assertForbidden(reembed, "admin", "execute");
        assertThat(reembed.data().get("response").asText()).startsWith("a re-embed of the store needs a token with scope "
                + "admin");
        assertThat(truncating.data().get("response").asText()).startsWith("a backup with \"truncate_vector_tables\"");
        assertForbidden(apply, "admin", "execute");
        assertForbidden(prune, "admin", "execute");
        assertForbidden(deleteTask, "admin", "execute");
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(3);
    }

    @Test
    void givenAnAdminToken_whenRestoringAndTruncating_thenBothWork() {
        String ts = backupTimestamp();
        vector.execute("DELETE FROM langchain_pg_embedding WHERE id = 'row-1'");

        Api.Res restore = admin.post(V + "/restore", "{\"timestamp\": \"" + ts + "\", \"truncate_before_restore\": true}");
        Api.Res truncate = admin.post(V + "/backup", "{\"truncate_vector_tables\": true}");

        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
        assertThat(truncate.status()).as(truncate.body()).isEqualTo(200);
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isZero();
    }

    @Test
    void givenTheSingleLegacyToken_whenRestoring_thenItStillHasFullAccess() {
        String ts = backupTimestamp();

        Api.Res restore = legacy.post(V + "/restore", "{\"timestamp\": \"" + ts + "\", \"truncate_before_restore\": true}");

        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
    }

    @Test
    void givenNoOrAnUnknownToken_whenCalling_then401AndNoTokenIsEchoed() {
        Api.Res none = anonymous.get(TASKS);
        Api.Res unknown = anonymous.withToken("r3ader-t0ken-but-longer").get(TASKS);
        Api.Res scopeAsToken = anonymous.withToken("r3ader-t0ken:read").get(TASKS);
        Api.Res noRoute = reader.get("/api/v0/data_pipeline/no/such/thing");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorType()).isEqualTo("unauthorized");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(scopeAsToken.status()).isEqualTo(401);
        assertThat(noRoute.status()).as("any valid token may learn a route does not exist").isEqualTo(404);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        assertThat(none.body() + unknown.body() + scopeAsToken.body()).doesNotContain("t0ken").doesNotContain("l3gacy");
    }

    // ------------------------------------------------------------------ executions: who may replace the store

    /** A task created and given training files by the execute token, as a CI job would. */
    private static String taskWithTrainingFiles() {
        Api.Res created = executor.post(TASKS, "{\"db_connection\": \"postgresql://u@h/db\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.data().get("task_id").asText();
        Api.Res up = executor.upload(TASKS + "/" + id + "/files", "ci_pair.json",
                "[{\"question\": \"How many shops?\", \"sql\": \"SELECT count(*) FROM shop;\"}]"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        return id;
    }

    private static JsonNode waitForEnd(Api api, String taskId, String executionId) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode e = api.get(TASKS + "/" + taskId + "/executions/" + executionId).data();
        while (e.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            e = api.get(TASKS + "/" + taskId + "/executions/" + executionId).data();
        }
        return e;
    }

    private static int executions(String taskId) {
        return admin.get(TASKS + "/" + taskId + "/executions").data().get("total").asInt();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", \"truncate_vector_tables\": true}",
        "{\"execution_mode\": \"complete\", \"truncate_vector_tables\": true}",
        "{\"execution_mode\": \"resume\", \"truncate_vector_tables\": true}",
        "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", \"truncate_vector_tables\": true, "
                + "\"truncate_scope\": \"loaded_collections\"}",
        "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", \"truncate_vector_tables\": true, "
                + "\"skip_training\": true}"})
    void givenAnExecuteToken_whenAnExecutionWouldTruncate_then403NamingAdminNothingRecordedAndTheStoreUntouched(
            String body) {
        String task = taskWithTrainingFiles();
        Api.Res execute = executor.post(TASKS + "/" + task + "/execute", body);
        Api.Res preview = executor.post(TASKS + "/" + task + "/execute/preview", body);

        assertForbidden(execute, "admin", "execute");
        assertThat(execute.data().get("response").asText())
                .startsWith("an execution with \"truncate_vector_tables\": true needs a token with scope admin");
        assertForbidden(preview, "admin", "execute");
        assertThat(executions(task)).as("a refused execution is not recorded").isZero();
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).isEqualTo(3);
    }

    @Test
    void givenAnExecuteToken_whenLoadingItsOwnFilesWithoutTruncate_thenItIsAcceptedAndOnlyAddsRows()
            throws InterruptedException {
        String task = taskWithTrainingFiles();

        Api.Res load = executor.post(TASKS + "/" + task + "/execute",
                "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", \"backup_vector_tables\": true}");

        assertThat(load.status()).as(load.body()).isEqualTo(202);
        JsonNode ended = waitForEnd(executor, task, load.data().get("execution_id").asText());
        assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).as("3 old rows kept, 1 added")
                .isEqualTo(4);
    }

    @Test
    void givenAnExecuteToken_whenTheTruncateFlagIsIgnoredOutsideTrainingLoad_thenTheStepIsAcceptedWithTheWarning() {
        String task = taskWithTrainingFiles();

        Api.Res step = executor.post(TASKS + "/" + task + "/execute/preview",
                "{\"execution_mode\": \"step\", \"step_name\": \"qa_generation\", \"truncate_vector_tables\": true}");

        assertThat(step.status()).as("the policy ignores the flag there, so nothing needs admin").isEqualTo(200);
        assertThat(step.data().get("warnings").toString()).contains("only apply to training_load");
        assertThat(step.data().at("/vector_management/truncate").asBoolean()).isFalse();
    }

    @Test
    void givenAReadToken_whenPreviewing_thenALookNeedsReadAndATruncatingPreviewNeedsAdmin() {
        String task = taskWithTrainingFiles();
        String truncating = "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", "
                + "\"truncate_vector_tables\": true}";

        Api.Res look = reader.post(TASKS + "/" + task + "/execute/preview",
                "{\"execution_mode\": \"step\", \"step_name\": \"training_load\"}");
        Api.Res truncate = reader.post(TASKS + "/" + task + "/execute/preview", truncating);
        Api.Res asAdmin = admin.post(TASKS + "/" + task + "/execute/preview", truncating);

        assertThat(look.status()).as(look.body()).isEqualTo(200);
        assertForbidden(truncate, "admin", "read");
        assertThat(asAdmin.status()).as(asAdmin.body()).isEqualTo(200);
        assertThat(asAdmin.data().at("/vector_management/truncate").asBoolean()).isTrue();
    }

    @Test
    void givenAnAdminToken_whenExecutingATruncatingReload_thenItIsAcceptedAndReplacesTheStore()
            throws InterruptedException {
        String task = taskWithTrainingFiles();

        Api.Res reload = admin.post(TASKS + "/" + task + "/execute",
                "{\"execution_mode\": \"step\", \"step_name\": \"training_load\", \"truncate_vector_tables\": true}");

        assertThat(reload.status()).as(reload.body()).isEqualTo(202);
        JsonNode ended = waitForEnd(admin, task, reload.data().get("execution_id").asText());
        assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(vector.queryLong("SELECT count(*) FROM langchain_pg_embedding")).as("replaced by the task's one pair")
                .isEqualTo(1);
    }

    @Test
    void givenAnExecuteToken_whenBackingUpIntoAFolderNoTaskHas_then403AndNoFolderIsMade() throws IOException {
        String task = taskWithTrainingFiles();
        Path dataDir = Path.of(server.getApplicationContext().getProperty("pipeline.data.dir", String.class).orElseThrow());

        Api.Res invented = executor.post(V + "/backup", "{\"task_id\": \"false\"}");
        Api.Res existing = executor.post(V + "/backup", "{\"task_id\": \"" + task + "\"}");
        Api.Res byAdmin = admin.post(V + "/backup", "{\"task_id\": \"new_folder_by_admin\"}");

        assertForbidden(invented, "admin", "execute");
        assertThat(invented.data().get("response").asText())
                .startsWith("a backup into the folder of a task that does not exist needs a token with scope admin");
        assertThat(dataDir.resolve("false")).doesNotExist();
        assertThat(existing.status()).as(existing.body()).isEqualTo(200);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(dataDir.resolve("new_folder_by_admin").resolve("vector_bak")).isDirectory();
    }

    @Test
    void givenEveryApiRoute_whenInspected_thenEachDeclaresItsScopeAndTheOpenApiDocumentSaysTheSame() throws IOException {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(anonymous.get("/openapi.yml").body()).get("paths");
        List<UriRouteInfo<?, ?>> routes = server.getApplicationContext().getBean(Router.class).uriRoutes()
                .filter(r -> r.getUriMatchTemplate().toString().startsWith("/api/"))
                .filter(r -> !r.getHttpMethodName().equals("HEAD")).toList();

        assertThat(routes).hasSizeGreaterThan(20);
        assertThat(routes).allSatisfy(r -> {
            String what = r.getHttpMethodName() + " " + r.getUriMatchTemplate();
            assertThat(Access.declared(r.getAnnotationMetadata())).as(what + " declares @RequiredScope").isPresent();
            JsonNode security = paths.path(r.getUriMatchTemplate().toString()).path(r.getHttpMethodName()
                    .toLowerCase(java.util.Locale.ROOT)).path("security");
            assertThat(security.toString()).as(what + " in the OpenAPI document")
                    .isEqualTo("[{\"bearer\":[\"" + Access.needed(r.getAnnotationMetadata()).wire() + "\"]}]");
        });
        assertThat(routes).filteredOn(r -> r.getUriMatchTemplate().toString().endsWith("/vector/restore")
                && r.getHttpMethodName().equals("POST")).isNotEmpty()
                .allSatisfy(r -> assertThat(Access.needed(r.getAnnotationMetadata()))
                        .isEqualTo(io.datapipeline.core.domain.AccessPolicy.restore().scope()));
        // an operation whose body can make it destructive says which fields need admin, as AccessPolicy decides
        Map<String, String> bodyDependent = Map.of(
                "/api/v0/data_pipeline/tasks/{task_id}/execute", "truncate_vector_tables",
                "/api/v0/data_pipeline/tasks/{task_id}/execute/preview", "truncate_vector_tables",
                "/api/v0/data_pipeline/vector/backup", "truncate_vector_tables",
                "/api/v0/data_pipeline/vector/dedupe", "apply",
                "/api/v0/data_pipeline/vector/prune", "apply",
                "/api/v0/data_pipeline/vector/reembed", "dry_run");
        bodyDependent.forEach((path, field) -> assertThat(paths.path(path).path("post").path("x-admin-scope-when")
                .has(field)).as(path + " names " + field + " under x-admin-scope-when").isTrue());
        assertThat(paths.path("/api/v0/data_pipeline/vector/backup").path("post").path("x-admin-scope-when")
                .has("task_id")).isTrue();
    }
}
