package io.datapipeline.vectoradmin;

import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.in.ReembedVectorStoreCommand;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.VectorTables;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a re-embed covers, as one snapshot of the store shows it: the collections, their rows with documents (and the
 * key of each document's text in the resume cache), the embedding column, the rows of the whole table. Read once
 * without the store lock (to embed before any lock is taken) and again inside the write transaction.
 *
 * @param state      every collection of the store
 * @param names      the collections in scope
 * @param documents  the rows in scope
 * @param keys       the cache key of each row's document, in the same order
 * @param everything every row of the table is in scope
 * @param column     the embedding column
 */
record ReembedScope(Map<String, CollectionState> state, List<String> names, List<LangChainTables.StoredDocument> documents,
        List<String> keys, boolean everything, TableShape.Column column) {

    static ReembedScope read(VectorTransaction tx, VectorTables tables, ReembedVectorStoreCommand cmd) {
        Map<String, CollectionState> state = tx.langchain().collections();
        TableShape shape = tx.describe(tables.embedding()).orElse(null);
        if (shape == null || state.isEmpty()) {
            throw new ConflictException("the store holds no LangChain collections (" + tables.embedding().display()
                    + " or " + tables.collection().display() + " is missing or empty); there is nothing to re-embed");
        }
        List<String> unknown = cmd.collections().stream().filter(c -> !state.containsKey(c)).toList();
        if (!unknown.isEmpty()) {
            throw InvalidInputException.invalid("collections", "the store has no collection named " + unknown
                    + "; it holds " + state.keySet());
        }
        List<String> names = cmd.everything() ? List.copyOf(state.keySet()) : cmd.collections();
        List<LangChainTables.StoredDocument> docs = tx.langchain().documents(cmd.everything() ? null : names);
        long tableRows = tx.count(tables.embedding());
        List<String> keys = new ArrayList<>(docs.size());
        for (LangChainTables.StoredDocument d : docs) {
            keys.add(d.document() == null ? null : ReembedCache.key(d.document()));
        }
        TableShape.Column column = shape.column("embedding").orElseThrow(() -> new ConflictException(
                tables.embedding().display() + " has no column embedding; it is not a LangChain table"));
        return new ReembedScope(state, names, docs, keys, cmd.everything() || docs.size() == tableRows, column);
    }

    /** The distinct cache keys of the documents in scope, in order. */
    Set<String> distinctKeys() {
        return new LinkedHashSet<>(keys);
    }

    /** The column's type must change: it has a fixed dimension that is not the new model's. */
    boolean needsRetype(EmbeddingProvenance target) {
        return column.fixedDimension().map(d -> d != target.dimension()).orElse(false);
    }

    /** The new model each collection in scope already records, when every one does (a re-run after a commit). */
    boolean alreadyDone(EmbeddingProvenance target) {
        for (String n : names) {
            CollectionState c = state.get(n);
            if (c.rows() > 0 && (c.provenance() == null || !c.provenance().sameModelAs(target)
                    || c.dimensions().keySet().stream().anyMatch(d -> d != target.dimension()))) {
                return false;
            }
        }
        return !needsRetype(target);
    }

    /** The model each collection in scope recorded before. */
    Map<String, EmbeddingProvenance> before() {
        Map<String, EmbeddingProvenance> out = new LinkedHashMap<>();
        for (String n : names) {
            EmbeddingProvenance p = state.get(n).provenance();
            if (p != null) {
                out.put(n, p);
            }
        }
        return out;
    }

    /**
     * Refuses, before anything changes, what a re-embed cannot do: a column that is not {@code vector}, a column type
     * change that would reach rows outside the scope, collections the assistant cannot tell apart, rows without a
     * document; adds a warning when collections outside the scope keep another model.
     */
    void check(EmbeddingProvenance target, List<String> warnings) {
        if (!column.type().startsWith("vector")) {
            throw new ConflictException("the embedding column is " + column.type() + "; a re-embed writes vector values "
                    + "only");
        }
        if (needsRetype(target) && !everything) {
            throw new ConflictException("refused before anything changed: the embedding column is " + column.type()
                    + " and the new model " + target.describe() + " gives " + target.dimension() + " dimensions, so the "
                    + "column's type must change, which reaches every row of the table; but --collections " + names
                    + " leaves out rows of other collections. Re-embed every collection (leave --collections out)");
        }
        for (String n : names) {
            CollectionState c = state.get(n);
            if (c.ambiguous()) {
                throw new ConflictException("refused before anything changed: " + (c.otherUuids().size() + 1)
                        + " collection rows are named '" + n + "'; merge or remove the extra collection rows first");
            }
        }
        List<String> missing = new ArrayList<>();
        for (LangChainTables.StoredDocument d : documents) {
            if (d.document() == null) {
                missing.add(d.key());
            }
        }
        if (!missing.isEmpty()) {
            throw new ConflictException("refused before anything changed: " + missing.size() + " row(s) in scope have no "
                    + "document to embed (e.g. " + missing.subList(0, Math.min(3, missing.size())) + "); remove them, or "
                    + "leave their collection out");
        }
        if (!everything) {
            for (CollectionState c : state.values()) {
                if (!names.contains(c.name()) && c.rows() > 0 && (c.provenance() == null
                        || !c.provenance().sameModelAs(target))) {
                    warnings.add("collection '" + c.name() + "' is not re-embedded and keeps "
                            + (c.provenance() == null ? "vectors of an unrecorded model" : c.provenance().describe())
                            + "; the assistant embeds its questions with one model for every collection");
                }
            }
        }
    }
}
