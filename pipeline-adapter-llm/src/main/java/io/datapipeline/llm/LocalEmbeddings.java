package io.datapipeline.llm;

import io.datapipeline.core.port.out.EmbeddingModel;
import java.util.List;

/**
 * An embedder that runs in this process (no endpoint), found with {@link java.util.ServiceLoader}: the artifact
 * that provides it ({@code io.datapipeline:pipeline-adapter-onnx}) registers itself in
 * {@code META-INF/services/io.datapipeline.llm.LocalEmbeddings}. {@link ModelSettings} uses it when no embedding
 * endpoint is configured, or when its provider is asked for; a library user who brings an endpoint leaves the
 * artifact out.
 */
public interface LocalEmbeddings {

    /** The value of {@code PIPELINE_EMBEDDING_PROVIDER} that selects it ({@code onnx}). */
    String provider();

    /** The model names it runs; the first one is the default. */
    List<String> models();

    /** The fixed dimension of a model's vectors. */
    int dimension(String model);

    /**
     * The model, ready to use; the model files are loaded on the first {@link EmbeddingModel#embed} (so building it
     * costs nothing), and released when it is closed.
     *
     * @param model   one of {@link #models()}
     * @param threads intra-op threads of the inference
     */
    EmbeddingModel open(String model, int threads);
}
