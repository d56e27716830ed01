package io.datapipeline.core.vector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedding rows of a store per collection uuid, counted by a reader of the embedding table (a backup counts
 * them in the COPY stream it writes, so the table is not read a second time).
 *
 * @param rows       collection uuid (as text, lower case) to its embedding rows, NULL vectors included
 * @param dimensions collection uuid to vector dimension to rows (NULL vectors not counted)
 */
public record EmbeddingCounts(Map<String, Long> rows, Map<String, Map<Integer, Long>> dimensions) {

    public EmbeddingCounts {
        rows = Map.copyOf(rows);
        Map<String, Map<Integer, Long>> copy = new LinkedHashMap<>();
        dimensions.forEach((uuid, byDim) -> copy.put(uuid, Map.copyOf(new TreeMap<>(byDim))));
        dimensions = Map.copyOf(copy);
    }

    /** Embedding rows of the collection {@code uuid}; 0 when it has none. */
    public long rowsOf(String uuid) {
        return rows.getOrDefault(uuid, 0L);
    }

    /** Vector dimension to rows for the collection {@code uuid}; empty when it has none. */
    public Map<Integer, Long> dimensionsOf(String uuid) {
        return dimensions.getOrDefault(uuid, Map.of());
    }
}
