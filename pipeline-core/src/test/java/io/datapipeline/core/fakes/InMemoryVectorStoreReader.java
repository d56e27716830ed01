package io.datapipeline.core.fakes;

import io.datapipeline.core.port.out.VectorStoreReader;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.StoreHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A store to search in memory: collections of rows (id, document, vector), ranked by cosine distance like
 * pgvector's {@code <=>} (ties in insertion order). {@code VectorStoreReaderContract} holds it to the same rules as the
 * PostgreSQL reader.
 */
public final class InMemoryVectorStoreReader implements VectorStoreReader {

    private record Row(String id, String document, float[] vector) {
    }

    private final Map<String, List<Row>> rows = new LinkedHashMap<>();
    private final Map<String, EmbeddingProvenance> provenance = new LinkedHashMap<>();

    /** Creates the collection (empty) with a recorded model, or none. */
    public synchronized InMemoryVectorStoreReader collection(String name, EmbeddingProvenance recorded) {
        rows.computeIfAbsent(name, n -> new ArrayList<>());
        if (recorded != null) {
            provenance.put(name, recorded);
        }
        return this;
    }

    public synchronized InMemoryVectorStoreReader add(String collection, String id, String document, float[] vector) {
        rows.computeIfAbsent(collection, n -> new ArrayList<>()).add(new Row(id, document, vector.clone()));
        return this;
    }

    @Override
    public synchronized Map<String, CollectionState> collections() {
        Map<String, CollectionState> out = new LinkedHashMap<>();
        rows.forEach((name, list) -> {
            Map<Integer, Long> dims = new TreeMap<>();
            list.forEach(r -> dims.merge(r.vector().length, 1L, Long::sum));
            out.put(name, new CollectionState(name, "00000000-0000-4000-8000-" + String.format("%012d",
                    Math.abs(name.hashCode())), list.size(), dims, provenance.get(name)));
        });
        return out;
    }

    @Override
    public synchronized List<StoreHit> search(String collection, float[] query, int k) {
        List<StoreHit> hits = new ArrayList<>();
        for (Row r : rows.getOrDefault(collection, List.of())) {
            hits.add(new StoreHit(r.id(), r.document(), distance(r.vector(), query)));
        }
        hits.sort(Comparator.comparingDouble(StoreHit::distance));
        return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
    }

    /** Cosine distance as pgvector computes it (in double), 1 - cos. */
    public static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("different vector dimensions " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return 1 - dot / Math.sqrt(na * nb);
    }
}
