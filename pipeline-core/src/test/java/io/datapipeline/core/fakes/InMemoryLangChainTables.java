package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.LangChainTables;
import io.datapipeline.core.port.out.TableShape;
import io.datapipeline.core.port.out.VectorTransaction;
import io.datapipeline.core.vector.CollectionState;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LangChain (G2) tables of an {@link InMemoryVectorTableStore}, inside one of its transactions. Provenance
 * is kept in the collection's {@code cmetadata} text in a fixed layout, so backups and restores of the fake
 * carry it like the real store does. Can be told to fail after the rows were written.
 */
public final class InMemoryLangChainTables implements LangChainTables {

    public static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    public static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    private static final Pattern PROVENANCE = Pattern.compile("\"embedding\": \\{\"provider\": \"([^\"]*)\", \"model\": "
            + "\"([^\"]*)\", \"dimension\": (\\d+), \"recorded_at\": \"([^\"]*)\", \"task_id\": \"([^\"]*)\"\\}");

    private RuntimeException failure;

    /** Makes the next {@link #write} throw {@code e} after writing (the transaction must roll it all back). */
    public InMemoryLangChainTables failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    private static InMemoryVectorTableStore.Tx fake(VectorTransaction tx) {
        return (InMemoryVectorTableStore.Tx) tx;
    }

    @Override
    public List<String> ensure(VectorTransaction tx, Collection<String> collections) {
        InMemoryVectorTableStore.Tx t = fake(tx);
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

    private static Map<String, String> uuids(InMemoryVectorTableStore.Tx t) {
        Map<String, String> m = new LinkedHashMap<>();
        InMemoryVectorTableStore.Table c = t.tables.get(COLLECTION);
        if (c != null) {
            for (List<String> r : c.rows) {
                m.putIfAbsent(r.get(1), r.get(0));
            }
        }
        return m;
    }

    @Override
    public Map<String, CollectionState> collections(VectorTransaction tx) {
        InMemoryVectorTableStore.Tx t = fake(tx);
        Map<String, CollectionState> out = new LinkedHashMap<>();
        InMemoryVectorTableStore.Table c = t.tables.get(COLLECTION);
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        if (c == null) {
            return out;
        }
        for (List<String> r : c.rows) {
            if (out.containsKey(r.get(1))) {
                continue;
            }
            long rows = 0;
            Map<Integer, Long> dims = new TreeMap<>();
            if (e != null) {
                for (List<String> row : e.rows) {
                    if (r.get(0).equals(row.get(1))) {
                        rows++;
                        if (row.get(2) != null) {
                            dims.merge(row.get(2).split(",").length, 1L, Long::sum);
                        }
                    }
                }
            }
            out.put(r.get(1), new CollectionState(r.get(1), r.get(0), rows, dims, provenance(r.get(2))));
        }
        return out;
    }

    private static EmbeddingProvenance provenance(String cmetadata) {
        if (cmetadata == null) {
            return null;
        }
        Matcher m = PROVENANCE.matcher(cmetadata);
        if (!m.find()) {
            return null;
        }
        return new EmbeddingProvenance(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4), m.group(5));
    }

    @Override
    public long deleteEmbeddings(VectorTransaction tx, Collection<String> collections) {
        InMemoryVectorTableStore.Tx t = fake(tx);
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
    public Map<String, WriteCount> write(VectorTransaction tx, List<TrainingItem> items, boolean skipExisting) {
        InMemoryVectorTableStore.Tx t = fake(tx);
        Map<String, String> uuids = uuids(t);
        InMemoryVectorTableStore.Table e = t.table(EMBEDDING);
        Map<String, long[]> counts = new TreeMap<>();
        for (TrainingItem i : items) {
            String cid = uuids.get(i.collection());
            if (cid == null) {
                throw new IllegalStateException("collection " + i.collection() + " does not exist");
            }
            long[] c = counts.computeIfAbsent(i.collection(), k -> new long[2]);
            boolean idTaken = e.rows.stream().anyMatch(r -> i.id().equals(r.get(0)));
            boolean stored = skipExisting && e.rows.stream().anyMatch(r -> cid.equals(r.get(1))
                    && i.document().equals(r.get(3)));
            if (idTaken || stored) {
                c[1]++;
                continue;
            }
            List<String> v = new ArrayList<>();
            for (float f : i.embedding()) {
                v.add(Float.toString(f));
            }
            String meta = i.collection().equals("sql") ? "{\"id\": \"" + i.id() + "\", \"createdat\": null}"
                    : "{\"id\": \"" + i.id() + "\"}";
            e.rows.add(new ArrayList<>(java.util.Arrays.asList(i.id(), cid, "[" + String.join(",", v) + "]",
                    i.document(), meta)));
            c[0]++;
        }
        if (failure != null) {
            RuntimeException f = failure;
            failure = null;
            throw f;
        }
        Map<String, WriteCount> out = new TreeMap<>();
        counts.forEach((k, c) -> out.put(k, new WriteCount(c[0], c[1])));
        return out;
    }

    @Override
    public void recordProvenance(VectorTransaction tx, Collection<String> collections, EmbeddingProvenance p) {
        InMemoryVectorTableStore.Tx t = fake(tx);
        for (List<String> r : t.table(COLLECTION).rows) {
            if (collections.contains(r.get(1))) {
                r.set(2, "{\"embedding\": {\"provider\": \"" + p.provider() + "\", \"model\": \"" + p.model()
                        + "\", \"dimension\": " + p.dimension() + ", \"recorded_at\": \"" + p.recordedAt()
                        + "\", \"task_id\": \"" + p.taskId() + "\"}}");
            }
        }
    }

    @Override
    public Map<String, Long> duplicates(VectorTransaction tx, boolean remove) {
        InMemoryVectorTableStore.Tx t = fake(tx);
        InMemoryVectorTableStore.Table e = t.tables.get(EMBEDDING);
        Map<String, Long> out = new TreeMap<>();
        if (e == null) {
            return out;
        }
        Map<String, String> names = new LinkedHashMap<>();
        uuids(t).forEach((n, u) -> names.put(u, n));
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
}
