package io.datapipeline.core.port.in;

import io.datapipeline.core.vector.StoreSearchResult;

/**
 * What the assistant would retrieve for a question: the question embedded by the configured model, the top k of one
 * collection by cosine distance.
 */
public interface SearchVectorStoreUseCase {

    /**
     * @throws io.datapipeline.core.domain.NotFoundException when the store has no such collection
     * @throws io.datapipeline.core.domain.ConflictException when the collection's vectors were made by another model
     *                                                       (or have another dimension) than the configured one: both
     *                                                       are named
     */
    StoreSearchResult search(SearchVectorStoreCommand command);
}
