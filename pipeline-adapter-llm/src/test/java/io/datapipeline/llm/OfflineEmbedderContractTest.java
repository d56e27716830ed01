package io.datapipeline.llm;

import io.datapipeline.core.contract.EmbeddingModelContract;
import io.datapipeline.core.port.out.EmbeddingModel;

/** The offline embedder honours the same contract as the fake and the remote models. */
class OfflineEmbedderContractTest extends EmbeddingModelContract {

    @Override
    protected EmbeddingModel model() {
        return new OfflineEmbedder(64);
    }
}
