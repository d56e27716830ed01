package io.datapipeline.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.fakes.FakeJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The assistant's side: vectors of the same ONNX model computed independently of this adapter — own tokenizer,
 * own numpy evaluation of the graph, no onnxruntime and no HuggingFace tokenizers
 * ({@code reference/make_reference_vectors.py}, which wrote {@code reference/bge-small-zh-v1.5-q.reference.json}) —
 * must be what the in-process model gives for the same texts: the same token ids and (nearly) the same vectors.
 */
class ReferenceVectorsTest {

    @Test
    @SuppressWarnings("unchecked")
    void givenTheIndependentlyComputedReferenceVectors_whenTheSameTextsAreEmbeddedInProcess_thenTheyAgree()
            throws IOException {
        Map<String, Object> doc;
        try (InputStream in = ReferenceVectorsTest.class.getResourceAsStream("/reference/bge-small-zh-v1.5-q.reference.json")) {
            doc = (Map<String, Object>) FakeJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(doc.get("model")).isEqualTo("bge-small-zh-v1.5-q");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("texts");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(6);
        try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(OnnxModel.BGE_SMALL_ZH_V15_Q, 2)) {
            List<float[]> ours = model.embed(rows.stream().map(r -> (String) r.get("text")).toList());
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> r = rows.get(i);
                long[] ids = ((List<Number>) r.get("token_ids")).stream().mapToLong(Number::longValue).toArray();
                assertThat(model.tokenIds((String) r.get("text"))).as("token ids of %s", r.get("text")).containsExactly(ids);
                List<Number> ref = (List<Number>) r.get("vector");
                float[] reference = new float[ref.size()];
                for (int d = 0; d < reference.length; d++) {
                    reference[d] = ref.get(d).floatValue();
                }
                assertThat(reference).hasSize(512);
                assertThat(OnnxEmbeddingModelTest.cosine(ours.get(i), reference)).as("cosine for %s", r.get("text"))
                        .isGreaterThan(0.999);
            }
        }
    }
}
