package io.datapipeline.core.port.out;

import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.StoreHit;
import java.util.List;
import java.util.Map;

/**
 * Reads the LangChain store the way the assistant does, outside any vector-table operation: no store lock, no
 * writes, each call its own snapshot. Self-contained on purpose: it needs nothing of vector management's
 * {@code VectorTableStore}, which lives in pipeline-vector-admin.
 */
public interface VectorStoreReader {

    /** Every collection with its rows, dimensions and recorded provenance, by name; empty when there are no tables. */
    Map<String, CollectionState> collections();

    /**
     * The {@code k} rows of the collection named {@code collection} nearest to {@code query} by cosine distance,
     * nearest first: langchain_postgres's query (the first collection row of that name, {@code ORDER BY embedding
     * <=> q LIMIT k}). Empty when there is no such collection.
     */
    List<StoreHit> search(String collection, float[] query, int k);
}
