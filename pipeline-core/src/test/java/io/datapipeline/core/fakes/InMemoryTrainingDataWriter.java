package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.TrainingDataWriter;
import io.datapipeline.core.port.out.VectorStoreSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes embedded items as rows of an {@link InMemoryVectorTableStore}'s LangChain tables, in one
 * transaction of the session (all or nothing); can be told to fail after the rows are staged.
 */
public final class InMemoryTrainingDataWriter implements TrainingDataWriter {

    private static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    private static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");

    private final InMemoryVectorTableStore store;
    private RuntimeException failure;

    public InMemoryTrainingDataWriter(InMemoryVectorTableStore store) {
        this.store = store;
    }

    public InMemoryTrainingDataWriter failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    @Override
    public Map<String, Long> write(VectorStoreSession session, List<EmbeddedItem> items) {
        return session.inWriteTransaction(tx -> {
            Map<String, String> uuids = new LinkedHashMap<>();
            for (List<String> row : store.rows(COLLECTION)) {
                uuids.put(row.get(1), row.get(0));
            }
            StringBuilder coll = new StringBuilder("uuid,name,cmetadata\n");
            for (EmbeddedItem i : items) {
                if (!uuids.containsKey(i.collection())) {
                    String uuid = java.util.UUID.nameUUIDFromBytes(i.collection().getBytes()).toString();
                    uuids.put(i.collection(), uuid);
                    coll.append(SimpleCsv.line(Arrays.asList(uuid, i.collection(), null)));
                }
            }
            tx.appendCsv(COLLECTION, List.of("uuid", "name", "cmetadata"),
                    out -> out.write(coll.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    io.datapipeline.core.port.out.VectorTransaction.AppendOptions.NONE);
            StringBuilder emb = new StringBuilder("id,collection_id,embedding,document,cmetadata\n");
            Map<String, Long> counts = new LinkedHashMap<>();
            for (EmbeddedItem i : items) {
                List<String> v = new ArrayList<>();
                for (float f : i.embedding()) {
                    v.add(Float.toString(f));
                }
                emb.append(SimpleCsv.line(Arrays.asList(i.id(), uuids.get(i.collection()), "[" + String.join(",", v) + "]",
                        i.document(), "{\"id\": \"" + i.id() + "\"}")));
                counts.merge(i.collection(), 1L, Long::sum);
            }
            tx.importCsv(EMBEDDING, List.of("id", "collection_id", "embedding", "document", "cmetadata"),
                    out -> out.write(emb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (failure != null) {
                throw failure;
            }
            return counts;
        });
    }
}
