package io.datapipeline.vectoradmin.port;

import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.StoreHit;
import io.datapipeline.core.vector.TrainingItem;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * Which of the items the store holds already: the ids present, and the ids of items whose collection holds the same
     * document under another id (another tool's row).
     */
    Stored stored(Collection<TrainingItem> items);

    /**
     * Keeps, for the rest of the transaction, the stored rows with these ids (their vectors, documents and metadata), so
     * that a truncating reload can write them back after its removal instead of embedding them again.
     *
     * @return rows kept
     */
    long carry(Collection<String> ids);

    /**
     * Writes the rows kept by {@link #carry} back into their collections (found by name, which must exist by then).
     *
     * @return per collection: rows written back
     */
    Map<String, Long> restoreCarried();

    /**
     * Deletes the embedding rows of the named collections ({@code null}: of every collection, and rows without one)
     * whose id is not in {@code keep} (a {@code DELETE}: readers see them until commit).
     *
     * @return per collection: rows deleted
     */
    Map<String, Long> deleteExcept(Collection<String> collections, Set<String> keep);

    /**
     * Deletes the collections not named in {@code keep}, their embedding rows first.
     *
     * @return collection rows deleted
     */
    long deleteCollectionsExcept(Set<String> keep);

    /**
     * The {@code k} rows of the collection named {@code collection} nearest to {@code query} by cosine distance, as
     * this transaction sees them (langchain_postgres's order): what the quality gate measures a reload with.
     */
    List<StoreHit> search(String collection, float[] query, int k);

    /**
     * The rows of the named collections ({@code null}: every row of the embedding table, rows without a collection
     * under the name {@code ""}) with their documents, ordered by key: what a re-embed gives its new model.
     */
    List<StoredDocument> documents(Collection<String> collections);

    /**
     * Replaces the vectors of the rows named by key (a re-embed), in this transaction: readers see the old vectors
     * until the commit. With {@code dimension}, the embedding column's type becomes {@code vector(dimension)} first
     * (every value NULL until replaced, so every row of the table must be given); that takes an ACCESS EXCLUSIVE lock
     * of the table, asked for in short attempts, and readers wait for the commit from then on. The vectors are staged
     * before the type changes, so that wait covers only the change and the update.
     *
     * @return per collection ({@code ""}: rows without one): rows whose vector was replaced
     */
    Map<String, Long> replaceVectors(NewVectors vectors, Integer dimension);

    /**
     * Changes the embedding column's type to {@code vector(dimension)} ({@code null}: {@code vector} without a fixed
     * dimension), every value NULL: for a restore that replaces the whole table, after its removal, when the set's
     * vectors have another fixed dimension than the column (the way back from a re-embed). ACCESS EXCLUSIVE until
     * commit.
     */
    void retypeEmbedding(Integer dimension);

    /**
     * One stored row for a re-embed.
     *
     * @param key        the row's primary key as text ({@code id} in G2, {@code uuid} in G1)
     * @param collection its collection's name ({@code ""} when it has none)
     * @param document   its document ({@code null} when it has none: such a row cannot be re-embedded)
     */
    record StoredDocument(String key, String collection, String document) {
    }

    /** The new vectors of a re-embed, streamed by key (never all in memory at once). */
    @FunctionalInterface
    interface NewVectors {
        void forEach(VectorSink sink) throws java.io.IOException;
    }

    /** Receives one new vector. */
    @FunctionalInterface
    interface VectorSink {
        void accept(String key, float[] vector) throws java.io.IOException;
    }

    /**
     * What the store holds already of a reload's items.
     *
     * @param ids       item ids present
     * @param documents ids of items whose collection holds the same document under another id
     */
    record Stored(Set<String> ids, Set<String> documents) {
        public Stored {
            ids = Set.copyOf(ids);
            documents = Set.copyOf(documents);
        }

        /** Whether a load without truncate would skip the item (its id, or its document, is there). */
        public boolean holds(TrainingItem item) {
            return ids.contains(item.id()) || documents.contains(item.id());
        }
    }

    /**
     * Rows written and skipped for one collection.
     *
     * @param inserted        rows added
     * @param skippedExisting items not written because the collection held them already
     */
    record WriteCount(long inserted, long skippedExisting) {
    }
}
