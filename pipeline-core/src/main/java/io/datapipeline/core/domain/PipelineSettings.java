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
 * @param apiTokens        the REST API's bearer tokens and their scopes ({@link ApiTokens#NONE}: no authentication)
 * @param executionThreads worker threads of the REST server's executions
 * @param timeouts         how long a write waits for running writers, and a connection attempt for its database
 * @param backups          how backup sets are written, kept and scheduled
 * @param generation       the chat model's concurrency and the default knobs of the language-model steps
 */
public record PipelineSettings(Optional<DatabaseUrl> vectorDatabase, String dataDirectory, ChatModel chat,
        Embedding embedding, ApiTokens apiTokens, int executionThreads, Timeouts timeouts, Backups backups,
        Generation generation) {

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
    public static final String EMBEDDING_THREADS = "PIPELINE_EMBEDDING_THREADS";
    public static final String API_TOKEN = "PIPELINE_API_TOKEN";
    public static final String API_TOKENS = "PIPELINE_API_TOKENS";
    public static final String EXECUTION_THREADS = "PIPELINE_EXECUTION_THREADS";
    public static final String WRITER_WAIT_SECONDS = "PIPELINE_WRITER_WAIT_SECONDS";
    public static final String DB_CONNECT_TIMEOUT_SECONDS = "PIPELINE_DB_CONNECT_TIMEOUT_SECONDS";
    public static final String BACKUP_FORMAT = "PIPELINE_BACKUP_FORMAT";
    public static final String BACKUP_COMPRESS = "PIPELINE_BACKUP_COMPRESS";
    public static final String BACKUP_KEEP = "PIPELINE_BACKUP_KEEP";
    public static final String BACKUP_MAX_AGE = "PIPELINE_BACKUP_MAX_AGE";
    public static final String BACKUP_SCHEDULE = "PIPELINE_BACKUP_SCHEDULE";
    public static final String INSTANCE_ID = "PIPELINE_INSTANCE_ID";
    public static final String LLM_CONCURRENCY = "PIPELINE_LLM_CONCURRENCY";
    public static final String MAX_CONCURRENT_TABLES = "PIPELINE_MAX_CONCURRENT_TABLES";
    public static final String MAX_TABLE_FAILURES = "PIPELINE_MAX_TABLE_FAILURES";
    public static final String SAMPLE_DATA_LIMIT = "PIPELINE_SAMPLE_DATA_LIMIT";
    public static final String ENUM_DETECTION_SAMPLE_LIMIT = "PIPELINE_ENUM_DETECTION_SAMPLE_LIMIT";
    public static final String ENUM_MAX_DISTINCT_VALUES = "PIPELINE_ENUM_MAX_DISTINCT_VALUES";
    public static final String MAX_CONCURRENT_THEMES = "PIPELINE_MAX_CONCURRENT_THEMES";
    public static final String THEME_COUNT = "PIPELINE_THEME_COUNT";
    public static final String QUESTIONS_PER_THEME = "PIPELINE_QUESTIONS_PER_THEME";
    public static final String CONTINUE_ON_THEME_ERROR = "PIPELINE_CONTINUE_ON_THEME_ERROR";
    public static final String BACKUP_MIN_FREE_SPACE = "PIPELINE_BACKUP_MIN_FREE_SPACE";

    /** The data directory when none is given: {@code ./data}. */
    public static final String DEFAULT_DATA_DIR = "data";

    public PipelineSettings {
        Objects.requireNonNull(vectorDatabase, "vectorDatabase");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        chat = chat == null ? ChatModel.NONE : chat;
        embedding = embedding == null ? Embedding.NONE : embedding;
        apiTokens = apiTokens == null ? ApiTokens.NONE : apiTokens;
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
        backups = backups == null ? Backups.DEFAULT : backups;
        generation = generation == null ? Generation.DEFAULT : generation;
        if (executionThreads < 1) {
            throw InvalidInputException.invalid(EXECUTION_THREADS, EXECUTION_THREADS + " must be at least 1");
        }
    }

    /** How long a write to the vector tables waits for running writers (and a truncate for its exclusive lock). */
    public Duration writerWait() {
        return timeouts.writerWait();
    }

    /** How long an attempt to connect to a database (vector or business) may take before it fails. */
    public Duration connectTimeout() {
        return timeouts.connect();
    }

    /**
     * Waits and timeouts.
     *
     * @param writerWait how long a write to the vector tables waits for running writers (and a truncate for its
     *                   exclusive lock; {@code PIPELINE_WRITER_WAIT_SECONDS}, default 60 s)
     * @param connect    how long a connection attempt may take, and a wait for a pooled connection
     *                   ({@code PIPELINE_DB_CONNECT_TIMEOUT_SECONDS}, default 5 s)
     */
    public record Timeouts(Duration writerWait, Duration connect) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(5));

        public Timeouts {
            writerWait = writerWait == null ? DEFAULT.writerWait() : writerWait;
            connect = connect == null ? DEFAULT.connect() : connect;
            if (connect.isNegative() || connect.isZero()) {
                throw InvalidInputException.invalid(DB_CONNECT_TIMEOUT_SECONDS, DB_CONNECT_TIMEOUT_SECONDS
                        + " must be at least 1 second");
            }
        }
    }

    /** Settings without {@link Generation} ones: the defaults. */
    public PipelineSettings(Optional<DatabaseUrl> vectorDatabase, String dataDirectory, ChatModel chat,
            Embedding embedding, ApiTokens apiTokens, int executionThreads, Timeouts timeouts, Backups backups) {
        this(vectorDatabase, dataDirectory, chat, embedding, apiTokens, executionThreads, timeouts, backups, null);
    }

    /**
     * How the language-model steps run in this process.
     *
     * @param llmConcurrency {@code PIPELINE_LLM_CONCURRENCY}: at most this many calls in flight to the chat model
     *                       endpoint, shared by every execution of the process (the limiter lowers it while the
     *                       endpoint pushes back); also the default of a new task's {@code max_concurrent_tables} and
     *                       {@code max_concurrent_themes}
     * @param defaults       the options of a task created without choosing them ({@code PIPELINE_MAX_CONCURRENT_TABLES},
     *                       {@code PIPELINE_THEME_COUNT} … over {@link GenerationOptions#DEFAULTS})
     */
    public record Generation(int llmConcurrency, GenerationOptions defaults) {
        public static final Generation DEFAULT = new Generation(GenerationOptions.DEFAULT_CONCURRENCY,
                GenerationOptions.DEFAULTS);

        public Generation {
            GenerationOptions.range(LLM_CONCURRENCY, llmConcurrency, 1, GenerationOptions.MAX_CONCURRENCY);
            Objects.requireNonNull(defaults, "defaults");
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
     * @param provider  {@code PIPELINE_EMBEDDING_PROVIDER}: onnx (in-process, the default without an endpoint),
     *                  openai, ollama or offline
     * @param baseUrl   {@code PIPELINE_EMBEDDING_BASE_URL}
     * @param model     {@code PIPELINE_EMBEDDING_MODEL}
     * @param apiKey    {@code PIPELINE_EMBEDDING_API_KEY} (a secret)
     * @param dimension {@code PIPELINE_EMBEDDING_DIMENSION}, as given
     * @param threads   {@code PIPELINE_EMBEDDING_THREADS} (intra-op threads of the in-process model), as given
     */
    public record Embedding(String provider, String baseUrl, String model, String apiKey, String dimension,
            String threads) {
        public static final Embedding NONE = new Embedding(null, null, null, null, null, null);

        /** Without a thread count (the in-process model uses the machine's cores). */
        public Embedding(String provider, String baseUrl, String model, String apiKey, String dimension) {
            this(provider, baseUrl, model, apiKey, dimension, null);
        }

        /** The in-process model ({@code onnx}) by name, e.g. {@code bge-small-zh-v1.5-q}. */
        public static Embedding inProcess(String model) {
            return new Embedding("onnx", null, model, null, null, null);
        }

        /** The offline lexical embedder (demos and tests). */
        public static Embedding offline(int dimension) {
            return new Embedding("offline", null, null, null, String.valueOf(dimension));
        }

        @Override
        public String toString() {
            return "Embedding[" + provider + " " + model + " at " + baseUrl + ", dimension " + dimension
                    + (threads == null ? "" : ", threads " + threads) + (apiKey == null ? "" : ", key=***") + "]";
        }
    }

    /**
     * How backup sets are written, kept and scheduled.
     *
     * @param encoding the default format and compression ({@code PIPELINE_BACKUP_FORMAT}, {@code PIPELINE_BACKUP_COMPRESS}),
     *                 also of {@code training_load}'s own sets
     * @param keep     automatic retention after each successful backup: keep this many complete sets
     *                 ({@code PIPELINE_BACKUP_KEEP}), or empty
     * @param maxAge   automatic retention: delete complete sets older than this ({@code PIPELINE_BACKUP_MAX_AGE},
     *                 e.g. {@code 30d}), or empty
     * @param schedule a cron expression for scheduled backups in the REST server ({@code PIPELINE_BACKUP_SCHEDULE}),
     *                 or empty
     * @param instance this process's name in listings and schedule claims ({@code PIPELINE_INSTANCE_ID}), or empty
     *                 for host and pid
     * @param minFreeBytes no new set is started when the data directory has less free space than this
     *                 ({@code PIPELINE_BACKUP_MIN_FREE_SPACE}, default {@value #DEFAULT_MIN_FREE_BYTES} bytes; 0 turns
     *                 the floor off)
     */
    public record Backups(BackupEncoding encoding, Optional<Integer> keep, Optional<Duration> maxAge,
            Optional<String> schedule, Optional<String> instance, long minFreeBytes) {
        /** 1 GiB. */
        public static final long DEFAULT_MIN_FREE_BYTES = 1L << 30;
        public static final Backups DEFAULT = new Backups(BackupEncoding.CSV, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), DEFAULT_MIN_FREE_BYTES);

        public Backups {
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(instance, "instance");
            if (minFreeBytes < 0) {
                throw new IllegalArgumentException("minFreeBytes must not be negative");
            }
        }

        /** The same settings without the free-space floor set as given. */
        public Backups withMinFreeBytes(long bytes) {
            return new Backups(encoding, keep, maxAge, schedule, instance, bytes);
        }
    }

    /**
     * Parses a size: a whole number of bytes, or with a unit {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of
     * 1024; {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} mean the same), e.g. {@code 512MB}, {@code 2GB}, {@code 0}.
     *
     * @param field the setting or option, named in the error
     */
    public static long parseSize(String raw, String field) {
        String v = raw == null ? "" : raw.trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})\\s*(|B|[KMGT]i?B)",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(v);
        if (!m.matches()) {
            throw InvalidInputException.invalid(field, field + " must be a whole number of bytes, optionally with a "
                    + "unit KB, MB, GB or TB (e.g. 512MB), not '" + Printable.of(raw) + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toUpperCase(java.util.Locale.ROOT);
        int shift = unit.isEmpty() || unit.equals("B") ? 0 : switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 40;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw InvalidInputException.invalid(field, field + " is too large: '" + Printable.of(raw) + "'");
        }
        return n << shift;
    }

    /**
     * Parses an age: a whole number with a unit, {@code s}, {@code m}, {@code h}, {@code d} or {@code w} (e.g.
     * {@code 30d}, {@code 12h}).
     *
     * @param field the setting or option, named in the error
     */
    public static Duration parseAge(String raw, String field) {
        String v = raw == null ? "" : raw.trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhdw])").matcher(v);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw InvalidInputException.invalid(field, field + " must be a whole number with a unit s, m, h, d or w "
                    + "(e.g. 30d), not '" + Printable.of(raw) + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Settings of a library user: the database and the data directory; no models, no token. */
    public static PipelineSettings of(DatabaseUrl vectorDatabase, String dataDirectory) {
        return new PipelineSettings(Optional.of(vectorDatabase), dataDirectory, ChatModel.NONE, Embedding.NONE,
                ApiTokens.NONE, 2, Timeouts.DEFAULT, Backups.DEFAULT);
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
                get.apply(EMBEDDING_API_KEY).orElse(null), get.apply(EMBEDDING_DIMENSION).orElse(null),
                get.apply(EMBEDDING_THREADS).orElse(null));
        return new PipelineSettings(db, dataDirectory.apply(get.apply(DATA_DIR).orElse(DEFAULT_DATA_DIR)), chat,
                embedding, ApiTokens.parse(get.apply(API_TOKEN), get.apply(API_TOKENS)), positive(get, EXECUTION_THREADS, 2),
                new Timeouts(Duration.ofSeconds(positive(get, WRITER_WAIT_SECONDS, 60)),
                        Duration.ofSeconds(positive(get, DB_CONNECT_TIMEOUT_SECONDS, 5))), backups(get), generation(get));
    }

    private static Generation generation(Function<String, Optional<String>> get) {
        int concurrency = positive(get, LLM_CONCURRENCY, GenerationOptions.DEFAULT_CONCURRENCY);
        GenerationOptions.range(LLM_CONCURRENCY, concurrency, 1, GenerationOptions.MAX_CONCURRENCY);
        GenerationOptions.Choices choices = GenerationOptions.Choices.builder()
                .maxConcurrentTables(whole(get, MAX_CONCURRENT_TABLES)).maxTableFailures(whole(get, MAX_TABLE_FAILURES))
                .sampleDataLimit(whole(get, SAMPLE_DATA_LIMIT))
                .enumDetectionSampleLimit(whole(get, ENUM_DETECTION_SAMPLE_LIMIT))
                .enumMaxDistinctValues(whole(get, ENUM_MAX_DISTINCT_VALUES))
                .maxConcurrentThemes(whole(get, MAX_CONCURRENT_THEMES)).themeCount(whole(get, THEME_COUNT))
                .questionsPerTheme(whole(get, QUESTIONS_PER_THEME))
                .continueOnThemeError(bool(get, CONTINUE_ON_THEME_ERROR)).build();
        try {
            return new Generation(concurrency, GenerationOptions.DEFAULTS.withConcurrency(concurrency)
                    .with(choices));
        } catch (InvalidInputException e) {
            // the range error names the task field; the setting is what the user has to fix
            String env = "PIPELINE_" + e.field().toUpperCase(java.util.Locale.ROOT);
            throw InvalidInputException.invalid(env, env + ": " + e.getMessage());
        }
    }

    private static Integer whole(Function<String, Optional<String>> get, String key) {
        Optional<String> raw = get.apply(key);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.get().trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid(key, key + " must be a whole number, not '" + Printable.of(raw.get())
                    + "'");
        }
    }

    private static Boolean bool(Function<String, Optional<String>> get, String key) {
        Optional<String> raw = get.apply(key).map(String::trim);
        if (raw.isEmpty()) {
            return null;
        }
        if (raw.get().equalsIgnoreCase("true") || raw.get().equalsIgnoreCase("false")) {
            return Boolean.valueOf(raw.get());
        }
        throw InvalidInputException.invalid(key, key + " must be true or false, not '" + Printable.of(raw.get()) + "'");
    }

    private static Backups backups(Function<String, Optional<String>> get) {
        BackupEncoding encoding = new BackupEncoding(
                get.apply(BACKUP_FORMAT).map(v -> BackupFormat.fromWire(v.trim(), BACKUP_FORMAT)).orElse(BackupFormat.CSV),
                get.apply(BACKUP_COMPRESS).map(v -> Compression.fromWire(v.trim(), BACKUP_COMPRESS))
                        .orElse(Compression.NONE));
        Optional<Integer> keep = get.apply(BACKUP_KEEP).isPresent() ? Optional.of(positive(get, BACKUP_KEEP, 1))
                : Optional.empty();
        Optional<Duration> maxAge = get.apply(BACKUP_MAX_AGE).map(v -> parseAge(v, BACKUP_MAX_AGE));
        return new Backups(encoding, keep, maxAge, get.apply(BACKUP_SCHEDULE).map(String::trim),
                get.apply(INSTANCE_ID).map(String::trim), get.apply(BACKUP_MIN_FREE_SPACE)
                        .map(v -> parseSize(v, BACKUP_MIN_FREE_SPACE)).orElse(Backups.DEFAULT_MIN_FREE_BYTES));
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
        return new PipelineSettings(vectorDatabase, directory, chat, embedding, apiTokens, executionThreads, timeouts,
                backups, generation);
    }

    public PipelineSettings withEmbedding(Embedding e) {
        return new PipelineSettings(vectorDatabase, dataDirectory, chat, e, apiTokens, executionThreads, timeouts,
                backups, generation);
    }

    public PipelineSettings withChat(ChatModel c) {
        return new PipelineSettings(vectorDatabase, dataDirectory, c, embedding, apiTokens, executionThreads, timeouts,
                backups, generation);
    }

    public PipelineSettings withBackups(Backups b) {
        return new PipelineSettings(vectorDatabase, dataDirectory, chat, embedding, apiTokens, executionThreads, timeouts,
                b, generation);
    }

    public PipelineSettings withGeneration(Generation g) {
        return new PipelineSettings(vectorDatabase, dataDirectory, chat, embedding, apiTokens, executionThreads, timeouts,
                backups, g);
    }

    @Override
    public String toString() {
        return "PipelineSettings[database=" + vectorDatabase.map(DatabaseUrl::masked).orElse("none") + ", dataDirectory="
                + dataDirectory + ", chat=" + chat + ", embedding=" + embedding + ", apiTokens=" + apiTokens
                + ", executionThreads=" + executionThreads + ", timeouts="
                + timeouts + ", backups=" + backups + ", generation=" + generation + "]";
    }
}
