package io.datapipeline.llm;

import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;

/** An embedding endpoint over HTTP ({@link EmbeddingApi}: OpenAI-compatible or Ollama), in batches. */
public final class HttpEmbeddingModel implements EmbeddingModel {

    private final EmbeddingApi api;
    private final ModelEndpoint endpoint;
    private final JsonHttp http;
    private final int dimension;
    private final int batchSize;

    private HttpEmbeddingModel(EmbeddingApi api, ModelEndpoint endpoint, int dimension, int batchSize) {
        this.api = api;
        this.endpoint = endpoint;
        this.http = new JsonHttp(endpoint);
        this.dimension = dimension;
        this.batchSize = batchSize;
    }

    /**
     * OpenAI-compatible embeddings ({@code POST {base}/embeddings}).
     *
     * @param dimension the dimension the vectors must have (checked on every answer)
     * @param batchSize texts per request
     */
    public static HttpEmbeddingModel openAi(ModelEndpoint endpoint, int dimension, int batchSize) {
        return new HttpEmbeddingModel(EmbeddingApi.OPENAI, endpoint, dimension, batchSize);
    }

    /** Ollama embeddings ({@code POST {base}/api/embed}, e.g. {@code http://localhost:11434}). */
    public static HttpEmbeddingModel ollama(ModelEndpoint endpoint, int dimension, int batchSize) {
        return new HttpEmbeddingModel(EmbeddingApi.OLLAMA, endpoint, dimension, batchSize);
    }

    @Override
    public String describe() {
        return api.label() + " " + endpoint.describe() + " (" + dimension + " dimensions)";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public EmbeddingProvenance provenance() {
        return EmbeddingProvenance.of(api.provider(), endpoint.model(), dimension);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        String url = endpoint.baseUrl() + api.path();
        return Batches.embed(texts, batchSize, url, batch -> api.vectors(http.post(api.path(),
                api.body(endpoint.model(), batch)), batch.size(), dimension, url));
    }
}
