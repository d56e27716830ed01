package io.datapipeline.core.vector;

import java.util.Objects;

/**
 * One row a similarity search returned, as langchain_postgres returns it to the assistant.
 *
 * @param id       the row's id ({@code <uuid>-ddl}, {@code -doc}, {@code -sql})
 * @param document the text
 * @param distance cosine distance to the query vector ({@code embedding <=> q}), smallest first
 */
public record StoreHit(String id, String document, double distance) {

    public StoreHit {
        Objects.requireNonNull(id, "id");
        document = document == null ? "" : document;
    }

    /** Cosine similarity, {@code 1 - distance} (langchain's relevance score for cosine). */
    public double similarity() {
        return 1.0 - distance;
    }
}
