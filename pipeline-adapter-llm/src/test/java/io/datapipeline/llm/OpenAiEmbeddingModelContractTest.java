package io.datapipeline.llm;

import io.datapipeline.core.contract.EmbeddingModelContract;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.llm.testing.FakeModelServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** OpenAI-compatible embeddings, on a local model server, honour the same contract as the fake. */
class OpenAiEmbeddingModelContractTest extends EmbeddingModelContract {

    private final FakeModelServer server = new FakeModelServer().embeddingDimension(8);

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected EmbeddingModel model() {
        return HttpEmbeddingModel.openAi(ModelEndpoint.of(server.baseUrl(), "text-embedding-test", "sk-test")
                .withTimeouts(Duration.ofSeconds(5), 0, Duration.ofMillis(1)), 8, 2);
    }
}
