package io.datapipeline.vectoradmin.port;

import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the LangChain tables mean, on top of the raw tables of a {@link VectorTransaction}: collections by
 * name, their embedding provenance, training rows with Vanna's ids and metadata. Handed out by the transaction it
 * works in ({@link VectorTransaction#langchain()}), so a load is all or nothing and an implementation never meets a
 * transaction of another store. Works on both LangChain schema generations.
 */
public interface LangChainTables {

    /**
     * Creates what is missing, as langchain_postgres creates it: the {@code vector} extension, the two tables
     * with their key, foreign key ({@code ON DELETE CASCADE}) and {@code jsonb_path_ops} GIN index, and the
     * named collections (with JSON {@code cmetadata}). Existing objects are used as they are.
     *
     * @return what was created, in order, for the report (empty when everything existed)
     */
    List<String> ensure(Collection<String> collections);

    /** Every collection with its rows, dimensions and recorded provenance; empty when the tables do not exist. */
    Map<String, CollectionState> collections();

    /**
     * The same collections, with their embedding rows and dimensions taken from {@code counts} (counted by the
     * caller in the same snapshot, e.g. while exporting the embedding table) instead of reading the embedding
     * table again: only the collection table is read.
     */
    Map<String, CollectionState> collections(EmbeddingCounts counts);

    /**
     * Deletes the embedding rows of the named collections (a {@code DELETE}: readers see them until commit).
     *
     * @return rows deleted
     */
    long deleteEmbeddings(Collection<String> collections);

    /**
     * Writes items into their collections (which must exist, see {@link #ensure}).
     *
     * @param skipExisting when true, an item whose id, or whose document in the same collection, is already
     *                     stored is not written again
     * @return per collection: rows inserted and items skipped because they were stored already
     */
    Map<String, WriteCount> write(List<TrainingItem> items, boolean skipExisting);

    /** Records {@code provenance} in the {@code cmetadata} of the named collections, keeping what else is there. */
    void recordProvenance(Collection<String> collections, EmbeddingProvenance provenance);

    /**
     * Finds (and with {@code remove}, deletes) rows whose collection and document equal an earlier row's,
     * keeping one row per (collection, document): the one with the content id when there is one, else the
     * smallest id.
     *
     * @return per collection: duplicate rows found (and removed)
     */
    Map<String, Long> duplicates(boolean remove);

    /**
     * Rows written and skipped for one collection.
     *
     * @param inserted        rows added
     * @param skippedExisting items not written because the collection held them already
     */
    record WriteCount(long inserted, long skippedExisting) {
    }
}
