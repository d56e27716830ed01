package io.datapipeline.rest.api;

import io.datapipeline.core.port.out.EmbeddingModel;

/** Builds the model a re-embed moves the store to (the assembly knows how), and gives it back afterwards. */
public interface ReembedTargets {

    /**
     * @param provider  {@code onnx}, {@code openai}, {@code ollama} or {@code offline}
     * @param model     the model's name, or {@code null}
     * @param dimension its vectors' dimension, or {@code null}
     * @param baseUrl   its endpoint, or {@code null} for the configured one
     */
    EmbeddingModel build(String provider, String model, Integer dimension, String baseUrl);

    /** Closes what {@link #build} opened. */
    void release(EmbeddingModel model);
}
