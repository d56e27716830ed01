package io.datapipeline.core.vector;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A collection of the store as a load or restore sees it before changing anything.
 *
 * @param name       collection name ({@code sql}, {@code ddl}, {@code documentation}, {@code error_sql}…)
 * @param uuid       its {@code uuid}
 * @param rows       embedding rows in it
 * @param dimensions vector dimension to row count (NULL vectors not counted)
 * @param provenance the recorded embedding model, or {@code null} when none is recorded
 * @param otherUuids uuids of further collection rows with the same name (possible in the older LangChain
 *                   schema, which has no unique name): {@code rows} and {@code dimensions} count them too
 */
public record CollectionState(String name, String uuid, long rows, Map<Integer, Long> dimensions,
        EmbeddingProvenance provenance, java.util.List<String> otherUuids) {

    public CollectionState {
        dimensions = new TreeMap<>(dimensions);
        otherUuids = java.util.List.copyOf(otherUuids);
    }

    public CollectionState(String name, String uuid, long rows, Map<Integer, Long> dimensions,
            EmbeddingProvenance provenance) {
        this(name, uuid, rows, dimensions, provenance, java.util.List.of());
    }

    /** True when more than one collection row has this name. */
    public boolean ambiguous() {
        return !otherUuids.isEmpty();
    }

    public Optional<EmbeddingProvenance> recordedProvenance() {
        return Optional.ofNullable(provenance);
    }
}
