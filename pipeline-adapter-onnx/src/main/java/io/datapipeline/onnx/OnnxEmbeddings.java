package io.datapipeline.onnx;

import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.llm.LocalEmbeddings;
import java.util.List;

/** The in-process embedder's entry in {@code META-INF/services/io.datapipeline.llm.LocalEmbeddings}. */
public final class OnnxEmbeddings implements LocalEmbeddings {

    /** The provider name recorded in the store's provenance. */
    public static final String PROVIDER = "onnx";

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<String> models() {
        return OnnxModel.names();
    }

    @Override
    public int dimension(String model) {
        return require(model).dimension();
    }

    @Override
    public EmbeddingModel open(String model, int threads) {
        return new OnnxEmbeddingModel(require(model), threads);
    }

    private static OnnxModel require(String model) {
        return OnnxModel.byName(model).orElseThrow(() -> new IllegalArgumentException("not an in-process model: "
                + model + " (known: " + String.join(", ", OnnxModel.names()) + ")"));
    }
}
