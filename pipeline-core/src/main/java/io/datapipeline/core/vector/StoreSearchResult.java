package io.datapipeline.core.vector;

import java.util.List;
import java.util.Objects;

/**
 * The top k of one collection for one question, exactly as the assistant would retrieve them (langchain_postgres:
 * the collection found by name, {@code ORDER BY embedding <=> q LIMIT k}).
 *
 * @param collection the collection searched
 * @param question   the question as given
 * @param k          how many were asked for
 * @param model      the model that embedded the question
 * @param hits       nearest first
 * @param warnings   notes (no recorded model, an empty collection)
 */
public record StoreSearchResult(String collection, String question, int k, EmbeddingProvenance model,
        List<StoreHit> hits, List<String> warnings) {

    public StoreSearchResult {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(model, "model");
        hits = List.copyOf(hits);
        warnings = List.copyOf(warnings);
    }
}
