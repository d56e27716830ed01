package io.datapipeline.core.port.in;

/**
 * Re-embeds the documents of the store (every collection, or the named ones) with another embedding model: the
 * documents are embedded before any lock is taken, in batches kept in a resume cache (an interrupted run embeds only
 * what is left when it is run again); then, under the store lock, a backup set of both tables is taken and one
 * transaction rewrites the vectors, changes the embedding column's type when it has a fixed dimension that the new
 * model does not give, and records the new model in the collections. Readers see the old vectors until the commit and
 * the new ones after it, never a mix. A dry run only counts and estimates.
 */
public interface ReembedVectorStoreUseCase {

    ReembedReport reembed(ReembedVectorStoreCommand command);
}
