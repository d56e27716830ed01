package io.datapipeline.vectoradmin.fakes;

import io.datapipeline.vectoradmin.contract.LangChainTablesContract;
import io.datapipeline.vectoradmin.port.VectorTableStore;

/** The fake honours the same contract as the PostgreSQL LangChain tables. */
class InMemoryLangChainTablesTest extends LangChainTablesContract {

    @Override
    protected VectorTableStore freshStore() {
        return new InMemoryVectorTableStore();
    }

}
