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
 * <p>Chat answers are chosen by the caller ({@link #answerChat}); queued failures ({@link #failNext},
 * {@link #rateLimitNext}) are served first. Every request is recorded with its headers, body and arrival time. A chat
 * answer can be made to take a while ({@link #chatLatency}); the server counts the chat requests it holds at once
 * ({@link #maxChatsInFlight}) and answers each with a {@code usage} whose sums it keeps ({@link #promptTokensServed},
 * {@link #completionTokensServed}).
 */
public final class FakeModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One received request.
     *
     * @param receivedNanos {@link System#nanoTime()} when it arrived
     */
    public record Request(String path, Map<String, List<String>> headers, JsonNode body, long receivedNanos) {
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
    private final java.util.concurrent.atomic.AtomicInteger chatsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxChatsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong promptTokens = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong completionTokens = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger chatsAnswered = new java.util.concurrent.atomic.AtomicInteger();
    private final List<long[]> refusals = Collections.synchronizedList(new ArrayList<>());
    private volatile long chatLatencyMillis;
    private final Map<String, Integer> dimensions = new ConcurrentHashMap<>();
    private volatile Function<JsonNode, String> chat = body -> "{}";
    private volatile int embeddingDimension = 8;
    private volatile long failEmbeddingsAfter = -1;
    private final java.util.concurrent.atomic.AtomicLong textsServed = new java.util.concurrent.atomic.AtomicLong();

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

    /** Vectors of {@code d} dimensions for requests naming {@code model} (others get {@link #embeddingDimension(int)}). */
    public FakeModelServer embeddingDimension(String model, int d) {
        dimensions.put(model, d);
        return this;
    }

    /**
     * Once {@code texts} texts were embedded (since the start or the last {@link #resetCounters}), every further
     * embedding request is answered HTTP 400 (not retried): a run that dies halfway; {@code -1} heals it.
     */
    public FakeModelServer failEmbeddingsAfter(long texts) {
        this.failEmbeddingsAfter = texts;
        return this;
    }

    /** The next {@code times} requests get HTTP {@code status}. */
    public synchronized FakeModelServer failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[] {status, -1});
        }
        return this;
    }

    /** The next {@code times} requests get HTTP 429 with {@code Retry-After: <retryAfterSeconds>}. */
    public synchronized FakeModelServer rateLimitNext(int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[] {429, retryAfterSeconds});
        }
        return this;
    }

    /** Every chat answer takes this long (the model "thinks"), counted as in flight meanwhile. */
    public FakeModelServer chatLatency(java.time.Duration latency) {
        this.chatLatencyMillis = latency.toMillis();
        return this;
    }

    /** The most chat requests held at once so far. */
    public int maxChatsInFlight() {
        return maxChatsInFlight.get();
    }

    /** Chat requests answered with HTTP 200. */
    public int chatsAnswered() {
        return chatsAnswered.get();
    }

    /** The sum of {@code usage.prompt_tokens} over the chat answers served. */
    public long promptTokensServed() {
        return promptTokens.get();
    }

    /** The sum of {@code usage.completion_tokens} over the chat answers served. */
    public long completionTokensServed() {
        return completionTokens.get();
    }

    /** {@link System#nanoTime()} of each refusal sent (429 and other injected failures), in order. */
    public List<Long> refusalTimes() {
        synchronized (refusals) {
            return refusals.stream().map(r -> r[0]).toList();
        }
    }

    /** Forgets the requests, counters and sums (between phases of a test). */
    /** Texts sent to the embedding endpoints since the start (or the last {@link #resetCounters}). */
    public long embeddedTexts() {
        return requests().stream().filter(r -> r.path().equals("/v1/embeddings") || r.path().equals("/api/embed"))
                .mapToLong(r -> r.body().path("input").size()).sum();
    }

    /** Texts whose vectors were answered (refused requests not counted) since the start or {@link #resetCounters}. */
    public long embeddedTextsAnswered() {
        return textsServed.get();
    }

    public void resetCounters() {
        requests.clear();
        textsServed.set(0);
        refusals.clear();
        maxChatsInFlight.set(0);
        promptTokens.set(0);
        completionTokens.set(0);
        chatsAnswered.set(0);
    }

    /** The tokens an answer's usage reports: deterministic from the texts (about four characters a token). */
    public static long tokens(String text) {
        return 1 + text.length() / 4;
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
        requests.add(new Request(path, Map.copyOf(ex.getRequestHeaders()), body, System.nanoTime()));
        int[] failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            if (failure[1] >= 0) {
                ex.getResponseHeaders().add("Retry-After", String.valueOf(failure[1]));
            }
            refusals.add(new long[] {System.nanoTime()});
            send(ex, failure[0], "{\"error\": {\"message\": \"injected failure\"}}");
            return;
        }
        boolean embedding = path.equals("/v1/embeddings") || path.equals("/api/embed");
        if (embedding && failEmbeddingsAfter >= 0 && textsServed.get() >= failEmbeddingsAfter) {
            send(ex, 400, "{\"error\": {\"message\": \"injected failure after " + failEmbeddingsAfter + " texts\"}}");
            return;
        }
        if (embedding) {
            textsServed.addAndGet(body.path("input").size());
        }
        int dimension = dimensions.getOrDefault(body.path("model").asText(), embeddingDimension);
        switch (path) {
            case "/v1/chat/completions" -> chat(ex, body);
            case "/v1/embeddings" -> {
                ObjectNode r = JSON.createObjectNode();
                ArrayNode data = r.putArray("data");
                int i = 0;
                for (JsonNode text : body.path("input")) {
                    ObjectNode item = data.addObject();
                    item.put("index", i++);
                    vector(item.putArray("embedding"), text.asText(), dimension);
                }
                send(ex, 200, r.toString());
            }
            case "/api/embed" -> {
                ObjectNode r = JSON.createObjectNode();
                ArrayNode all = r.putArray("embeddings");
                for (JsonNode text : body.path("input")) {
                    vector(all.addArray(), text.asText(), dimension);
                }
                send(ex, 200, r.toString());
            }
            default -> send(ex, 404, "{\"error\": \"no such path " + path + "\"}");
        }
    }

    private void chat(HttpExchange ex, JsonNode body) throws IOException {
        int now = chatsInFlight.incrementAndGet();
        maxChatsInFlight.accumulateAndGet(now, Math::max);
        String answer;
        try {
            if (chatLatencyMillis > 0) {
                try {
                    Thread.sleep(chatLatencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer = chat.apply(body);
        } finally {
            chatsInFlight.decrementAndGet();
        }
        long prompt = tokens(system(body)) + tokens(user(body));
        long completion = tokens(answer);
        ObjectNode r = JSON.createObjectNode();
        r.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", answer);
        r.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        promptTokens.addAndGet(prompt);
        completionTokens.addAndGet(completion);
        chatsAnswered.incrementAndGet();
        send(ex, 200, r.toString());
    }

    private static void vector(ArrayNode array, String text, int dimension) {
        int h = text.hashCode();
        for (int d = 0; d < dimension; d++) {
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
