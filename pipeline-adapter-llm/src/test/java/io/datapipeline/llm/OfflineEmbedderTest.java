package io.datapipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineEmbedderTest {

    private final OfflineEmbedder embedder = new OfflineEmbedder(1024);

    @Test
    void givenTheSameText_whenEmbeddedTwice_thenTheVectorsAreIdenticalAndUnitLength() {
        float[] a = embedder.embed(List.of("How many orders did each shop take?")).get(0);
        float[] b = new OfflineEmbedder(1024).embed(List.of("How many orders did each shop take?")).get(0);

        assertThat(a).hasSize(1024).isEqualTo(b);
        assertThat(norm(a)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void givenTextsSharingWords_whenCompared_thenTheyAreCloserThanUnrelatedOnes() {
        List<float[]> v = embedder.embed(List.of("revenue per shop and city", "shop revenue by city",
                "loyalty tier of customers"));

        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.3);
    }

    @Test
    void givenChineseOrEmptyText_whenEmbedded_thenTheVectorIsStillUnitLength() {
        assertThat(norm(embedder.embed(List.of("统计最近7天每个服务区的总营收")).get(0))).isCloseTo(1.0, within(1e-5));
        assertThat(norm(embedder.embed(List.of("")).get(0))).isCloseTo(1.0, within(1e-5));
        assertThat(OfflineEmbedder.tokens("服务区 revenue_total")).containsExactly("服", "务", "区", "revenue_total");
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
