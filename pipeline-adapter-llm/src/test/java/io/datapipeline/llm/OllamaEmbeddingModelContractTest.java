package io.datapipeline.llm;

import io.datapipeline.core.contract.EmbeddingModelContract;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.llm.testing.FakeModelServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Ollama embeddings, on a local model server, honour the same contract as the fake. */
class OllamaEmbeddingModelContractTest extends EmbeddingModelContract {

    private final FakeModelServer server = new FakeModelServer().embeddingDimension(8);

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected EmbeddingModel model() {
        return HttpEmbeddingModel.ollama(ModelEndpoint.of(server.rootUrl(), "bge-m3", null)
                .withTimeouts(Duration.ofSeconds(5), 0, Duration.ofMillis(1)), 8, 2);
    }
}
