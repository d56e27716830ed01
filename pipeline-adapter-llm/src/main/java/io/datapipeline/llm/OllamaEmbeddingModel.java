package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ollama embeddings ({@code POST {base}/api/embed}, e.g. {@code http://localhost:11434}). */
public final class OllamaEmbeddingModel implements EmbeddingModel {

    private final ModelEndpoint endpoint;
    private final JsonHttp http;
    private final int dimension;
    private final int batchSize;

    public OllamaEmbeddingModel(ModelEndpoint endpoint, int dimension, int batchSize) {
        this.endpoint = endpoint;
        this.http = new JsonHttp(endpoint);
        this.dimension = dimension;
        this.batchSize = batchSize;
    }

    @Override
    public String describe() {
        return "Ollama embeddings " + endpoint.describe() + " (" + dimension + " dimensions)";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public EmbeddingProvenance provenance() {
        return EmbeddingProvenance.of("ollama", endpoint.model(), dimension);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        String url = endpoint.baseUrl() + "/api/embed";
        return Batches.embed(texts, batchSize, url, batch -> {
            JsonNode vectors = http.post("/api/embed", Map.of("model", endpoint.model(), "input", batch))
                    .path("embeddings");
            List<float[]> out = new ArrayList<>();
            for (JsonNode v : vectors) {
                out.add(Vectors.read(v, dimension, url));
            }
            return out;
        });
    }
}
