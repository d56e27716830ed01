package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.LangChainTablesContract;
import io.datapipeline.core.port.out.LangChainTables;
import io.datapipeline.core.port.out.VectorTableStore;

/** The fake honours the same contract as the PostgreSQL LangChain tables. */
class InMemoryLangChainTablesTest extends LangChainTablesContract {

    @Override
    protected VectorTableStore freshStore() {
        return new InMemoryVectorTableStore();
    }

    @Override
    protected LangChainTables tables() {
        return new InMemoryLangChainTables();
    }
}
