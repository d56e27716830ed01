package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI-compatible embeddings ({@code POST {base}/embeddings}), in batches. */
public final class OpenAiEmbeddingModel implements EmbeddingModel {

    private final ModelEndpoint endpoint;
    private final JsonHttp http;
    private final int dimension;
    private final int batchSize;

    /**
     * @param endpoint  the embeddings endpoint
     * @param dimension the dimension the vectors must have (checked on every answer)
     * @param batchSize texts per request
     */
    public OpenAiEmbeddingModel(ModelEndpoint endpoint, int dimension, int batchSize) {
        this.endpoint = endpoint;
        this.http = new JsonHttp(endpoint);
        this.dimension = dimension;
        this.batchSize = batchSize;
    }

    @Override
    public String describe() {
        return "OpenAI-compatible embeddings " + endpoint.describe() + " (" + dimension + " dimensions)";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public EmbeddingProvenance provenance() {
        return EmbeddingProvenance.of("openai", endpoint.model(), dimension);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        String url = endpoint.baseUrl() + "/embeddings";
        return Batches.embed(texts, batchSize, url, batch -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", endpoint.model());
            body.put("input", batch);
            JsonNode data = http.post("/embeddings", body).path("data");
            if (!data.isArray()) {
                throw new ModelCallException("embedding endpoint " + url + " answered without a data array");
            }
            float[][] ordered = new float[data.size()][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode item = data.get(i);
                int index = item.has("index") ? item.get("index").asInt() : i;
                if (index < 0 || index >= data.size()) {
                    throw new ModelCallException("embedding endpoint " + url + " returned index " + index + " for a "
                            + "batch of " + batch.size());
                }
                ordered[index] = Vectors.read(item.path("embedding"), dimension, url);
            }
            return List.of(ordered);
        });
    }
}
