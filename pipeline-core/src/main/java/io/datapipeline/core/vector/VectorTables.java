package io.datapipeline.core.vector;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tables vector-table management works on, from configuration (never from free text): the
 * LangChain collection table, the embedding table that references it, and the truncate scope.
 *
 * @param collection    {@code langchain_pg_collection} by default
 * @param embedding     {@code langchain_pg_embedding} by default
 * @param truncateScope what a truncate empties: the embedding table (the original's scope), or both
 *                      tables together; the collection table alone would orphan embeddings
 */
public record VectorTables(TableName collection, TableName embedding, List<TableName> truncateScope) {

    public VectorTables {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(embedding, "embedding");
        truncateScope = List.copyOf(truncateScope);
        if (truncateScope.isEmpty()) {
            throw InvalidInputException.invalid("truncate_tables", "the truncate scope must name at least the embedding table");
        }
        for (TableName t : truncateScope) {
            if (!t.equals(collection) && !t.equals(embedding)) {
                throw InvalidInputException.invalid("truncate_tables",
                        "truncate scope may only contain " + collection + " and " + embedding + ", not " + t);
            }
        }
        if (truncateScope.contains(collection) && !truncateScope.contains(embedding)) {
            throw InvalidInputException.invalid("truncate_tables",
                    "truncating " + collection + " requires truncating " + embedding + " too (foreign key)");
        }
    }

    /** The LangChain defaults: back up both tables, truncate the embedding table. */
    public static VectorTables langchainDefaults() {
        TableName collection = new TableName(null, "langchain_pg_collection");
        TableName embedding = new TableName(null, "langchain_pg_embedding");
        return new VectorTables(collection, embedding, List.of(embedding));
    }

    /** Both tables in foreign-key order: collection first, then embedding. */
    public List<TableName> all() {
        return List.of(collection, embedding);
    }

    /**
     * Resolves table names given by a caller against the configured set, in foreign-key order.
     *
     * @throws InvalidInputException naming the field {@code tables} for any name outside the set
     */
    public List<TableName> select(List<String> names) {
        if (names == null) {
            return all();
        }
        if (names.isEmpty()) {
            throw InvalidInputException.invalid("tables", "tables must not be empty; omit it to restore both tables");
        }
        List<String> unknown = new ArrayList<>();
        boolean wantCollection = false;
        boolean wantEmbedding = false;
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim();
            if (name.equals(collection.display()) || name.equals(collection.name())) {
                wantCollection = true;
            } else if (name.equals(embedding.display()) || name.equals(embedding.name())) {
                wantEmbedding = true;
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw InvalidInputException.invalid("tables", "unsupported table name(s) " + unknown
                    + "; allowed: " + collection.display() + ", " + embedding.display());
        }
        List<TableName> selected = new ArrayList<>();
        if (wantCollection) {
            selected.add(collection);
        }
        if (wantEmbedding) {
            selected.add(embedding);
        }
        return selected;
    }

    /** The file-name stem of a table's backup file, e.g. {@code langchain_pg_embedding}. */
    public static String fileStem(TableName table) {
        return table.schema() == null ? table.name() : table.schema() + "." + table.name();
    }
}
