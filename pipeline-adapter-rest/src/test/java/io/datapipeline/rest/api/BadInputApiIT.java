package io.datapipeline.rest.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.datapipeline.postgres.testing.PostgresExtension;
import io.datapipeline.postgres.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Inputs a fuzz answered with a 500: each is a 4xx in the envelope now, on a real server and real PostgreSQL; and a
 * real server-side failure says "internal error" with a correlation id that the server log carries, nothing more.
 */
@ExtendWith(PostgresExtension.class)
class BadInputApiIT {

    private static final String TASKS = "/api/v0/data_pipeline/tasks";
    private static TestDatabase vector;
    private static EmbeddedServer server;
    private static Path dataDir;
    private static Api api;

    @BeforeAll
    static void start(TestDatabase db) throws IOException {
        vector = db;
        dataDir = Files.createTempDirectory("rest-bad-input");
        server = ApplicationContext.run(EmbeddedServer.class, props(db, dataDir));
        api = new Api(server.getURL().toString());
    }

    private static Map<String, Object> props(TestDatabase db, Path dir) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("pipeline.db.url", db.jdbcUrlWithCredentials());
        props.put("pipeline.data.dir", dir.toString());
        return props;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String business() {
        return "postgresql://" + vector.user() + "@" + vector.host() + ":" + vector.port() + "/" + vector.name();
    }

