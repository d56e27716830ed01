package io.datapipeline.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that speaks the OpenAI-compatible chat and embeddings APIs (and Ollama's
 * {@code /api/embed}) with canned answers. Tests point the model adapters at {@link #baseUrl()}.
 *
 * <p>Chat answers are chosen by the caller ({@link #answerChat}); queued failures ({@link #failNext}) are
 * served first. Every request is recorded with its headers and body.
 */
public final class FakeModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received request. */
    public record Request(String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<int[]> failures = new ArrayDeque<>();
    private final Map<String, Integer> dimensions = new ConcurrentHashMap<>();
    private volatile Function<JsonNode, String> chat = body -> "{}";
    private volatile int embeddingDimension = 8;

    public FakeModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        // each request on a thread of its own: a slow answer (a test holding a call) does not hold the others
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-model-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The root URL (for Ollama, whose paths start with /api). */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How chat requests are answered: from the request body to the assistant's text. */
    public FakeModelServer answerChat(Function<JsonNode, String> answer) {
        this.chat = answer;
        return this;
    }

    public FakeModelServer embeddingDimension(int d) {
        this.embeddingDimension = d;
        return this;
    }

    /** The next {@code times} requests get HTTP {@code status}. */
    public synchronized FakeModelServer failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[] {status});
        }
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The system prompt of a chat request. */
    public static String system(JsonNode body) {
        return body.path("messages").path(0).path("content").asText();
    }

    /** The user prompt of a chat request. */
    public static String user(JsonNode body) {
        return body.path("messages").path(1).path("content").asText();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body;
        try {
            body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
        } catch (IOException e) {
            send(ex, 400, "{\"error\": \"bad json\"}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(path, Map.copyOf(ex.getRequestHeaders()), body));
        int[] failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            send(ex, failure[0], "{\"error\": {\"message\": \"injected failure\"}}");
            return;
        }
        switch (path) {
            case "/v1/chat/completions" -> {
                ObjectNode r = JSON.createObjectNode();
                r.putArray("choices").addObject().putObject("message").put("role", "assistant")
                        .put("content", chat.apply(body));
                send(ex, 200, r.toString());
            }
            case "/v1/embeddings" -> {
                ObjectNode r = JSON.createObjectNode();
                ArrayNode data = r.putArray("data");
                int i = 0;
                for (JsonNode text : body.path("input")) {
                    ObjectNode item = data.addObject();
                    item.put("index", i++);
                    vector(item.putArray("embedding"), text.asText());
                }
                send(ex, 200, r.toString());
            }
            case "/api/embed" -> {
                ObjectNode r = JSON.createObjectNode();
                ArrayNode all = r.putArray("embeddings");
                for (JsonNode text : body.path("input")) {
                    vector(all.addArray(), text.asText());
                }
                send(ex, 200, r.toString());
            }
            default -> send(ex, 404, "{\"error\": \"no such path " + path + "\"}");
        }
    }

    private void vector(ArrayNode array, String text) {
        int h = text.hashCode();
        for (int d = 0; d < embeddingDimension; d++) {
            array.add(((h >>> (d % 32)) & 0xff) / 255.0f - 0.5f);
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
