package io.datapipeline.assembly;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.PipelineSettings;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingModelChoice;
import io.datapipeline.llm.ModelSettings;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The model a re-embed moves the store to, built from what the operator names (provider, model, dimension, endpoint)
 * on top of the configured embedding settings: an endpoint provider ({@code openai}, {@code ollama}) uses the configured
 * {@code PIPELINE_EMBEDDING_BASE_URL} and {@code PIPELINE_EMBEDDING_API_KEY} unless another base URL is given; the
 * configured key goes only to an endpoint on the configured scheme, host and port (never to another host). The
 * in-process ({@code onnx}) and {@code offline} models use no endpoint.
 */
final class ReembedModels {

    static final List<String> PROVIDERS = List.of("onnx", "openai", "ollama", "offline");

    private ReembedModels() {
    }

    /**
     * The model of {@code choice}: its model name ({@code onnx}: default the first in-process model; {@code offline}:
     * none), dimension (required for an endpoint; {@code onnx}: the model's), base URL ({@code null}: the configured).
     */
    static EmbeddingModel build(PipelineSettings settings, EmbeddingModelChoice choice) {
        String provider = choice.provider();
        String model = choice.model();
        Integer dimension = choice.dimension();
        String baseUrl = choice.baseUrl();
        String p = provider.toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(p)) {
            throw InvalidInputException.invalid("provider", "provider must be one of " + PROVIDERS + ", not '"
                    + provider + "'");
        }
        if (dimension != null && (dimension < 2 || dimension > 16000)) {
            throw InvalidInputException.invalid("dimension", "dimension must be a whole number from 2 to 16000");
        }
        PipelineSettings.Embedding configured = settings.embedding();
        String threads = configured == null ? null : configured.threads();
        String dim = dimension == null ? null : String.valueOf(dimension);
        boolean endpoint = p.equals("openai") || p.equals("ollama");
        if (!endpoint && baseUrl != null) {
            throw InvalidInputException.invalid("base_url", "provider " + p + " uses no endpoint; leave the base URL "
                    + "out");
        }
        PipelineSettings.Embedding e;
        if (endpoint) {
            if (model == null || model.isBlank()) {
                throw InvalidInputException.missing("model", "model is required for provider " + p);
            }
            if (dimension == null) {
                throw InvalidInputException.missing("dimension", "dimension is required for provider " + p
                        + ": the number of dimensions of " + model + "'s vectors");
            }
            String base = baseUrl != null ? baseUrl : configured == null ? null : configured.baseUrl();
            if (base == null || base.isBlank()) {
                throw InvalidInputException.missing("base_url", "provider " + p + " needs an endpoint: give its base "
                        + "URL, or configure PIPELINE_EMBEDDING_BASE_URL");
            }
            String key = configured == null ? null : sameOrigin(base, configured.baseUrl()) ? configured.apiKey() : null;
            e = new PipelineSettings.Embedding(p, base.strip(), model.strip(), key, dim, threads);
        } else {
            if (p.equals("offline") && model != null && !model.isBlank()) {
                throw InvalidInputException.invalid("model", "provider offline has one model (the offline lexical "
                        + "embedder); leave the model out");
            }
            e = new PipelineSettings.Embedding(p, null, model == null || model.isBlank() ? null : model.strip(), null,
                    dim, threads);
        }
        return ModelSettings.of(settings.withEmbedding(e)).embeddingModel();
    }

    /** Whether two URLs share scheme, host and port (the configured key may go there). */
    static boolean sameOrigin(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            URI x = URI.create(a.strip());
            URI y = URI.create(b.strip());
            return Objects.equals(lower(x.getScheme()), lower(y.getScheme())) && Objects.equals(lower(x.getHost()),
                    lower(y.getHost())) && port(x) == port(y);
        } catch (IllegalArgumentException ex) {
            throw InvalidInputException.invalid("base_url", "the base URL is not a URL: " + ex.getMessage());
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