    private static void assertEnvelope(Api.Res r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json()).as("a JSON envelope: " + r.body()).isNotNull();
        assertThat(r.json().get("code").asInt()).isEqualTo(status);
        assertThat(r.json().get("success").asBoolean()).isFalse();
        if (field != null) {
            assertThat(r.data().get("field").asText()).as(r.body()).isEqualTo(field);
        }
    }

    // ------------------------------------------------------------------ NUL and other control characters

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"task_name", "db_name", "business_context"})
    void givenANulCharacterInATextFieldOfCreate_whenPosted_then400NamesTheFieldAndNoTaskIsCreated(String field) {
        long before = vector.queryLong("SELECT count(*) FROM pipeline_tasks");

        Api.Res r = api.post(TASKS, "{\"db_connection\": \"" + business() + "\", \"" + field + "\": \"a\\u0000b\"}");

        assertEnvelope(r, 400, field);
        assertThat(r.data().get("response").asText()).contains("control character");
        assertThat(vector.queryLong("SELECT count(*) FROM pipeline_tasks")).isEqualTo(before);
    }

    @Test
    void givenAControlCharacterInTheTaskName_whenPosted_then400ButLineBreaksInTheBusinessContextAreFine() {
        Api.Res bell = api.post(TASKS, "{\"db_connection\": \"" + business() + "\", \"task_name\": \"a\\u0007b\"}");
        Api.Res multiLine = api.post(TASKS, "{\"db_connection\": \"" + business() + "\", \"business_context\": "
                + "\"shops\\nand their cities\\tby region\"}");

        assertEnvelope(bell, 400, "task_name");
        assertThat(multiLine.status()).as(multiLine.body()).isEqualTo(201);
    }

    @Test
    void givenANulCharacterInTheConnectionString_whenPosted_then400NamesDbConnection() {
        Api.Res r = api.post(TASKS, "{\"db_connection\": \"postgresql://u@h\\u0000ost/db\"}");

        assertEnvelope(r, 400, "db_connection");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"task_name", "db_name"})
    void givenANulCharacterInAQueryFilter_whenQuerying_then400NamesTheFilter(String field) {
        Api.Res r = api.post(TASKS + "/query", "{\"" + field + "\": \"x\\u0000\"}");

        assertEnvelope(r, 400, field);
    }

    // ------------------------------------------------------------------ lengths of the task columns

    @Test
    void givenNamesAtTheColumnSizes_whenCreating_thenTheyAreStoredAndOneCharacterMoreIs400() {
        String name255 = "n".repeat(254) + "名";
        String db100 = "d".repeat(100);

        Api.Res ok = api.post(TASKS, "{\"db_connection\": \"" + business() + "\", \"task_name\": \"" + name255
                + "\", \"db_name\": \"" + db100 + "\"}");
        Api.Res longName = api.post(TASKS, "{\"db_connection\": \"" + business() + "\", \"task_name\": \"" + name255
                + "x\"}");
        Api.Res longDb = api.post(TASKS, "{\"db_connection\": \"" + business() + "\", \"db_name\": \"" + db100
                + "x\"}");
        Api.Res longFilter = api.post(TASKS + "/query", "{\"db_name\": \"" + db100 + "x\"}");

        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(vector.queryString("SELECT task_name FROM pipeline_tasks WHERE task_id = '"
                + ok.data().get("task_id").asText() + "'")).isEqualTo(name255);
        assertEnvelope(longName, 400, "task_name");
        assertThat(longName.data().get("response").asText()).contains("255");
        assertEnvelope(longDb, 400, "db_name");
        assertThat(longDb.data().get("response").asText()).contains("100");
        assertEnvelope(longFilter, 400, "db_name");
    }

    // ------------------------------------------------------------------ request sizes

    @Test
    void givenAJsonBodyBetween10And12MB_whenPosted_thenItIsReadAndJudgedLikeAnyOtherBody() {
        String body = "{\"db_connection\": \"" + business() + "\", \"padding\": \"" + "x".repeat(11 * 1024 * 1024)
                + "\"}";

        Api.Res r = api.post(TASKS, body);

        assertEnvelope(r, 400, "padding");
    }

    @Test
    void givenABodyOverTheRequestLimit_whenPosted_then413InTheEnvelopeNamingTheLimit() {
        String body = "{\"db_connection\": \"" + business() + "\", \"padding\": \"" + "x".repeat(13 * 1024 * 1024)
                + "\"}";

        Api.Res r = api.post(TASKS, body);

        assertEnvelope(r, 413, "body");
        assertThat(r.data().get("response").asText()).contains("12 MB");
    }

    // ------------------------------------------------------------------ malformed and oversized requests

    @Test
    void givenAMalformedPercentEscapeInThePath_whenRequested_then400() throws IOException {
        Api.Res r = raw("GET " + TASKS + "/% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Api.Res half = raw("GET " + TASKS + "/task_%2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertEnvelope(r, 400, "path");
        assertThat(r.data().get("response").asText()).contains("%-escape");
        assertEnvelope(half, 400, "path");
        Api.Res query = raw("GET " + TASKS + "?status=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(query.status()).as(query.body()).isBetween(400, 499);
    }

    @Test
    void givenARequestLineOver4KB_whenSent_then414InTheEnvelope() throws IOException {
        Api.Res r = raw("GET " + TASKS + "?limit=" + "1".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

        assertEnvelope(r, 414, "request_line");
        assertThat(r.data().get("response").asText()).contains("4 KB");
    }

    @Test
    void givenAHeaderOver8KB_whenSent_then431InTheEnvelope() {
        Api.Res r = api.send("GET", TASKS, null, null, Map.of("X-Padding", "p".repeat(9000)));

        assertEnvelope(r, 431, "headers");
        assertThat(r.data().get("response").asText()).contains("8 KB");
    }

    /** Sends a request as it is (an HTTP client refuses to build these) and reads the answer until the close. */
    private static Api.Res raw(String request) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            assertThat(split).as(response).isPositive();
            String head = response.substring(0, split);
            String body = response.substring(split + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                StringBuilder joined = new StringBuilder();
                int at = 0;
                while (true) {
                    int eol = body.indexOf("\r\n", at);
                    int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    joined.append(body, eol + 2, eol + 2 + size);
                    at = eol + 2 + size + 2;
                }
                body = joined.toString();
            }
            int status = Integer.parseInt(head.substring(9, 12));
            return new Api.Res(status, body, head.toLowerCase(java.util.Locale.ROOT).contains("json")
                    ? Api.JSON.readTree(body) : null, null);
        }
    }

    // ------------------------------------------------------------------ secrets in connection strings

    @Test
    void givenAPasswordWithAQuestionMarkAndABadPort_whenCreating_then400WithoutAnyPartOfThePassword() {
        Api.Res r = api.post(TASKS, "{\"db_connection\": \"postgresql://user:pa?ss/w@rd@host:bad/db\"}");

        assertEnvelope(r, 400, "db_connection");
        assertThat(r.data().get("response").asText()).contains("port");
        assertThat(r.body()).doesNotContain("pa?ss").doesNotContain("w@rd");
    }

    // ------------------------------------------------------------------ real failures

    @Test
    void givenADataDirectoryBelowItsFreeSpaceFloor_whenBackingUp_then507NamingTheFloorAndNoSetIsWritten()
            throws IOException {
        Path dir = Files.createTempDirectory("rest-floor");
        Map<String, Object> props = props(vector, dir);
        props.put("pipeline.backup.min.free.space", "1000000TB");
        try (EmbeddedServer floored = ApplicationContext.run(EmbeddedServer.class, props)) {
            Api.Res r = new Api(floored.getURL().toString()).post("/api/v0/data_pipeline/vector/backup", "{}");

            assertEnvelope(r, 507, null);
            assertThat(r.errorType()).isEqualTo("insufficient_storage");
            assertThat(r.data().get("response").asText()).contains("PIPELINE_BACKUP_MIN_FREE_SPACE")
                    .contains("nothing was written or changed");
            assertThat(dir.resolve("vector_bak")).doesNotExist();
        }
    }

    @Test
    void givenAServerSideFailure_whenCalled_then500SaysInternalErrorWithACorrelationIdThatTheLogCarries() {
        TestDatabase broken = vector.sibling("broken");
        Logger log = (Logger) LoggerFactory.getLogger(ErrorHandlers.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try (EmbeddedServer other = ApplicationContext.run(EmbeddedServer.class, props(broken, dataDir))) {
            broken.execute("ALTER TABLE pipeline_tasks RENAME TO pipeline_tasks_gone");

            Api.Res r = new Api(other.getURL().toString()).get(TASKS);

            assertEnvelope(r, 500, null);
            assertThat(r.errorType()).isEqualTo("internal_error");
            String id = r.data().get("correlation_id").asText();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(r.data().get("response").asText()).isEqualTo("internal error (correlation id " + id + ")");
            assertThat(r.body()).doesNotContain("pipeline_tasks").doesNotContain("does not exist")
                    .doesNotContain("Exception");
            assertThat(appender.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("correlation_id=" + id);
                assertThat(e.getThrowableProxy()).isNotNull();
            });
        } finally {
            log.detachAppender(appender);
        }
    }

    /**
     * A client that writes its whole body before it reads (curl without Expect, most scripts): over the limit the
     * server answers 413 and closes the connection, so the client sees the answer instead of blocking on its write.
     */
    @ParameterizedTest
    @ValueSource(strings = {"multipart", "json"})
    void givenAClientThatWrites13MbBeforeReading_whenOverTheLimit_thenItReads413WithinTwoSeconds(String kind)
            throws Exception {
        Api.Res created = api.post(TASKS, "{\"db_connection\": \"" + business() + "\"}");
        String path = kind.equals("multipart") ? TASKS + "/" + created.data().get("task_id").asText() + "/files" : TASKS;
        byte[] payload = new byte[13 * 1024 * 1024];
        java.util.Arrays.fill(payload, (byte) 'x');
        String boundary = "----b0undary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big_pair.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + payload.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(payload, 0, body, head.length, payload.length);
        System.arraycopy(tail, 0, body, head.length + payload.length, tail.length);
        String type = kind.equals("multipart") ? "multipart/form-data; boundary=" + boundary : "application/json";

        java.util.concurrent.ExecutorService client = java.util.concurrent.Executors.newSingleThreadExecutor();
        long t0 = System.nanoTime();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            java.util.concurrent.Future<String> answer = client.submit(() -> {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException closedWhileWriting) {
                    // the server may close before the last bytes arrive; its answer is already in our socket buffer
                }
                InputStream in = socket.getInputStream();
                return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            });
            String response = answer.get(2, java.util.concurrent.TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
            assertThat(response).contains("12 MB");
            assertThat(seconds).isLessThan(2.0);
        } finally {
            client.shutdownNow();
        }
    }
}
