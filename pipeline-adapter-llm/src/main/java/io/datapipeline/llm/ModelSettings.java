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
 * the offline embedder only when {@code PIPELINE_EMBEDDING_PROVIDER=offline}.
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
     * ({@code PIPELINE_EMBEDDING_PROVIDER=offline}); otherwise a stand-in that refuses every use, naming the
     * settings to give.
     */
    public EmbeddingModel embeddingModel() {
        int dimension = dimension();
        Optional<String> base = settings.apply("PIPELINE_EMBEDDING_BASE_URL");
        Optional<String> chosen = settings.apply("PIPELINE_EMBEDDING_PROVIDER").map(p -> p.trim().toLowerCase(Locale.ROOT));
        if (chosen.isPresent() && chosen.get().equals("offline")) {
            if (base.isPresent()) {
                throw InvalidInputException.invalid("PIPELINE_EMBEDDING_PROVIDER", "PIPELINE_EMBEDDING_PROVIDER=offline "
                        + "uses no endpoint, but PIPELINE_EMBEDDING_BASE_URL is set; remove one of them");
            }
            return new OfflineEmbedder(dimension);
        }
        if (base.isEmpty()) {
            return new UnconfiguredEmbeddingModel(dimension);
        }
        String model = settings.apply("PIPELINE_EMBEDDING_MODEL").orElseThrow(() -> InvalidInputException.missing(
                "PIPELINE_EMBEDDING_MODEL", "PIPELINE_EMBEDDING_BASE_URL is set but PIPELINE_EMBEDDING_MODEL is not"));
        ModelEndpoint endpoint = ModelEndpoint.of(base.get(), model,
                settings.apply("PIPELINE_EMBEDDING_API_KEY").orElse(null));
        String provider = settings.apply("PIPELINE_EMBEDDING_PROVIDER").orElse("openai").toLowerCase(Locale.ROOT);
        return switch (provider) {
            case "openai" -> new OpenAiEmbeddingModel(endpoint, dimension, 32);
            case "ollama" -> new OllamaEmbeddingModel(endpoint, dimension, 32);
            default -> throw InvalidInputException.invalid("PIPELINE_EMBEDDING_PROVIDER",
                    "PIPELINE_EMBEDDING_PROVIDER must be openai, ollama or offline, not " + provider);
        };
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
