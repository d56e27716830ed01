package io.datapipeline.vectoradmin.fakes;

import io.datapipeline.vectoradmin.contract.VectorTableStoreContract;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The fake honours the same contract as the PostgreSQL store. */
class InMemoryVectorTableStoreTest extends VectorTableStoreContract {

    private InMemoryVectorTableStore store;

    @Override
    protected VectorTableStore freshStore() {
        store = new InMemoryVectorTableStore().withLangChainTables();
        return store;
    }

    @Override
    protected void insertCollection(String uuid, String name) {
        store.insert(COLLECTION, Arrays.asList(uuid, name, null));
    }

    @Override
    protected void insertEmbedding(String id, String collectionId, String vector, String document, String cmetadata) {
        store.insert(EMBEDDING, Arrays.asList(id, collectionId, vector, document, cmetadata));
    }

    @Override
    protected List<List<String>> rows(TableName table) {
        return store.rows(table).stream().sorted(Comparator.comparing(r -> r.get(0))).toList();
    }
}
