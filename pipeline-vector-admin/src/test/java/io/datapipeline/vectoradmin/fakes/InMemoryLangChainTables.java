package io.datapipeline.vectoradmin.fakes;

import io.datapipeline.core.fakes.FakeJson;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.LangChainTables;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.core.vector.CollectionState;
import io.datapipeline.core.vector.EmbeddingCounts;
import io.datapipeline.core.vector.EmbeddingProvenance;
import io.datapipeline.core.vector.TrainingItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The LangChain (G2) tables of an {@link InMemoryVectorTableStore}, inside one of its transactions, behaving like
 * the PostgreSQL adapter ({@code LangChainTablesContract}). Provenance is kept as JSON in the collection's
 * {@code cmetadata} text next to whatever else it holds, so backups and restores of the fake carry it like the real
 * store does. Can be told to fail after the rows were written.
 */
public final class InMemoryLangChainTables implements LangChainTables {

    public static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    public static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");

    private final InMemoryVectorTableStore.Tx t;
    private final java.util.function.Supplier<RuntimeException> failure;

    /**
     * @param t       the transaction whose tables these are
     * @param failure the failure {@link #write} throws after writing, taken once ({@code null} for none): the store's
     *                {@link InMemoryVectorTableStore#failLangChainWritesWith}
     */
    InMemoryLangChainTables(InMemoryVectorTableStore.Tx t, java.util.function.Supplier<RuntimeException> failure) {
        this.t = t;
        this.failure = failure;
    }

    @Override
    public List<String> ensure(Collection<String> collections) {
                List<String> created = new ArrayList<>();
        if (t.tables.get(COLLECTION) == null) {
            t.createTable(COLLECTION, List.of(new TableShape.Column("uuid", "uuid", true),
                    new TableShape.Column("name", "character varying", true),
                    new TableShape.Column("cmetadata", "json", false)), List.of("uuid"));
            created.add("table langchain_pg_collection");
        }
        if (t.tables.get(EMBEDDING) == null) {
            t.createTable(EMBEDDING, List.of(new TableShape.Column("id", "character varying", true),
                    new TableShape.Column("collection_id", "uuid", false),
                    new TableShape.Column("embedding", "vector", false),
                    new TableShape.Column("document", "character varying", false),
                    new TableShape.Column("cmetadata", "jsonb", false)), List.of("id"));
            created.add("table langchain_pg_embedding");
        }
        Map<String, String> uuids = uuids(t);
        for (String name : collections) {
            if (!uuids.containsKey(name)) {
                t.table(COLLECTION).rows.add(new ArrayList<>(java.util.Arrays.asList(UUID.randomUUID().toString(), name,
                        "{}")));
                created.add("collection " + name);
            }
        }
        return created;
    }

    /** Name to uuid, the smallest uuid of a name first (as the database orders them: by name, then uuid). */
    private static Map<String, String> uuids(InMemoryVectorTableStore.Tx t) {
        Map<String, String> m = new LinkedHashMap<>();
        for (List<String> r : collectionRows(t)) {
            m.putIfAbsent(r.get(1), r.get(0));
        }
        return m;
    }

    /** The collection rows ordered by name, then uuid. */
    private static List<List<String>> collectionRows(InMemoryVectorTableStore.Tx t) {
        InMemoryVectorTableStore.Table c = t.tables.get(COLLECTION);
        if (c == null) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>(c.rows);
        rows.sort(java.util.Comparator.<List<String>, String>comparing(r -> r.get(1)).thenComparing(r -> r.get(0)));
        return rows;
    }

    @Override
    public Map<String, CollectionState> collections() {
        return collections(null);
    }

