package io.datapipeline.core.service;

import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.StoreInventory.Compatibility;
import java.util.Optional;

/**
 * Whether questions embedded by the configured model may be searched against a collection: never against vectors
 * of another recorded model or another dimension (the ranking would be meaningless, or the query would fail).
 */
final class StoreGuard {

    private StoreGuard() {
    }

    /** Refuses, naming both models, or returns a warning when the collection's model was never recorded. */
    static Optional<String> check(CollectionState c, EmbeddingProvenance configured) {
        Compatibility compatibility = Compatibility.of(c, Optional.of(configured));
        return switch (compatibility) {
            case OTHER_DIMENSION -> throw new ConflictException("refused: collection '" + c.name() + "' holds vectors of "
                    + c.dimensions().keySet() + " dimensions" + (c.provenance() == null ? "" : " made by "
                    + c.provenance().describe()) + ", but the configured embedding model " + configured.describe()
                    + " makes " + configured.dimension() + "-dimensional vectors; configure the store's model "
                    + "(PIPELINE_EMBEDDING_*) to search it");
            case OTHER_MODEL -> throw new ConflictException("refused: collection '" + c.name() + "' holds vectors made by "
                    + c.provenance().describe() + ", but the configured embedding model is " + configured.describe()
                    + "; distances between vectors of two models mean nothing. Configure the store's model "
                    + "(PIPELINE_EMBEDDING_PROVIDER, PIPELINE_EMBEDDING_MODEL…) to search it");
            case NOT_RECORDED -> Optional.of("collection '" + c.name() + "' records no embedding model; its "
                    + c.dimensions().keySet() + "-dimensional vectors are searched with " + configured.describe()
                    + ", which is right only if that model made them");
            default -> Optional.empty();
        };
    }
}
