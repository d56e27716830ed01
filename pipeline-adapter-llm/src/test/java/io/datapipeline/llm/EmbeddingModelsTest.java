package io.datapipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.llm.testing.FakeModelServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingModelsTest {

    private final FakeModelServer server = new FakeModelServer().embeddingDimension(8);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void givenManyTexts_whenEmbeddingOverTheOpenAiApi_thenTheyGoInBatchesAndComeBackInOrder() {
        HttpEmbeddingModel model = HttpEmbeddingModel.openAi(ModelEndpoint.of(server.baseUrl(), "emb", null), 8, 2);

        List<float[]> vectors = model.embed(List.of("a", "b", "c"));

        assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(8));
        assertThat(server.requests()).hasSize(2);
        assertThat(vectors.get(0)).isEqualTo(model.embed(List.of("a")).get(0));
        assertThat(vectors.get(0)).isNotEqualTo(vectors.get(1));
    }

    @Test
    void givenVectorsOfAnotherDimension_whenEmbedding_thenTheErrorSaysWhichSettingToFix() {
        HttpEmbeddingModel model = HttpEmbeddingModel.openAi(ModelEndpoint.of(server.baseUrl(), "emb", null), 1024, 16);

        assertThatThrownBy(() -> model.embed(List.of("x"))).isInstanceOf(ModelCallException.class)
                .hasMessageContaining("8-dimensional").hasMessageContaining("PIPELINE_EMBEDDING_DIMENSION is 1024");
    }

    @Test
    void givenOllama_whenEmbedding_thenItUsesApiEmbed() {
        HttpEmbeddingModel model = HttpEmbeddingModel.ollama(ModelEndpoint.of(server.rootUrl(), "bge-m3", null)
                .withTimeouts(Duration.ofSeconds(5), 0, Duration.ofMillis(1)), 8, 16);

        assertThat(model.embed(List.of("x", "y"))).hasSize(2);
        assertThat(server.requests().get(0).path()).isEqualTo("/api/embed");
    }

    @Test
    void givenNoEmbeddingEndpointAndNoInProcessArtifact_whenBuildingFromSettings_thenEveryUseIsRefusedNamingTheArtifactAndTheSettings() {
        ModelSettings settings = ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_DIMENSION", "256"));

        assertThat(settings.languageModel()).isEmpty();
        EmbeddingModel model = settings.embeddingModel();
        assertThat(model).isNotInstanceOf(OfflineEmbedder.class);
        assertThatThrownBy(model::provenance).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PIPELINE_EMBEDDING_BASE_URL").hasMessageContaining("PIPELINE_EMBEDDING_PROVIDER=offline")
                .hasMessageContaining("io.datapipeline:pipeline-adapter-onnx");
        assertThatThrownBy(() -> model.embed(List.of("x"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void givenTheInProcessProviderOrAModelNameWithoutItsArtifact_whenBuilding_thenTheArtifactIsNamed() {
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_PROVIDER", "onnx")).embeddingModel())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("io.datapipeline:pipeline-adapter-onnx");
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_MODEL", "bge-m3")).embeddingModel())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_EMBEDDING_MODEL=bge-m3")
                .hasMessageContaining("PIPELINE_EMBEDDING_BASE_URL");
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_PROVIDER", "cohere",
                "PIPELINE_EMBEDDING_BASE_URL", "http://localhost:1/v1", "PIPELINE_EMBEDDING_MODEL", "m")).embeddingModel())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("onnx, openai, ollama or offline");
    }

    @Test
    void givenTheOfflineProviderAskedFor_whenBuilding_thenTheOfflineEmbedderIsUsedWithItsOwnProvenance() {
        EmbeddingModel model = ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_PROVIDER", "offline",
                "PIPELINE_EMBEDDING_DIMENSION", "256")).embeddingModel();

        assertThat(model).isInstanceOf(OfflineEmbedder.class);
        assertThat(model.provenance()).isEqualTo(EmbeddingProvenance.of("offline", OfflineEmbedder.MODEL, 256));
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_PROVIDER", "offline",
                "PIPELINE_EMBEDDING_BASE_URL", "http://localhost:1/v1")).embeddingModel())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("remove one");
    }

    @Test
    void givenHalfAChatConfigurationOrABadDimension_whenBuilding_thenTheSettingIsNamed() {
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_LLM_MODEL", "gpt")).languageModel())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_LLM_BASE_URL");
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_EMBEDDING_DIMENSION", "big")).embeddingModel())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIPELINE_EMBEDDING_DIMENSION");
        assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("PIPELINE_LLM_BASE_URL", "ftp://x", "PIPELINE_LLM_MODEL",
                "m")).languageModel()).isInstanceOf(InvalidInputException.class).hasMessageContaining("http(s)");
    }
}