    @Override
    public Map<String, CollectionState> collections(EmbeddingCounts counts) {
                Map<String, CollectionState> out = new LinkedHashMap<>();
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        Map<String, List<List<String>>> byName = new LinkedHashMap<>();
        for (List<String> r : collectionRows(t)) {
            byName.computeIfAbsent(r.get(1), k -> new ArrayList<>()).add(r);
        }
        byName.forEach((name, rowsOfName) -> {
            Set<String> ids = new HashSet<>();
            rowsOfName.forEach(r -> ids.add(r.get(0)));
            long rows = 0;
            Map<Integer, Long> dims = new TreeMap<>();
            if (counts != null) {
                for (String id : ids) {
                    rows += counts.rowsOf(id);
                    counts.dimensionsOf(id).forEach((d, n) -> dims.merge(d, n, Long::sum));
                }
            } else if (e != null) {
                for (List<String> row : e.rows) {
                    if (ids.contains(row.get(1))) {
                        rows++;
                        if (row.get(2) != null) {
                            dims.merge(row.get(2).split(",").length, 1L, Long::sum);
                        }
                    }
                }
            }
            EmbeddingProvenance p = rowsOfName.stream().map(r -> provenance(r.get(2))).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            List<String> others = rowsOfName.stream().skip(1).map(r -> r.get(0)).distinct().toList();
            out.put(name, new CollectionState(name, rowsOfName.get(0).get(0), rows, dims, p, others));
        });
        return out;
    }

    /** The provenance recorded in a collection's metadata; {@code null} when there is none or it is unusable. */
    private static EmbeddingProvenance provenance(String cmetadata) {
        if (cmetadata == null) {
            return null;
        }
        Object meta;
        try {
            meta = FakeJson.parse(cmetadata);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!(meta instanceof Map<?, ?> m) || !(m.get(EmbeddingProvenance.KEY) instanceof Map<?, ?> p)
                || !(p.get("provider") instanceof String provider) || !(p.get("model") instanceof String model)
                || !(p.get("dimension") instanceof Integer dimension) || dimension < 1) {
            return null;
        }
        return new EmbeddingProvenance(provider, model, dimension,
                p.get("recorded_at") instanceof String at ? at : null, p.get("task_id") instanceof String task ? task : null);
    }

    @Override
    public long deleteEmbeddings(Collection<String> collections) {
        Set<String> ids = new HashSet<>();
        uuids(t).forEach((name, uuid) -> {
            if (collections.contains(name)) {
                ids.add(uuid);
            }
        });
        InMemoryVectorTableStore.Table e = t.table(EMBEDDING);
        int before = e.rows.size();
        e.rows.removeIf(r -> ids.contains(r.get(1)));
        return before - e.rows.size();
    }

    @Override
    public Map<String, WriteCount> write(List<TrainingItem> items, boolean skipExisting) {
        if (items.isEmpty()) {
            return Map.of();
        }
        Map<String, String> uuids = uuids(t);
        for (TrainingItem i : items) {
            if (!uuids.containsKey(i.collection())) {
                throw new PipelineException("collection " + i.collection() + " does not exist");
            }
        }
        InMemoryVectorTableStore.Table e = t.table(EMBEDDING);
        // only what was stored before this write counts as stored (one INSERT ... WHERE NOT EXISTS in the database)
        List<List<String>> before = new ArrayList<>(e.rows);
        Map<String, long[]> counts = new TreeMap<>();
        for (TrainingItem i : items) {
            String cid = uuids.get(i.collection());
            long[] c = counts.computeIfAbsent(i.collection(), k -> new long[2]);
            boolean idTaken = e.rows.stream().anyMatch(r -> i.id().equals(r.get(0)));
            boolean stored = skipExisting && before.stream().anyMatch(r -> cid.equals(r.get(1))
                    && i.document().equals(r.get(3)));
            if (idTaken || stored) {
                c[1]++;
                continue;
            }
            List<String> v = new ArrayList<>();
            for (float f : i.embedding()) {
                v.add(Float.toString(f));
            }
            String id = "\"" + i.id().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            String meta = i.collection().equals("sql") ? "{\"id\": " + id + ", \"createdat\": null}" : "{\"id\": " + id + "}";
            e.rows.add(new ArrayList<>(java.util.Arrays.asList(i.id(), cid, "[" + String.join(",", v) + "]",
                    i.document(), meta)));
            c[0]++;
        }
        RuntimeException f = failure.get();
        if (f != null) {
            throw f;
        }
        Map<String, WriteCount> out = new TreeMap<>();
        counts.forEach((k, c) -> out.put(k, new WriteCount(c[0], c[1])));
        return out;
    }

