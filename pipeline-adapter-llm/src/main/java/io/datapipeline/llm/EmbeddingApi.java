package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding HTTP APIs {@link HttpEmbeddingModel} speaks: where a batch goes, what its request body is and how the
 * vectors are read from the answer. Everything else (endpoint, retries, batching, dimension checks) is shared.
 */
enum EmbeddingApi {

    /** OpenAI-compatible: {@code POST {base}/embeddings}, {@code {"data": [{"index", "embedding"}]}}. */
    OPENAI("openai", "OpenAI-compatible embeddings", "/embeddings") {
        @Override
        Map<String, Object> body(String model, List<String> batch) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model);
            body.put("input", batch);
            return body;
        }

        @Override
        List<float[]> vectors(JsonNode answer, int batch, int dimension, String url) {
            JsonNode data = answer.path("data");
            if (!data.isArray()) {
                throw new ModelCallException("embedding endpoint " + url + " answered without a data array");
            }
            float[][] ordered = new float[data.size()][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode item = data.get(i);
                int index = item.has("index") ? item.get("index").asInt() : i;
                if (index < 0 || index >= data.size()) {
                    throw new ModelCallException("embedding endpoint " + url + " returned index " + index + " for a "
                            + "batch of " + batch);
                }
                ordered[index] = Vectors.read(item.path("embedding"), dimension, url);
            }
            return List.of(ordered);
        }
    },

    /** Ollama: {@code POST {base}/api/embed}, {@code {"embeddings": [[…]]}}. */
    OLLAMA("ollama", "Ollama embeddings", "/api/embed") {
        @Override
        Map<String, Object> body(String model, List<String> batch) {
            return Map.of("model", model, "input", batch);
        }

        @Override
        List<float[]> vectors(JsonNode answer, int batch, int dimension, String url) {
            List<float[]> out = new ArrayList<>();
            for (JsonNode v : answer.path("embeddings")) {
                out.add(Vectors.read(v, dimension, url));
            }
            return out;
        }
    };

    private final String provider;
    private final String label;
    private final String path;

    EmbeddingApi(String provider, String label, String path) {
        this.provider = provider;
        this.label = label;
        this.path = path;
    }

    /** The provider recorded with the vectors ({@code openai}, {@code ollama}). */
    String provider() {
        return provider;
    }

    String label() {
        return label;
    }

    /** The request path under the base URL. */
    String path() {
        return path;
    }

    abstract Map<String, Object> body(String model, List<String> batch);

    /** The batch's vectors, in input order, each checked to have {@code dimension} floats. */
    abstract List<float[]> vectors(JsonNode answer, int batch, int dimension, String url);
}
