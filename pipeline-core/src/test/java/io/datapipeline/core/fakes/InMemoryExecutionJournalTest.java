package io.datapipeline.core.fakes;

import io.datapipeline.core.contract.ExecutionJournalContract;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.core.port.out.TaskRepository;

class InMemoryExecutionJournalTest extends ExecutionJournalContract {

    @Override
    protected TaskRepository freshRepository() {
        return new InMemoryTaskRepository();
    }

    @Override
    protected ExecutionJournal journalFor(TaskRepository repository) {
        return new InMemoryExecutionJournal(id -> repository.findExecution(id)
                .map(e -> e.status() == ExecutionStatus.RUNNING).orElse(false));
    }
}
