package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.VectorStoreReaderContract;
import io.datapipeline.core.port.out.VectorStoreReader;
import java.util.List;

class InMemoryVectorStoreReaderTest extends VectorStoreReaderContract {

    @Override
    protected VectorStoreReader store(List<Row> rows) {
        InMemoryVectorStoreReader s = new InMemoryVectorStoreReader();
        for (Row r : rows) {
            s.collection(r.collection(), r.collection().equals("ddl") ? RECORDED : null);
            s.add(r.collection(), r.id(), r.document(), r.vector());
        }
        return s;
    }
}
