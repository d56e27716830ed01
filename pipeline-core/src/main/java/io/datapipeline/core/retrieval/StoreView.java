package io.datapipeline.core.retrieval;

import io.datapipeline.core.vector.StoreHit;
import java.util.List;

/**
 * A store as the evaluation searches it: the top {@code k} of a collection for a query vector, nearest first, as the
 * assistant would retrieve them. The committed store ({@code VectorStoreReader::search}), or the store a reload's
 * transaction sees before it commits — which is how a reload can measure the old and the new store with the same
 * questions.
 */
@FunctionalInterface
public interface StoreView {

    List<StoreHit> search(String collection, float[] query, int k);
}
