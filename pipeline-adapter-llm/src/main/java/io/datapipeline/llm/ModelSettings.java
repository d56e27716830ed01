package io.datapipeline.llm;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.port.out.LanguageModel;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the model adapters from settings ({@code PIPELINE_LLM_*}, {@code PIPELINE_EMBEDDING_*}):
 * a chat model only when a base URL and a model are set; an embedding endpoint when its base URL is set,
 * the offline embedder only when {@code PIPELINE_EMBEDDING_PROVIDER=offline}, the in-process model
 * ({@code onnx}, when its artifact is on the class path) otherwise.
 */
public final class ModelSettings {

    public static final int DEFAULT_DIMENSION = 1024;

    private final Function<String, Optional<String>> settings;

    /** @param settings looks up a setting by environment variable name */
    public ModelSettings(Function<String, Optional<String>> settings) {
        this.settings = settings;
    }

    /** The models of the pipeline's settings. */
    public static ModelSettings of(io.datapipeline.core.domain.PipelineSettings s) {
        Map<String, String> values = new java.util.HashMap<>();
        putIf(values, "PIPELINE_LLM_BASE_URL", s.chat().baseUrl());
        putIf(values, "PIPELINE_LLM_MODEL", s.chat().model());
        putIf(values, "PIPELINE_LLM_API_KEY", s.chat().apiKey());
        putIf(values, "PIPELINE_LLM_CONCURRENCY", String.valueOf(s.generation().llmConcurrency()));
        putIf(values, "PIPELINE_EMBEDDING_BASE_URL", s.embedding().baseUrl());
        putIf(values, "PIPELINE_EMBEDDING_MODEL", s.embedding().model());
        putIf(values, "PIPELINE_EMBEDDING_API_KEY", s.embedding().apiKey());
        putIf(values, "PIPELINE_EMBEDDING_PROVIDER", s.embedding().provider());
        putIf(values, "PIPELINE_EMBEDDING_DIMENSION", s.embedding().dimension());
        putIf(values, "PIPELINE_EMBEDDING_THREADS", s.embedding().threads());
        return fromEnv(values);
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    public static ModelSettings fromEnv(Map<String, String> env) {
        return new ModelSettings(k -> Optional.ofNullable(env.get(k)).filter(v -> !v.isBlank()));
    }

    /**
     * The chat model, or empty when none is configured; at most {@code PIPELINE_LLM_CONCURRENCY} (default 4) requests
     * in flight for all its callers. Build it once per process: each instance has a limiter of its own.
     */
    public Optional<LanguageModel> languageModel() {
        Optional<String> base = settings.apply("PIPELINE_LLM_BASE_URL");
        Optional<String> model = settings.apply("PIPELINE_LLM_MODEL");
        if (base.isEmpty() && model.isEmpty()) {
            return Optional.empty();
        }
        if (base.isEmpty() || model.isEmpty()) {
            throw InvalidInputException.invalid(base.isEmpty() ? "PIPELINE_LLM_BASE_URL" : "PIPELINE_LLM_MODEL",
                    "a language model needs both PIPELINE_LLM_BASE_URL and PIPELINE_LLM_MODEL");
        }
        ModelEndpoint endpoint = ModelEndpoint.of(base.get(), model.get(), settings.apply("PIPELINE_LLM_API_KEY")
                .orElse(null));
        int concurrency = settings.apply("PIPELINE_LLM_CONCURRENCY").map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(io.datapipeline.core.domain.GenerationOptions.DEFAULT_CONCURRENCY);
        if (concurrency < 1 || concurrency > io.datapipeline.core.domain.GenerationOptions.MAX_CONCURRENCY) {
            throw InvalidInputException.invalid("PIPELINE_LLM_CONCURRENCY", "PIPELINE_LLM_CONCURRENCY must be a whole "
                    + "number from 1 to " + io.datapipeline.core.domain.GenerationOptions.MAX_CONCURRENCY);
        }
        return Optional.of(new OpenAiChatModel(endpoint, 2, concurrency));
    }

    /**
     * The embedding model: the configured endpoint; the offline embedder only when asked for
     * ({@code PIPELINE_EMBEDDING_PROVIDER=offline}); the in-process model ({@link LocalEmbeddings}, provider
     * {@code onnx}) when asked for, and by default when no endpoint and no provider are given; otherwise a stand-in
     * that refuses every use, naming the settings to give (or the artifact to add).
     */
    public EmbeddingModel embeddingModel() {
        Optional<String> base = settings.apply("PIPELINE_EMBEDDING_BASE_URL");
        Optional<String> chosen = settings.apply("PIPELINE_EMBEDDING_PROVIDER").map(p -> p.trim().toLowerCase(Locale.ROOT));
        if (chosen.isPresent() && chosen.get().equals("offline")) {
            if (base.isPresent()) {
                throw InvalidInputException.invalid("PIPELINE_EMBEDDING_PROVIDER", "PIPELINE_EMBEDDING_PROVIDER=offline "
                        + "uses no endpoint, but PIPELINE_EMBEDDING_BASE_URL is set; remove one of them");
            }
            return new OfflineEmbedder(dimension());
        }
        Optional<LocalEmbeddings> local = chosen.isPresent() ? local(chosen.get()) : Optional.empty();
        if (local.isPresent() || (chosen.isEmpty() && base.isEmpty())) {
            if (local.isPresent() && base.isPresent()) {
                throw InvalidInputException.invalid("PIPELINE_EMBEDDING_PROVIDER", "PIPELINE_EMBEDDING_PROVIDER="
                        + chosen.get() + " runs in this process and uses no endpoint, but PIPELINE_EMBEDDING_BASE_URL is "
                        + "set; remove one of them");
            }
            return inProcess(local.or(() -> local(IN_PROCESS_PROVIDER)), chosen.isPresent());
        }
        if (chosen.isPresent() && chosen.get().equals(IN_PROCESS_PROVIDER)) {
            throw InvalidInputException.invalid("PIPELINE_EMBEDDING_PROVIDER", "PIPELINE_EMBEDDING_PROVIDER=onnx "
                    + "needs the in-process embedder, " + IN_PROCESS_ARTIFACT + ", which is not on the class path");
        }
        int dimension = dimension();
        if (base.isEmpty()) {
            return new UnconfiguredEmbeddingModel(dimension);
        }
        String model = settings.apply("PIPELINE_EMBEDDING_MODEL").orElseThrow(() -> InvalidInputException.missing(
                "PIPELINE_EMBEDDING_MODEL", "PIPELINE_EMBEDDING_BASE_URL is set but PIPELINE_EMBEDDING_MODEL is not"));
        ModelEndpoint endpoint = ModelEndpoint.of(base.get(), model,
                settings.apply("PIPELINE_EMBEDDING_API_KEY").orElse(null));
        String provider = chosen.orElse("openai");
        return switch (provider) {
            case "openai" -> HttpEmbeddingModel.openAi(endpoint, dimension, 32);
            case "ollama" -> HttpEmbeddingModel.ollama(endpoint, dimension, 32);
            default -> throw InvalidInputException.invalid("PIPELINE_EMBEDDING_PROVIDER",
                    "PIPELINE_EMBEDDING_PROVIDER must be onnx, openai, ollama or offline, not " + provider);
        };
    }

    /** The provider name of the in-process embedder, the default when no endpoint is configured. */
    public static final String IN_PROCESS_PROVIDER = "onnx";

    /** The artifact that brings it. */
    public static final String IN_PROCESS_ARTIFACT = "io.datapipeline:pipeline-adapter-onnx";

    private static Optional<LocalEmbeddings> local(String provider) {
        for (LocalEmbeddings l : java.util.ServiceLoader.load(LocalEmbeddings.class, ModelSettings.class.getClassLoader())) {
            if (l.provider().equals(provider)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The in-process model named by {@code PIPELINE_EMBEDDING_MODEL} (default: the provider's first); its dimension
     * is the model's, and a {@code PIPELINE_EMBEDDING_DIMENSION} that says otherwise is refused.
     *
     * @param asked whether {@code PIPELINE_EMBEDDING_PROVIDER} asked for it (else it is the default)
     */
    private EmbeddingModel inProcess(Optional<LocalEmbeddings> found, boolean asked) {
        Optional<String> named = settings.apply("PIPELINE_EMBEDDING_MODEL").map(String::trim);
        if (found.isEmpty()) {
            if (named.isPresent()) {
                throw InvalidInputException.missing("PIPELINE_EMBEDDING_BASE_URL", "PIPELINE_EMBEDDING_MODEL="
                        + named.get() + " is set without PIPELINE_EMBEDDING_BASE_URL, and the in-process embedder ("
                        + IN_PROCESS_ARTIFACT + ") is not on the class path: give the endpoint of that model, or add "
                        + "the artifact");
            }
            return new UnconfiguredEmbeddingModel(dimension());
        }
        LocalEmbeddings l = found.get();
        String model = named.orElse(l.models().get(0));
        if (!l.models().contains(model)) {
            throw InvalidInputException.invalid("PIPELINE_EMBEDDING_MODEL", "PIPELINE_EMBEDDING_MODEL=" + model + " is "
                    + (asked ? "not an in-process model" : "set without PIPELINE_EMBEDDING_BASE_URL, so it must be an "
                    + "in-process model") + ": choose one of " + String.join(", ", l.models())
                    + (asked ? "" : ", or give the endpoint that serves it (PIPELINE_EMBEDDING_BASE_URL)"));
        }
        int fixed = l.dimension(model);
        Optional<String> raw = settings.apply("PIPELINE_EMBEDDING_DIMENSION");
        if (raw.isPresent() && dimension() != fixed) {
            throw InvalidInputException.invalid("PIPELINE_EMBEDDING_DIMENSION", "PIPELINE_EMBEDDING_DIMENSION="
                    + raw.get().trim() + " contradicts the in-process model " + model + ", whose vectors have " + fixed
                    + " dimensions: remove the setting (the model's dimension is used) or set it to " + fixed);
        }
        return l.open(model, threads());
    }

    /** {@code PIPELINE_EMBEDDING_THREADS}: intra-op threads of the in-process model; default: the machine's cores. */
    private int threads() {
        Optional<String> raw = settings.apply("PIPELINE_EMBEDDING_THREADS");
        if (raw.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int t = Integer.parseInt(raw.get().trim());
            if (t < 1 || t > 256) {
                throw new NumberFormatException();
            }
            return t;
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid("PIPELINE_EMBEDDING_THREADS",
                    "PIPELINE_EMBEDDING_THREADS must be a whole number between 1 and 256, not '" + raw.get() + "'");
        }
    }

    private int dimension() {
        Optional<String> raw = settings.apply("PIPELINE_EMBEDDING_DIMENSION");
        if (raw.isEmpty()) {
            return DEFAULT_DIMENSION;
        }
        try {
            int d = Integer.parseInt(raw.get().trim());
            if (d < 2 || d > 16000) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid("PIPELINE_EMBEDDING_DIMENSION",
                    "PIPELINE_EMBEDDING_DIMENSION must be a whole number between 2 and 16000, not '" + raw.get() + "'");
        }
    }
}
