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
 */
public record CollectionState(String name, String uuid, long rows, Map<Integer, Long> dimensions,
        EmbeddingProvenance provenance) {

    public CollectionState {
        dimensions = new TreeMap<>(dimensions);
    }

    public Optional<EmbeddingProvenance> recordedProvenance() {
        return Optional.ofNullable(provenance);
    }
}
