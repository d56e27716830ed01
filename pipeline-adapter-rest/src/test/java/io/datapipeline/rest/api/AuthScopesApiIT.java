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
        Api.Res prune = executor.post(V + "/prune", "{\"global\": true, \"keep\": 1, \"apply\": true}");
        Api.Res deleteTask = executor.delete(TASKS, "{\"task_ids\": [\"" + created.data().get("task_id").asText()
                + "\"], \"confirm\": true}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(executor.get(TASKS + "/" + created.data().get("task_id").asText()).status()).as("execute includes read")
                .isEqualTo(200);
        assertThat(backup.status()).as(backup.body()).isEqualTo(200);
        assertForbidden(truncating, "admin", "execute");
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
                .allSatisfy(r -> assertThat(Access.needed(r.getAnnotationMetadata())).isEqualTo(ApiScope.ADMIN));
    }
}
