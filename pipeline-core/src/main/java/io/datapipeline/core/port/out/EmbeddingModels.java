package io.datapipeline.core.port.out;

import io.datapipeline.core.vector.EmbeddingModelChoice;

/** Builds an embedding model other than the configured one (a re-embed's target). */
@FunctionalInterface
public interface EmbeddingModels {

    /** Refuses every choice: for services built without model adapters. */
    EmbeddingModels NONE = choice -> {
        throw new IllegalStateException("this service was built without embedding model adapters; it cannot build "
                + choice.describe());
    };

    /**
     * The model; close it after use when it is {@link AutoCloseable} (an in-process model holds native memory).
     *
     * @throws io.datapipeline.core.domain.InvalidInputException when the choice is incomplete or wrong for its provider
     */
    EmbeddingModel open(EmbeddingModelChoice choice);
}
