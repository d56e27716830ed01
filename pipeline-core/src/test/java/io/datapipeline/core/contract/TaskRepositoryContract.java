package io.datapipeline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskFilter;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.port.out.TaskRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TaskRepository} must do, run against the in-memory fake and PostgreSQL. */
public abstract class TaskRepositoryContract {

    protected abstract TaskRepository freshRepository();

    private TaskRepository repo;
    private final Instant t0 = Instant.parse("2025-07-21T11:30:10Z");

    @BeforeEach
    void setUpRepository() {
        repo = freshRepository();
    }

    private Task task(String id, String name, Instant created) {
        return new Task(new TaskId(id), name, TaskStatus.PENDING, TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://app:pw@db:5432/shop", "db"), "shops"), "shop", "api", created, null,
                null, null);
    }

    @Test
    void givenANewTask_whenInserted_thenItIsFoundWithFourPendingStepsAndASecondInsertIsRefused() {
        assertThat(repo.insert(task("task_1", "first", t0))).isTrue();
        assertThat(repo.insert(task("task_1", "again", t0))).isFalse();

        Task found = repo.find(new TaskId("task_1")).orElseThrow();
        assertThat(found.name()).isEqualTo("first");
        assertThat(found.parameters().businessDatabase().password()).contains("pw");
        assertThat(found.dbName()).isEqualTo("shop");
        assertThat(repo.steps(new TaskId("task_1"))).extracting(StepRun::step).containsExactly(StepName.values());
        assertThat(repo.steps(new TaskId("task_1"))).allMatch(s -> s.status() == StepStatus.PENDING);
        assertThat(repo.find(new TaskId("task_nope"))).isEmpty();
    }

    @Test
    void givenATaskWithItsOwnGenerationKnobs_whenInserted_thenTheyAreReadBackExactly() {
        io.datapipeline.core.domain.GenerationOptions knobs = io.datapipeline.core.domain.GenerationOptions.DEFAULTS.with(
                io.datapipeline.core.domain.GenerationOptions.Choices.builder().maxConcurrentTables(8).maxTableFailures(0)
                        .sampleDataLimit(50).enumDetectionSampleLimit(100).enumMaxDistinctValues(0)
                        .maxConcurrentThemes(2).themeCount(9).questionsPerTheme(3).continueOnThemeError(false).build());
        Task t = task("task_knobs", null, t0);
        Task withKnobs = new Task(t.id(), null, t.status(), t.parameters().withGeneration(knobs), t.dbName(),
                t.createdType(), t.createdAt(), null, null, null);

        repo.insert(withKnobs);

        assertThat(repo.find(t.id()).orElseThrow().parameters().generation()).isEqualTo(knobs);
        assertThat(repo.find(t.id()).orElseThrow().parameters()).isEqualTo(withKnobs.parameters());
    }

    @Test
    void givenTasks_whenQueried_thenFiltersSortingAndPagingApply() {
        repo.insert(task("task_a", "Alpha orders", t0));
        repo.insert(task("task_b", "beta", t0.plusSeconds(10)));
        repo.insert(task("task_c", "gamma ORDERS", t0.plusSeconds(20)));
        repo.update(repo.find(new TaskId("task_b")).orElseThrow().withStatus(TaskStatus.FAILED, t0, t0, "x"));

        TaskRepository.TaskPage newest = repo.query(TaskRepository.TaskQuery.firstPage(2));
        assertThat(newest.total()).isEqualTo(3);
        assertThat(newest.tasks()).extracting(t -> t.id().value()).containsExactly("task_c", "task_b");
        TaskRepository.TaskPage byName = repo.query(new TaskRepository.TaskQuery(new TaskFilter(null, false, "orders",
                null, null, null, null, null), "task_name", true, 0, 10));
        assertThat(byName.tasks()).extracting(t -> t.id().value()).containsExactly("task_a", "task_c");
        assertThat(repo.query(new TaskRepository.TaskQuery(TaskFilter.status(TaskStatus.FAILED), "created_at",
                false, 0, 10)).tasks()).extracting(t -> t.id().value()).containsExactly("task_b");
    }

