package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementPolicy;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.port.in.CreateTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecutionOutcome;
import io.datapipeline.core.port.in.PreviewExecutionUseCase.PreviewOutcome;
import io.datapipeline.core.port.in.TaskQuery;
import io.datapipeline.core.domain.StepRun;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.domain.TruncateScope;
import io.datapipeline.core.port.out.TaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecuteTaskServiceTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final List<Runnable> queued = new ArrayList<>();
    private final ExecuteTaskService service = new ExecuteTaskService(repo, ws, runner(), new VectorManagementPolicy(),
            queued::add, clock);

    private WorkflowRunner runner() {
        return new WorkflowRunner(repo, ws, clock, WorkflowSteps.standard(ws, null, null, Optional.empty(), null, null,
                clock, Duration.ZERO));
    }

    private Task create(String tableList) {
        return new CreateTaskService(repo, ws, clock).create(new CreateTaskCommand(TaskParameters.defaults(
                DatabaseUrl.parse("postgresql://app@db/shop", "db"), "shops"), null, null, tableList, "task",
                Optional.empty(), "api"));
    }

    @Test
    void givenTwoTasksCreatedInTheSameSecond_whenCreated_thenTheSecondGetsASuffix() {
        assertThat(create("shop").id().value()).isEqualTo("task_20250721_113010");
        assertThat(create("shop").id().value()).isEqualTo("task_20250721_113010_2");
    }

    @Test
    void givenAnUnknownTask_whenExecuted_thenItIsNotFound() {
        assertThat(service.execute(ExecuteTaskCommand.of(ExecutionRequest.complete(new TaskId("nope")))))
                .isInstanceOf(ExecutionOutcome.NotFound.class);
    }

    @Test
    void givenNoTableList_whenExecutingComplete_thenItIsRefusedNamingTheFix() {
        Task task = create(null);

        ExecutionOutcome outcome = service.execute(ExecuteTaskCommand.of(ExecutionRequest.complete(task.id())));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionOutcome.Refused.class, r -> {
            assertThat(r.field()).isEqualTo("table_list");
            assertThat(r.reason()).contains("no table list");
        });
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void givenAnAcceptedExecution_whenTheSameTaskIsExecutedAgain_thenItIsAlreadyRunningWithThatExecution() {
        Task task = create("shop");
        ExecutionOutcome first = service.execute(ExecuteTaskCommand.of(
                ExecutionRequest.step(task.id(), StepName.DDL_GENERATION).withVectorFlags(true, true)));

        ExecutionOutcome second = service.execute(ExecuteTaskCommand.of(ExecutionRequest.complete(task.id())));

        assertThat(first).isInstanceOfSatisfying(ExecutionOutcome.Accepted.class, a -> {
            assertThat(a.execution().decision().active()).isFalse();
            assertThat(a.execution().decision().warnings()).hasSize(1);
        });
        assertThat(second).isInstanceOfSatisfying(ExecutionOutcome.AlreadyRunning.class, r -> assertThat(
                r.running().executionId()).isEqualTo(((ExecutionOutcome.Accepted) first).execution().executionId()));
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void givenAnIdempotencyKey_whenTheRequestIsRetried_thenTheSameExecutionIsReturned() {
        Task task = create("shop");
        ExecuteTaskCommand cmd = new ExecuteTaskCommand(ExecutionRequest.complete(task.id()), Optional.of("retry-1"));

        ExecutionOutcome first = service.execute(cmd);
        ExecutionOutcome again = service.execute(cmd);

        assertThat(again).isInstanceOfSatisfying(ExecutionOutcome.Accepted.class, a -> {
            assertThat(a.replayed()).isTrue();
            assertThat(a.execution().executionId())
                    .isEqualTo(((ExecutionOutcome.Accepted) first).execution().executionId());
        });
        assertThat(queued).hasSize(1);
    }

    @Test
    void givenAnInProgressTaskWithoutALiveLock_whenRead_thenItIsMarkedInterrupted() {
        Task task = create("shop");
        repo.update(task.withStatus(TaskStatus.IN_PROGRESS, clock.instant(), null, null));

        Task read = new GetTaskService(repo, clock).get(task.id()).orElseThrow().task();

        assertThat(read.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(read.errorMessage()).startsWith("interrupted");
        Optional<TaskRepository.TaskLock> lock = repo.tryLock(task.id());
        assertThat(lock).as("the check released the lock it took").isPresent();
        lock.get().close();
    }

    @Test
    void givenAnExecuteScopedCaller_whenTheDecisionTruncates_thenTheExecutionIsForbiddenAndNothingIsRecordedOrLocked() {
        Task task = create("shop");
        ExecutionRequest truncating = ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD).withVectorFlags(false,
                true);

        ExecutionOutcome outcome = service.execute(new ExecuteTaskCommand(truncating, Optional.empty(), null,
                ApiScope.EXECUTE));
        PreviewOutcome preview = service.preview(truncating, ApiScope.EXECUTE);

        assertThat(outcome).isInstanceOfSatisfying(ExecutionOutcome.Forbidden.class, f -> {
            assertThat(f.refusal().needed()).isEqualTo(ApiScope.ADMIN);
            assertThat(f.refusal().granted()).isEqualTo(ApiScope.EXECUTE);
            assertThat(f.refusal().message()).isEqualTo("an execution with \"truncate_vector_tables\": true needs a "
                    + "token with scope admin (this token has scope execute)");
        });
        assertThat(preview).isInstanceOf(PreviewOutcome.Forbidden.class);
        assertThat(repo.executions(task.id(), 10)).isEmpty();
        assertThat(queued).isEmpty();
        Optional<TaskRepository.TaskLock> lock = repo.tryLock(task.id());
        assertThat(lock).as("no lock was left behind").isPresent();
        lock.get().close();
    }

    @Test
    void givenAnExecuteScopedCaller_whenTheFlagsDoNotTruncateOrAreIgnored_thenTheExecutionIsAccepted() {
        Task task = create("shop");

        ExecutionOutcome load = service.execute(new ExecuteTaskCommand(ExecutionRequest.step(task.id(),
                StepName.TRAINING_LOAD).withVectorFlags(true, false), Optional.empty(), null, ApiScope.EXECUTE));
        Task other = create("shop");
        ExecutionOutcome ignored = service.execute(new ExecuteTaskCommand(ExecutionRequest.step(other.id(),
                StepName.DDL_GENERATION).withVectorFlags(false, true), Optional.empty(), null, ApiScope.EXECUTE));

        assertThat(load).isInstanceOf(ExecutionOutcome.Accepted.class);
        assertThat(ignored).as("outside training_load the truncate is ignored, so nothing needs admin")
                .isInstanceOf(ExecutionOutcome.Accepted.class);
    }

    @Test
    void givenATaskWithoutABusinessDatabase_whenResumedAfterItsLoadFailed_thenOnlyTrainingLoadRunsAndNoTableListIsAsked() {
        Task task = new CreateTaskService(repo, ws, clock).create(new CreateTaskCommand(new TaskParameters(null, null,
                false, false, false, true, true), null, null, null, "manual", Optional.empty(), "cli"));
        repo.saveStep(new StepRun(task.id(), StepName.TRAINING_LOAD, StepStatus.FAILED, "x", clock.instant(),
                clock.instant(), "the vector store is busy"));

        PreviewOutcome resume = service.preview(ExecutionRequest.resume(task.id()));
        PreviewOutcome complete = service.preview(ExecutionRequest.complete(task.id()));

        assertThat(resume).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d -> assertThat(d.steps())
                .containsExactly(StepName.TRAINING_LOAD));
        assertThat(complete).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d -> assertThat(d.steps())
                .containsExactly(StepName.TRAINING_LOAD));
    }

    @Test
    void givenATruncatingCompleteRequest_whenPreviewed_thenItGetsTheExecutesDecisionAndNothingRunsOrIsRecorded() {
        Task task = create("shop");
        ExecutionRequest request = ExecutionRequest.complete(task.id()).withVectorFlags(false, true);

        PreviewOutcome preview = service.preview(request);

        assertThat(preview).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d -> {
            assertThat(d.decision().backup()).as("truncate implies backup").isTrue();
            assertThat(d.decision().truncate()).isTrue();
            assertThat(d.decision().truncateScope()).isEqualTo(TruncateScope.TABLE);
            assertThat(d.steps()).containsExactly(StepName.DDL_GENERATION, StepName.QA_GENERATION,
                    StepName.SQL_VALIDATION, StepName.TRAINING_LOAD);
        });
        assertThat(queued).as("nothing was started").isEmpty();
        assertThat(repo.executions(task.id(), 10)).as("nothing was recorded").isEmpty();
        assertThat(repo.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        Optional<TaskRepository.TaskLock> lock = repo.tryLock(task.id());
        assertThat(lock).as("no lock is held").isPresent();
        lock.get().close();
        ExecutionOutcome executed = service.execute(ExecuteTaskCommand.of(request));
        assertThat(executed).isInstanceOfSatisfying(ExecutionOutcome.Accepted.class, a -> assertThat(
                a.execution().decision()).isEqualTo(((PreviewOutcome.Decided) preview).decision()));
    }

    @Test
    void givenATaskWithItsOwnRetrievalGate_whenItsLoadRuns_thenTheGateAppliesUnlessTheExecutionNamesOne() {
        io.datapipeline.core.domain.RetrievalGate own = io.datapipeline.core.domain.RetrievalGate.parse(
                List.of("ddl_hit@3=0.8"), null, "min_retrieval", "max_retrieval_drop");
        io.datapipeline.core.domain.RetrievalGate asked = io.datapipeline.core.domain.RetrievalGate.parse(
                List.of(), "0.05", "min_retrieval", "max_retrieval_drop");
        Task task = new CreateTaskService(repo, ws, clock).create(new CreateTaskCommand(new TaskParameters(null, null,
                false, false, false, true, true).withRetrievalGate(own), null, null, null, "manual", Optional.empty(),
                "cli"));

        PreviewOutcome load = service.preview(ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD));
        PreviewOutcome named = service.preview(ExecutionRequest.step(task.id(), StepName.TRAINING_LOAD)
                .withReload(new io.datapipeline.core.domain.ReloadOptions(false, asked)));
        PreviewOutcome other = service.preview(ExecutionRequest.step(task.id(), StepName.SQL_VALIDATION));

        assertThat(load).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d ->
                assertThat(d.decision().reload().gate()).isEqualTo(own));
        assertThat(named).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d ->
                assertThat(d.decision().reload().gate()).isEqualTo(asked));
        assertThat(other).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d ->
                assertThat(d.decision().reload().gate().active()).as("no load, no gate").isFalse());
    }

    @Test
    void givenVectorFlagsOnAnotherStep_whenPreviewed_thenTheyAreIgnoredWithThePolicysWarning() {
        Task task = create("shop");

        PreviewOutcome preview = service.preview(ExecutionRequest.step(task.id(), StepName.DDL_GENERATION)
                .withVectorFlags(true, true));

        assertThat(preview).isInstanceOfSatisfying(PreviewOutcome.Decided.class, d -> {
            assertThat(d.decision().active()).isFalse();
            assertThat(d.decision().warnings()).containsExactly(
                    "vector table parameters only apply to training_load; current step: ddl_generation; ignored");
            assertThat(d.steps()).containsExactly(StepName.DDL_GENERATION);
        });
    }

    @Test
    void givenNoTableListOrNoTask_whenPreviewed_thenTheRefusalIsTheOneExecuteWouldGive() {
        Task task = create(null);

        assertThat(service.preview(ExecutionRequest.complete(task.id()))).isInstanceOfSatisfying(
                PreviewOutcome.Refused.class, r -> assertThat(r.field()).isEqualTo("table_list"));
        assertThat(service.preview(ExecutionRequest.complete(new TaskId("nope"))))
                .isInstanceOf(PreviewOutcome.NotFound.class);
    }

    @Test
    void givenEveryStepCompleted_whenAResumeIsPreviewed_thenThereIsNothingToResume() {
        Task task = create("shop");
        for (StepName step : List.of(StepName.DDL_GENERATION, StepName.QA_GENERATION, StepName.SQL_VALIDATION,
                StepName.TRAINING_LOAD)) {
            repo.saveStep(new StepRun(task.id(), step, StepStatus.COMPLETED, "e1", clock.instant(), clock.instant(),
                    null));
        }

        assertThat(service.preview(ExecutionRequest.resume(task.id())))
                .isInstanceOfSatisfying(PreviewOutcome.NothingToResume.class,
                        n -> assertThat(n.reason()).contains("nothing to resume"));
    }

    @Test
    void givenAnExecutedTask_whenTasksAreQueried_thenItsRowCarriesItsLastExecution() {
        Task task = create("shop");
        ExecutionOutcome started = service.execute(ExecuteTaskCommand.of(ExecutionRequest.complete(task.id())));

        var page = new GetTaskService(repo, clock).query(TaskQuery.newest(0, 10, null));

        assertThat(page.tasks()).singleElement().satisfies(v -> assertThat(v.lastExecution()).hasValueSatisfying(
                e -> assertThat(e.executionId()).isEqualTo(((ExecutionOutcome.Accepted) started).execution()
                        .executionId())));
    }
}
