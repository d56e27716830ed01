package io.datapipeline.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbeddingModelTest {

    private static OnnxEmbeddingModel bge;

    @BeforeAll
    static void load() {
        bge = new OnnxEmbeddingModel(OnnxModel.BGE_SMALL_ZH_V15_Q, 2);
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void givenTexts_whenEmbedded_thenOneUnitVectorOf512PerTextInOrder() {
        List<float[]> v = bge.embed(List.of("每个服务区的日营业额", "Which shop sold the most bikes?", ""));

        assertThat(v).hasSize(3);
        for (float[] x : v) {
            assertThat(x).hasSize(512);
            assertThat(cosine(x, x)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            double norm = 0;
            for (float f : x) {
                norm += f * f;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(bge.provenance()).isEqualTo(EmbeddingProvenance.of("onnx", "bge-small-zh-v1.5-q", 512));
    }

    @Test
    void givenRelatedAndUnrelatedTexts_whenEmbedded_thenTheRelatedOnesAreCloser() {
        List<float[]> v = bge.embed(List.of("服务区的营业收入", "各服务区每天的营业额是多少", "今天的天气很好，适合骑自行车"));

        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)));
    }

    @Test
    void givenATextAloneAndAmongOthers_whenEmbedded_thenItsVectorIsExactlyTheSame() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("第" + i + "个问题：哪个服务区在" + (2000 + i) + "年的营业额最高？");
        }
        texts.add("select sum(pay_sum) from bss_business_day_data where oper_date = '2023-04-01' group by service_name");
        List<float[]> batched = bge.embed(texts);

        for (int i : new int[] {0, 17, 40}) {
            float[] alone = bge.embed(List.of(texts.get(i))).get(0);
            assertThat(alone).as("text %d", i).containsExactly(batched.get(i));
        }
    }

    @Test
    void givenAVeryLongText_whenEmbedded_thenItIsCutAt512Tokens() {
        String longText = "服务区营业额".repeat(400);

        assertThat(bge.tokenIds(longText)).hasSize(512);
        assertThat(bge.embed(List.of(longText)).get(0)).hasSize(512);
    }

    @Test
    void givenAClosedModel_whenUsed_thenItSaysSo() {
        OnnxEmbeddingModel m = new OnnxEmbeddingModel(OnnxModel.ALL_MINILM_L6_V2_Q, 1);
        assertThat(m.embed(List.of("a bicycle shop")).get(0)).hasSize(384);
        m.close();

        assertThatThrownBy(() -> m.embed(List.of("x"))).hasMessageContaining("closed");
    }
}
