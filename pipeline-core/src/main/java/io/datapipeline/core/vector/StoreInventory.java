package io.datapipeline.core.vector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store holds, collection by collection, and whether the configured embedding model can search it.
 *
 * @param collections every collection with its rows, dimensions, recorded model and compatibility
 * @param embedder    the configured embedding model's description
 * @param configured  its provenance, or empty when none is configured ({@code embedderProblem} says why)
 * @param embedderProblem why no model can be used, or {@code null}
 */
public record StoreInventory(List<Collection> collections, String embedder, Optional<EmbeddingProvenance> configured,
        String embedderProblem) {

    public StoreInventory {
        collections = List.copyOf(collections);
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(configured, "configured");
    }

    /**
     * One collection.
     *
     * @param state         rows, dimensions and recorded provenance
     * @param compatibility whether the configured model's questions can be searched against it
     */
    public record Collection(CollectionState state, Compatibility compatibility) {
    }

    /** Whether a question embedded by the configured model can be compared with a collection's vectors. */
    public enum Compatibility {
        /** The collection's recorded model is the configured one. */
        SAME_MODEL("same_model"),
        /** No model is recorded, but the dimension matches: probably searchable, not certain. */
        NOT_RECORDED("not_recorded"),
        /** Another model is recorded: its vectors cannot be compared with the configured model's. */
        OTHER_MODEL("other_model"),
        /** Vectors of another dimension: a search would fail. */
        OTHER_DIMENSION("other_dimension"),
        /** No rows. */
        EMPTY("empty"),
        /** No embedding model is configured. */
        NO_MODEL("no_model");

        private final String wire;

        Compatibility(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** Decides for one collection. */
        public static Compatibility of(CollectionState c, Optional<EmbeddingProvenance> configured) {
            if (c.rows() == 0) {
                return EMPTY;
            }
            if (configured.isEmpty()) {
                return NO_MODEL;
            }
            EmbeddingProvenance p = configured.get();
            if (c.dimensions().keySet().stream().anyMatch(d -> d != p.dimension())) {
                return OTHER_DIMENSION;
            }
            if (c.provenance() == null) {
                return NOT_RECORDED;
            }
            return c.provenance().sameModelAs(p) ? SAME_MODEL : OTHER_MODEL;
        }
    }
}