    @Override
    public void recordProvenance(Collection<String> collections, EmbeddingProvenance p) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("provider", p.provider());
        record.put("model", p.model());
        record.put("dimension", p.dimension());
        record.put("recorded_at", p.recordedAt());
        record.put("task_id", p.taskId());
        for (List<String> r : t.table(COLLECTION).rows) {
            if (collections.contains(r.get(1))) {
                Map<String, Object> meta = new LinkedHashMap<>();
                if (r.get(2) != null) {
                    try {
                        if (FakeJson.parse(r.get(2)) instanceof Map<?, ?> old) {
                            old.forEach((k, v) -> meta.put((String) k, v));
                        }
                    } catch (IllegalArgumentException e) {
                        // unreadable metadata is replaced by an object holding the provenance
                    }
                }
                meta.put(EmbeddingProvenance.KEY, record);
                r.set(2, FakeJson.compact(meta));
            }
        }
    }

    @Override
    public Map<String, Long> duplicates(boolean remove) {
                InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        Map<String, Long> out = new TreeMap<>();
        if (e == null) {
            return out;
        }
        Map<String, String> names = new LinkedHashMap<>();
        collectionRows(t).forEach(r -> names.put(r.get(0), r.get(1)));
        List<List<String>> sorted = new ArrayList<>(e.rows);
        sorted.sort(java.util.Comparator.comparing(r -> r.get(0)));
        Set<String> seen = new HashSet<>();
        Set<List<String>> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (List<String> r : sorted) {
            if (r.get(3) == null || !names.containsKey(r.get(1))) {
                continue;
            }
            if (!seen.add(r.get(1) + "\u0000" + r.get(3))) {
                out.merge(names.get(r.get(1)), 1L, Long::sum);
                gone.add(r);
            }
        }
        if (remove) {
            e.rows.removeIf(gone::contains);
        }
        return out;
    }

    /** Rows kept by {@link #carry}, with their collection's name, for the rest of the transaction. */
    private final List<List<String>> carried = new ArrayList<>();

    @Override
    public Stored stored(Collection<TrainingItem> items) {
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (e == null) {
            return new Stored(Set.of(), Set.of());
        }
        Map<String, String> names = new LinkedHashMap<>();
        collectionRows(t).forEach(r -> names.put(r.get(0), r.get(1)));
        Set<String> ids = new HashSet<>();
        Set<String> documents = new HashSet<>();
        for (TrainingItem i : items) {
            if (e.rows.stream().anyMatch(r -> i.id().equals(r.get(0)))) {
                ids.add(i.id());
            } else if (e.rows.stream().anyMatch(r -> i.collection().equals(names.get(r.get(1)))
                    && i.document().equals(r.get(3)))) {
                documents.add(i.id());
            }
        }
        return new Stored(ids, documents);
    }

    @Override
    public long carry(Collection<String> ids) {
        carried.clear();
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (e == null) {
            return 0;
        }
        Map<String, String> names = new LinkedHashMap<>();
        collectionRows(t).forEach(r -> names.put(r.get(0), r.get(1)));
        for (List<String> r : e.rows) {
            if (ids.contains(r.get(0)) && names.containsKey(r.get(1))) {
                List<String> copy = new ArrayList<>(r);
                copy.add(names.get(r.get(1)));
                carried.add(copy);
            }
        }
        return carried.size();
    }

    @Override
    public Map<String, Long> restoreCarried() {
        Map<String, String> uuids = uuids(t);
        InMemoryVectorTableStore.Table e = t.table(EMBEDDING);
        Map<String, Long> out = new TreeMap<>();
        for (List<String> r : carried) {
            String name = r.get(r.size() - 1);
            List<String> row = new ArrayList<>(r.subList(0, r.size() - 1));
            row.set(1, uuids.get(name));
            e.rows.add(row);
            out.merge(name, 1L, Long::sum);
        }
        carried.clear();
        return out;
    }

    @Override
    public Map<String, Long> deleteExcept(Collection<String> collections, Set<String> keep) {
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (e == null) {
            return Map.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        collectionRows(t).forEach(r -> names.put(r.get(0), r.get(1)));
        Map<String, Long> out = new TreeMap<>();
        e.rows.removeIf(r -> {
            String name = names.get(r.get(1));
            boolean inScope = collections == null || name != null && collections.contains(name);
            if (inScope && !keep.contains(r.get(0))) {
                out.merge(name == null ? "" : name, 1L, Long::sum);
                return true;
            }
            return false;
        });
        return out;
    }

    @Override
    public long deleteCollectionsExcept(Set<String> keep) {
        InMemoryVectorTableStore.Table c = t.tables.get(COLLECTION);
        if (c == null) {
            return 0;
        }
        Set<String> gone = new HashSet<>();
        c.rows.forEach(r -> {
            if (!keep.contains(r.get(1))) {
                gone.add(r.get(0));
            }
        });
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (e != null) {
            e.rows.removeIf(r -> gone.contains(r.get(1)));
        }
        c.rows.removeIf(r -> gone.contains(r.get(0)));
        return gone.size();
    }

    @Override
    public List<StoredDocument> documents(Collection<String> collections) {
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (e == null) {
            return List.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        collectionRows(t).forEach(r -> names.put(r.get(0), r.get(1)));
        List<StoredDocument> out = new ArrayList<>();
        for (List<String> r : e.rows) {
            String name = names.getOrDefault(r.get(1), "");
            if (collections == null || !name.isEmpty() && collections.contains(name)) {
                out.add(new StoredDocument(r.get(0), name, r.get(3)));
            }
        }
        out.sort(java.util.Comparator.comparing(StoredDocument::key));
        return out;
    }

    @Override
    public Map<String, Long> replaceVectors(NewVectors vectors, Integer dimension) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        if (dimension != null) {
            retypeEmbedding(dimension);
        }
        InMemoryVectorTableStore.Table e = t.table(EMBEDDING);
        e.rows.forEach(r -> byKey.put(r.get(0), r));
        Integer fixed = e.shape.column("embedding").flatMap(TableShape.Column::fixedDimension).orElse(null);
        Map<String, String> names = new LinkedHashMap<>();
        collectionRows(t).forEach(r -> names.put(r.get(0), r.get(1)));
        Map<String, Long> out = new TreeMap<>();
        try {
            vectors.forEach((key, v) -> {
                if (fixed != null && v.length != fixed) {
                    throw new PipelineException("expected " + fixed + " dimensions, not " + v.length);
                }
                List<String> row = byKey.get(key);
                if (row != null) {
                    List<String> parts = new ArrayList<>();
                    for (float f : v) {
                        parts.add(Float.toString(f));
                    }
                    row.set(2, "[" + String.join(",", parts) + "]");
                    out.merge(names.getOrDefault(row.get(1), ""), 1L, Long::sum);
                }
            });
        } catch (java.io.IOException ex) {
            throw new PipelineException("staging the new vectors failed: " + ex.getMessage(), ex);
        }
        return out;
    }

    @Override
    public void retypeEmbedding(Integer dimension) {
        InMemoryVectorTableStore.Table old = t.table(EMBEDDING);
        List<TableShape.Column> columns = new ArrayList<>();
        for (TableShape.Column c : old.shape.columns()) {
            columns.add(c.name().equals("embedding") ? new TableShape.Column(c.name(), dimension == null ? "vector"
                    : "vector(" + dimension + ")", c.notNull()) : c);
        }
        InMemoryVectorTableStore.Table retyped = new InMemoryVectorTableStore.Table(new TableShape(EMBEDDING, columns,
                old.shape.primaryKey(), -1));
        for (List<String> r : old.rows) {
            List<String> row = new ArrayList<>(r);
            row.set(2, null);
            retyped.rows.add(row);
        }
        t.tables.put(EMBEDDING, retyped);
    }

    @Override
    public List<io.datapipeline.core.vector.StoreHit> search(String collection, float[] query, int k) {
        String uuid = uuids(t).get(collection);
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (uuid == null || e == null) {
            return List.of();
        }
        List<io.datapipeline.core.vector.StoreHit> hits = new ArrayList<>();
        for (List<String> r : e.rows) {
            if (uuid.equals(r.get(1)) && r.get(2) != null) {
                hits.add(new io.datapipeline.core.vector.StoreHit(r.get(0), r.get(3), cosineDistance(parse(r.get(2)),
                        query)));
            }
        }
        hits.sort(java.util.Comparator.comparingDouble(io.datapipeline.core.vector.StoreHit::distance));
        return hits.subList(0, Math.min(k, hits.size()));
    }

    private static float[] parse(String vector) {
        String[] parts = vector.substring(1, vector.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].trim());
        }
        return v;
    }

    private static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
    }
}
