package io.datapipeline.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Sends texts to an embedding endpoint in batches and checks one vector comes back per text. */
final class Batches {

    private Batches() {
    }

    static List<float[]> embed(List<String> texts, int batchSize, String endpoint,
            Function<List<String>, List<float[]>> call) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            List<float[]> vectors = call.apply(batch);
            if (vectors.size() != batch.size()) {
                throw new ModelCallException("embedding endpoint " + endpoint + " returned " + vectors.size()
                        + " vectors for " + batch.size() + " texts");
            }
            out.addAll(vectors);
        }
        return out;
    }
}
