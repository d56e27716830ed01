package io.datapipeline.core.vector;

import io.datapipeline.core.domain.InvalidInputException;

/**
 * An embedding model named by an operator (a re-embed's target), before it is built: the adapters that build models
 * say what is missing or wrong for the provider.
 *
 * @param provider  {@code onnx}, {@code openai}, {@code ollama}, {@code offline}
 * @param model     the model's name, or {@code null}
 * @param dimension its vectors' dimension, or {@code null}
 * @param baseUrl   its endpoint, or {@code null} for the configured one
 */
public record EmbeddingModelChoice(String provider, String model, Integer dimension, String baseUrl) {

    public EmbeddingModelChoice {
        if (provider == null || provider.isBlank()) {
            throw InvalidInputException.missing("provider", "provider is required: onnx, openai, ollama or offline");
        }
        provider = provider.strip();
        model = model == null || model.isBlank() ? null : model.strip();
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
    }

    /** {@code provider/model}, as far as named. */
    public String describe() {
        return provider + "/" + (model == null ? "(default model)" : model) + (dimension == null ? ""
                : " (" + dimension + " dimensions)");
    }
}
