package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.TaskRepositoryContract;
import io.datapipeline.core.port.out.TaskRepository;

class InMemoryTaskRepositoryTest extends TaskRepositoryContract {

    @Override
    protected TaskRepository freshRepository() {
        return new InMemoryTaskRepository();
    }

    @Override
    protected boolean successOf(io.datapipeline.core.execution.ResultDocument result) {
        return ((io.datapipeline.core.execution.ResultDocument.Typed) result).result().success();
    }
}
