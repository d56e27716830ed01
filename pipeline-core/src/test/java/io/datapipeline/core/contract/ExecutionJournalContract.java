package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ExecutionProgress;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.core.port.out.TaskRepository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ExecutionJournal} must do, run against the in-memory fake and PostgreSQL. */
public abstract class ExecutionJournalContract {

    /** A fresh repository and the journal that goes with it (sharing its executions). */
    protected abstract TaskRepository freshRepository();

    protected abstract ExecutionJournal journalFor(TaskRepository repository);

    private TaskRepository repo;
    private ExecutionJournal journal;
    private final Instant t0 = Instant.parse("2025-07-21T11:30:10Z");

    @BeforeEach
    void setUpJournal() {
        repo = freshRepository();
        journal = journalFor(repo);
        Task task = new Task(new TaskId("task_j"), "j", TaskStatus.PENDING, TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://app:pw@db:5432/shop", "db"), "shops"), "shop", "api", t0, null, null,
                null);
        repo.insert(task);
        for (String id : List.of("exec_running", "exec_done")) {
            ExecutionRequest r = ExecutionRequest.complete(task.id());
            repo.insertExecution(new Execution(id, task.id(), r, new VectorManagementPolicy().decide(r),
                    ExecutionStatus.RUNNING, t0, null, null, null, null));
        }
        repo.updateExecution(repo.findExecution("exec_done").orElseThrow().finished(ExecutionStatus.COMPLETED, t0, null,
                null));
    }

    private ExecutionEvent event(String exec, ExecutionEvent.Type type, String message) {
        return new ExecutionEvent(0, exec, type, StepName.QA_GENERATION, null, message, null, t0);
    }

    @Test
    void givenARunningExecution_whenCancelIsRequested_thenItIsSeenAndAnEndedOneCannotBeCancelled() {
        assertThat(journal.cancelRequested("exec_running")).isFalse();

        assertThat(journal.requestCancel("exec_running", t0)).isTrue();
        assertThat(journal.requestCancel("exec_done", t0)).isFalse();
        assertThat(journal.requestCancel("exec_missing", t0)).isFalse();

        assertThat(journal.cancelRequested("exec_running")).isTrue();
        assertThat(journal.cancelRequested("exec_done")).isFalse();
        assertThat(journal.requestCancel("exec_running", t0.plusSeconds(1))).as("asked twice").isTrue();
    }

    @Test
    void givenEvents_whenReadAfterASeq_thenTheyComeInOrderWithoutTheOnesAlreadySeen() {
        ExecutionEvent first = journal.append(event("exec_running", ExecutionEvent.Type.STEP_STARTED, null));
        ExecutionEvent second = journal.append(event("exec_running", ExecutionEvent.Type.WARNING, "careful, 中文"));
        journal.append(event("exec_done", ExecutionEvent.Type.WARNING, "other execution"));
        ExecutionEvent third = journal.append(new ExecutionEvent(0, "exec_running", ExecutionEvent.Type.FINISHED, null,
                "cancelled", "cancelled by request", null, t0));

        assertThat(second.seq()).isGreaterThan(first.seq());
        assertThat(third.seq()).isGreaterThan(second.seq());
        assertThat(journal.events("exec_running", 0, 100)).extracting(ExecutionEvent::seq)
                .containsExactly(first.seq(), second.seq(), third.seq());
        assertThat(journal.events("exec_running", first.seq(), 100)).extracting(ExecutionEvent::message)
                .containsExactly("careful, 中文", "cancelled by request");
        assertThat(journal.events("exec_running", first.seq(), 1)).hasSize(1);
        assertThat(journal.events("exec_running", third.seq(), 100)).isEmpty();
        ExecutionEvent read = journal.events("exec_running", second.seq(), 1).get(0);
        assertThat(read.type()).isEqualTo(ExecutionEvent.Type.FINISHED);
        assertThat(read.status()).isEqualTo("cancelled");
        assertThat(read.step()).isNull();
        assertThat(read.at()).isEqualTo(t0);
    }

    @Test
    void givenProgress_whenSavedTwice_thenTheLastOneIsReadBackExactly() {
        assertThat(journal.progress("exec_running")).isEmpty();
        journal.saveProgress("exec_running", new ExecutionProgress(StepName.TRAINING_LOAD, "embedding", 64, 300, "items",
                12.5, 18.9, t0));
        ExecutionProgress last = new ExecutionProgress(StepName.TRAINING_LOAD, "reload:langchain_pg_embedding", 1024, -1,
                "bytes", 2048.0, null, t0.plusSeconds(3));

        journal.saveProgress("exec_running", last);

        assertThat(journal.progress("exec_running")).contains(last);
        ExecutionEvent withProgress = journal.append(new ExecutionEvent(0, "exec_running", ExecutionEvent.Type.PROGRESS,
                StepName.TRAINING_LOAD, null, null, last, t0));
        assertThat(journal.events("exec_running", withProgress.seq() - 1, 1).get(0).progress()).isEqualTo(last);
    }

    @Test
    void givenProgressWithTheModelsUsageAndAWait_whenSaved_thenBothAreReadBackExactly() {
        ExecutionProgress waiting = new ExecutionProgress(StepName.DDL_GENERATION, "tables", 6, 24, "tables", 1.5, 12.0,
                t0, new ExecutionProgress.Llm(new io.datapipeline.core.execution.ModelUsage(6, 4096, 512, 1, 1, 2.0),
                        "waiting 2 s: rate limited by http://llm/v1"));

        journal.saveProgress("exec_running", waiting);
        ExecutionEvent e = journal.append(new ExecutionEvent(0, "exec_running", ExecutionEvent.Type.PROGRESS,
                StepName.DDL_GENERATION, null, "waiting 2 s: rate limited by http://llm/v1", waiting, t0));

        assertThat(journal.progress("exec_running")).contains(waiting);
        ExecutionEvent read = journal.events("exec_running", e.seq() - 1, 1).get(0);
        assertThat(read.progress()).isEqualTo(waiting);
        assertThat(read.message()).isEqualTo("waiting 2 s: rate limited by http://llm/v1");
    }
}
