package io.datapipeline.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.llm.ModelSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With this module on the class path, {@link ModelSettings} finds it (ServiceLoader) and uses it by default. */
class InProcessDefaultTest {

    private static EmbeddingModel build(Map<String, String> env) {
        return ModelSettings.fromEnv(env).embeddingModel();
    }

    @Test
    void givenNoEmbeddingSettingAtAll_whenBuilding_thenTheInProcessBgeModelIsTheDefaultWithItsOwnDimension() {
        EmbeddingModel m = build(Map.of());

        assertThat(m).isInstanceOf(OnnxEmbeddingModel.class);
        assertThat(m.provenance()).isEqualTo(EmbeddingProvenance.of("onnx", "bge-small-zh-v1.5-q", 512));
        assertThat(m.dimension()).isEqualTo(512);
        assertThat(m.describe()).contains("bge-small-zh-v1.5-q").contains("BAAI/bge-small-zh-v1.5");
    }

    @Test
    void givenTheProviderOrTheOtherModel_whenBuilding_thenThatModelIsUsed() {
        assertThat(build(Map.of("PIPELINE_EMBEDDING_PROVIDER", "onnx")).provenance().model())
                .isEqualTo("bge-small-zh-v1.5-q");
        EmbeddingModel minilm = build(Map.of("PIPELINE_EMBEDDING_MODEL", "all-minilm-l6-v2-q",
                "PIPELINE_EMBEDDING_THREADS", "1"));
        assertThat(minilm.provenance()).isEqualTo(EmbeddingProvenance.of("onnx", "all-minilm-l6-v2-q", 384));
        assertThat(minilm.describe()).contains("1 thread)");
    }

    @Test
    void givenADimensionThatContradictsTheModel_whenBuilding_thenBothAreNamed() {
        assertThatThrownBy(() -> build(Map.of("PIPELINE_EMBEDDING_DIMENSION", "1024")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PIPELINE_EMBEDDING_DIMENSION=1024").hasMessageContaining("512")
                .hasMessageContaining("bge-small-zh-v1.5-q");
        assertThat(build(Map.of("PIPELINE_EMBEDDING_DIMENSION", "512")).dimension()).isEqualTo(512);
        assertThatThrownBy(() -> build(Map.of("PIPELINE_EMBEDDING_MODEL", "all-minilm-l6-v2-q",
                "PIPELINE_EMBEDDING_DIMENSION", "512"))).hasMessageContaining("384");
    }

    @Test
    void givenContradictoryOrUnknownSettings_whenBuilding_thenTheSettingToFixIsNamed() {
        assertThatThrownBy(() -> build(Map.of("PIPELINE_EMBEDDING_PROVIDER", "onnx", "PIPELINE_EMBEDDING_BASE_URL",
                "http://localhost:1/v1"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("remove one");
        assertThatThrownBy(() -> build(Map.of("PIPELINE_EMBEDDING_MODEL", "text-embedding-3-small")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bge-small-zh-v1.5-q, all-minilm-l6-v2-q")
                .hasMessageContaining("PIPELINE_EMBEDDING_BASE_URL");
        assertThatThrownBy(() -> build(Map.of("PIPELINE_EMBEDDING_PROVIDER", "onnx", "PIPELINE_EMBEDDING_MODEL",
                "bge-m3"))).hasMessageContaining("not an in-process model");
        assertThatThrownBy(() -> build(Map.of("PIPELINE_EMBEDDING_THREADS", "many")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_EMBEDDING_THREADS");
    }

    @Test
    void givenAnEndpoint_whenBuilding_thenTheEndpointIsUsedNotTheInProcessModel() {
        EmbeddingModel m = build(Map.of("PIPELINE_EMBEDDING_BASE_URL", "http://localhost:1/v1",
                "PIPELINE_EMBEDDING_MODEL", "bge-m3"));

        assertThat(m.provenance()).isEqualTo(EmbeddingProvenance.of("openai", "bge-m3", 1024));
    }
}
