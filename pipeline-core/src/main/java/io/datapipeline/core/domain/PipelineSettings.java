package io.datapipeline.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the pipeline, in one record that each adapter fills from its own sources (the CLI: options,
 * environment, config file; the REST server: environment and properties; a library: code). The names of the
 * environment variables are the contract ({@link #from}). Passwords and keys never appear in {@link #toString()}.
 *
 * @param vectorDatabase   the vector/metadata database with credentials, or empty when none is given (commands
 *                         that only read backup sets need none)
 * @param dataDirectory    absolute path of the data directory
 * @param chat             the chat model endpoint (all empty: none)
 * @param embedding        the embedding model
 * @param apiToken         the REST API's bearer token, or empty for no authentication
 * @param executionThreads worker threads of the REST server's executions
 * @param writerWait       how long a write to the vector tables waits for running writers (and a truncate for its
 *                         exclusive lock)
 */
public record PipelineSettings(Optional<DatabaseUrl> vectorDatabase, String dataDirectory, ChatModel chat,
        Embedding embedding, Optional<String> apiToken, int executionThreads, Duration writerWait) {

    public static final String DB_URL = "PIPELINE_DB_URL";
    public static final String DB_USER = "PIPELINE_DB_USER";
    public static final String DB_PASSWORD = "PIPELINE_DB_PASSWORD";
    public static final String DATA_DIR = "PIPELINE_DATA_DIR";
    public static final String LLM_BASE_URL = "PIPELINE_LLM_BASE_URL";
    public static final String LLM_MODEL = "PIPELINE_LLM_MODEL";
    public static final String LLM_API_KEY = "PIPELINE_LLM_API_KEY";
    public static final String EMBEDDING_BASE_URL = "PIPELINE_EMBEDDING_BASE_URL";
    public static final String EMBEDDING_MODEL = "PIPELINE_EMBEDDING_MODEL";
    public static final String EMBEDDING_API_KEY = "PIPELINE_EMBEDDING_API_KEY";
    public static final String EMBEDDING_PROVIDER = "PIPELINE_EMBEDDING_PROVIDER";
    public static final String EMBEDDING_DIMENSION = "PIPELINE_EMBEDDING_DIMENSION";
    public static final String API_TOKEN = "PIPELINE_API_TOKEN";
    public static final String EXECUTION_THREADS = "PIPELINE_EXECUTION_THREADS";
    public static final String WRITER_WAIT_SECONDS = "PIPELINE_WRITER_WAIT_SECONDS";

    /** The data directory when none is given: {@code ./data}. */
    public static final String DEFAULT_DATA_DIR = "data";

    public PipelineSettings {
        Objects.requireNonNull(vectorDatabase, "vectorDatabase");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        chat = chat == null ? ChatModel.NONE : chat;
        embedding = embedding == null ? Embedding.NONE : embedding;
        apiToken = apiToken == null ? Optional.empty() : apiToken;
        writerWait = writerWait == null ? Duration.ofSeconds(60) : writerWait;
        if (executionThreads < 1) {
            throw InvalidInputException.invalid(EXECUTION_THREADS, EXECUTION_THREADS + " must be at least 1");
        }
    }

    /**
     * A chat model endpoint; every field may be {@code null} (the model adapter says what is missing).
     *
     * @param baseUrl {@code PIPELINE_LLM_BASE_URL}
     * @param model   {@code PIPELINE_LLM_MODEL}
     * @param apiKey  {@code PIPELINE_LLM_API_KEY} (a secret)
     */
    public record ChatModel(String baseUrl, String model, String apiKey) {
        public static final ChatModel NONE = new ChatModel(null, null, null);

        @Override
        public String toString() {
            return "ChatModel[" + model + " at " + baseUrl + (apiKey == null ? "" : ", key=***") + "]";
        }
    }

    /**
     * The embedding model; every field may be {@code null} (the model adapter says what is missing).
     *
     * @param provider  {@code PIPELINE_EMBEDDING_PROVIDER}: openai, ollama or offline
     * @param baseUrl   {@code PIPELINE_EMBEDDING_BASE_URL}
     * @param model     {@code PIPELINE_EMBEDDING_MODEL}
     * @param apiKey    {@code PIPELINE_EMBEDDING_API_KEY} (a secret)
     * @param dimension {@code PIPELINE_EMBEDDING_DIMENSION}, as given
     */
    public record Embedding(String provider, String baseUrl, String model, String apiKey, String dimension) {
        public static final Embedding NONE = new Embedding(null, null, null, null, null);

        /** The offline lexical embedder (demos and tests). */
        public static Embedding offline(int dimension) {
            return new Embedding("offline", null, null, null, String.valueOf(dimension));
        }

        @Override
        public String toString() {
            return "Embedding[" + provider + " " + model + " at " + baseUrl + ", dimension " + dimension
                    + (apiKey == null ? "" : ", key=***") + "]";
        }
    }

    /** Settings of a library user: the database and the data directory; no models, no token. */
    public static PipelineSettings of(DatabaseUrl vectorDatabase, String dataDirectory) {
        return new PipelineSettings(Optional.of(vectorDatabase), dataDirectory, ChatModel.NONE, Embedding.NONE,
                Optional.empty(), 2, Duration.ofSeconds(60));
    }

    /**
     * Reads the settings by their environment variable names from {@code lookup} (an adapter's layering of its
     * sources; absent and blank values are the same).
     *
     * @param dataDirectory turns the data directory as given (or {@value #DEFAULT_DATA_DIR}) into an absolute path
     */
    public static PipelineSettings from(Function<String, Optional<String>> lookup,
            Function<String, String> dataDirectory) {
        Function<String, Optional<String>> get = k -> lookup.apply(k).filter(v -> !v.isBlank());
        Optional<DatabaseUrl> db = get.apply(DB_URL).map(u -> DatabaseUrl.parse(u, DB_URL)
                .withCredentials(get.apply(DB_USER).orElse(null), get.apply(DB_PASSWORD).orElse(null)));
        ChatModel chat = new ChatModel(get.apply(LLM_BASE_URL).orElse(null), get.apply(LLM_MODEL).orElse(null),
                get.apply(LLM_API_KEY).orElse(null));
        Embedding embedding = new Embedding(get.apply(EMBEDDING_PROVIDER).orElse(null),
                get.apply(EMBEDDING_BASE_URL).orElse(null), get.apply(EMBEDDING_MODEL).orElse(null),
                get.apply(EMBEDDING_API_KEY).orElse(null), get.apply(EMBEDDING_DIMENSION).orElse(null));
        return new PipelineSettings(db, dataDirectory.apply(get.apply(DATA_DIR).orElse(DEFAULT_DATA_DIR)), chat,
                embedding, get.apply(API_TOKEN), positive(get, EXECUTION_THREADS, 2),
                Duration.ofSeconds(positive(get, WRITER_WAIT_SECONDS, 60)));
    }

    private static int positive(Function<String, Optional<String>> get, String key, int fallback) {
        Optional<String> raw = get.apply(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.get().trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid(key, key + " must be a whole number of at least 1, not '"
                    + Printable.of(raw.get()) + "'");
        }
    }

    /** The vector database, or a clear error naming the setting. */
    public DatabaseUrl requireVectorDatabase() {
        return vectorDatabase.orElseThrow(() -> InvalidInputException.missing(DB_URL, "no vector database given ("
                + DB_URL + ")"));
    }

    public PipelineSettings withDataDirectory(String directory) {
        return new PipelineSettings(vectorDatabase, directory, chat, embedding, apiToken, executionThreads, writerWait);
    }

    public PipelineSettings withEmbedding(Embedding e) {
        return new PipelineSettings(vectorDatabase, dataDirectory, chat, e, apiToken, executionThreads, writerWait);
    }

    public PipelineSettings withChat(ChatModel c) {
        return new PipelineSettings(vectorDatabase, dataDirectory, c, embedding, apiToken, executionThreads, writerWait);
    }

    @Override
    public String toString() {
        return "PipelineSettings[database=" + vectorDatabase.map(DatabaseUrl::masked).orElse("none") + ", dataDirectory="
                + dataDirectory + ", chat=" + chat + ", embedding=" + embedding + ", apiToken="
                + (apiToken.isPresent() ? "***" : "none") + ", executionThreads=" + executionThreads + ", writerWait="
                + writerWait + "]";
    }
}