    @Test
    void givenTasksStartedCompletedAndCreatedDifferently_whenQueriedByTheOriginalsFilters_thenEachHolds() {
        repo.insert(task("task_a", "a", t0));
        repo.insert(new Task(new TaskId("task_cli"), "c", TaskStatus.PENDING, TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://app:pw@db:5432/shop", "db"), "shops"), "shop", "cli", t0.plusSeconds(5),
                null, null, null));
        repo.update(repo.find(new TaskId("task_a")).orElseThrow().withStatus(TaskStatus.COMPLETED, t0.plusSeconds(60),
                t0.plusSeconds(120), null));

        assertThat(ids(new TaskFilter(null, false, null, null, "cli", null, null, null))).containsExactly("task_cli");
        assertThat(ids(new TaskFilter(null, false, null, null, null, null,
                TaskFilter.TimeRange.of(t0.plusSeconds(30), null, "s", "e"), null))).containsExactly("task_a");
        assertThat(ids(new TaskFilter(null, false, null, null, null, null, null,
                TaskFilter.TimeRange.of(null, t0.plusSeconds(100), "s", "e")))).isEmpty();
        assertThat(ids(new TaskFilter(null, false, null, null, null, null, null,
                TaskFilter.TimeRange.of(t0.plusSeconds(100), t0.plusSeconds(200), "s", "e")))).containsExactly("task_a");
        assertThat(ids(new TaskFilter(null, true, null, null, null, null, null, null))).isEmpty();

        Execution cancelled = new Execution("task_cli_exec_1", new TaskId("task_cli"), ExecutionRequest.complete(
                new TaskId("task_cli")), new VectorManagementPolicy().decide(ExecutionRequest.complete(
                new TaskId("task_cli"))), ExecutionStatus.CANCELLED, t0.plusSeconds(10), t0.plusSeconds(11), null,
                "cancelled", null);
        repo.insertExecution(cancelled);
        assertThat(ids(new TaskFilter(null, true, null, null, null, null, null, null))).containsExactly("task_cli");
    }

    private List<String> ids(TaskFilter filter) {
        return repo.query(new TaskRepository.TaskQuery(filter, "created_at", true, 0, 10)).tasks().stream()
                .map(t -> t.id().value()).toList();
    }

    /** What the stored result says about {@code success} (the fake keeps the typed result, a database its JSON). */
    protected abstract boolean successOf(ResultDocument result);

    @Test
    void givenAStepAndAnExecution_whenSavedAndUpdated_thenTheyReadBack() {
        repo.insert(task("task_x", null, t0));
        TaskId id = new TaskId("task_x");
        repo.saveStep(new StepRun(id, StepName.TRAINING_LOAD, StepStatus.FAILED, "e1", t0, t0.plusSeconds(1), "boom"));
        assertThat(repo.steps(id).get(3).errorMessage()).isEqualTo("boom");

        ExecutionRequest request = ExecutionRequest.step(id, StepName.DDL_GENERATION).withVectorFlags(true, false);
        Execution e = new Execution("task_x_exec_1", id, request, new VectorManagementPolicy().decide(request),
                ExecutionStatus.RUNNING, t0, null, null, null, "key-1");
        repo.insertExecution(e);
        ExecutionResult result = new ExecutionResult.Finished(io.datapipeline.core.domain.ResultKind.OK, id, "task_x_exec_1", ExecutionMode.STEP,
                StepName.DDL_GENERATION, new ExecutionResult.SingleStep(StepName.DDL_GENERATION, new StepResult.Empty(),
                        null), List.of(), null);
        repo.updateExecution(e.finished(ExecutionStatus.COMPLETED, t0.plusSeconds(5), ResultDocument.of(result), null));

        Execution back = repo.findExecution("task_x_exec_1").orElseThrow();
        assertThat(back.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(successOf(back.result())).as("the stored result says the run succeeded").isTrue();
        assertThat(back.decision().warnings()).singleElement().asString().contains("ignored");
        assertThat(back.request().backupVectorTables()).isTrue();
        assertThat(back.finishedAt().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(t0.plusSeconds(5));
        assertThat(repo.findExecutionByIdempotencyKey(id, "key-1")).isPresent();
        assertThat(repo.findExecutionByIdempotencyKey(id, "key-2")).isEmpty();
        assertThat(repo.executions(id, 10)).hasSize(1);
    }

    @Test
    void givenALock_whenAnotherIsRequested_thenItIsRefusedUntilReleased() {
        repo.insert(task("task_l", null, t0));
        TaskId id = new TaskId("task_l");
        Optional<TaskRepository.TaskLock> first = repo.tryLock(id);
        assertThat(first).isPresent();
        assertThat(repo.tryLock(id)).isEmpty();
        first.get().close();
        Optional<TaskRepository.TaskLock> again = repo.tryLock(id);
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void givenATask_whenDeleted_thenItsStepsAndExecutionsGoToo() {
        repo.insert(task("task_d", null, t0));
        TaskId id = new TaskId("task_d");
        ExecutionRequest request = ExecutionRequest.complete(id);
        repo.insertExecution(new Execution("task_d_exec", id, request, new VectorManagementPolicy().decide(request),
                ExecutionStatus.RUNNING, t0, null, null, null, null));

        repo.delete(id);

        assertThat(repo.find(id)).isEmpty();
        assertThat(repo.steps(id)).isEmpty();
        assertThat(repo.executions(id, 10)).isEqualTo(List.of());
    }
}
