package io.datapipeline.wire;

import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.StoreHit;
import io.datapipeline.core.vector.StoreInventory;
import io.datapipeline.core.vector.StoreSearchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The store as the assistant sees it: collections with their recorded models, and search results. */
public final class StoreShapes {

    private StoreShapes() {
    }

    /** {@code {provider, model, dimension, recorded_at, task_id}}; absent fields left out. */
    public static Map<String, Object> provenance(EmbeddingProvenance p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", p.provider());
        m.put("model", p.model());
        m.put("dimension", p.dimension());
        if (p.recordedAt() != null) {
            m.put("recorded_at", p.recordedAt());
        }
        if (p.taskId() != null) {
            m.put("task_id", p.taskId());
        }
        return m;
    }

    public static Map<String, Object> inventory(StoreInventory inv) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> embedder = new LinkedHashMap<>();
        embedder.put("description", inv.embedder());
        embedder.put("model", inv.configured().map(StoreShapes::provenance).orElse(null));
        if (inv.embedderProblem() != null) {
            embedder.put("problem", inv.embedderProblem());
        }
        m.put("embedding_model", embedder);
        List<Object> collections = new ArrayList<>();
        for (StoreInventory.Collection c : inv.collections()) {
            CollectionState s = c.state();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", s.name());
            cm.put("uuid", s.uuid());
            cm.put("rows", s.rows());
            Map<String, Object> dims = new LinkedHashMap<>();
            s.dimensions().forEach((d, n) -> dims.put(String.valueOf(d), n));
            cm.put("dimensions", dims);
            cm.put("recorded_model", provenance(s.provenance()));
            cm.put("searchable", c.compatibility().wire());
            if (s.ambiguous()) {
                cm.put("other_uuids", s.otherUuids());
            }
            collections.add(cm);
        }
        m.put("collections", collections);
        return m;
    }

    public static Map<String, Object> search(StoreSearchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collection", r.collection());
        m.put("question", r.question());
        m.put("k", r.k());
        m.put("embedding_model", provenance(r.model()));
        List<Object> hits = new ArrayList<>();
        int rank = 1;
        for (StoreHit h : r.hits()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("rank", rank++);
            hm.put("id", h.id());
            hm.put("similarity", round(h.similarity()));
            hm.put("distance", h.distance());
            hm.put("document", h.document());
            hits.add(hm);
        }
        m.put("results", hits);
        m.put("warnings", r.warnings());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }
}
