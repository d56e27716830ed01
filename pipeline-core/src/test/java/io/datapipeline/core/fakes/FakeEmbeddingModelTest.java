package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.EmbeddingModelContract;
import io.datapipeline.core.port.out.EmbeddingModel;

/** The fake honours the same contract as the embedding adapters. */
class FakeEmbeddingModelTest extends EmbeddingModelContract {

    @Override
    protected EmbeddingModel model() {
        return new FakeEmbeddingModel(8);
    }
}
