package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.fakes.InMemoryTaskRepository;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.port.in.TaskLogsUseCase.LogLine;
import io.datapipeline.core.port.in.TaskLogsUseCase.LogPage;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.core.port.in.TaskLogsUseCase.LogQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskLogsServiceTest {

    private static final TaskId ID = new TaskId("task_1");
    private static final String LOG = String.join("\n",
            "a stray first line without a header",
            "2025-07-21 11:30:10 [INFO] pipeline.task: task created",
            "2025-07-21 11:30:11 [INFO] pipeline.ddl_generation: started",
            "2025-07-21 11:30:12 [WARNING] pipeline.ddl_generation: skipping table list entry 1bad",
            "",
            "2025-07-21 11:30:13 [ERROR] pipeline.training_load: load failed: Disk quota",
            "  at the second line of the message",
            "2025-07-21 11:30:14 [INFO] other.logger: not a step",
            "2025-07-21 11:30:15 [INFO] pipeline.training_load: retried") + "\n";

    private final InMemoryTaskRepository repo = new InMemoryTaskRepository();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace();
    private final TaskLogsService logs = new TaskLogsService(repo, ws);

    @BeforeEach
    void setUp() {
        repo.insert(new Task(ID, null, TaskStatus.FAILED, TaskParameters.defaults(DatabaseUrl.parse(
                "postgresql://app@db/shop", "db"), "shops"), "shop", "api", Instant.parse("2025-07-21T11:30:10Z"), null,
                null, null));
        ws.writeText(ID, "data_pipeline.log", LOG);
    }

    private static LogQuery query(String level, String keyword, String step, String from, String to, boolean ascending,
            int page, int pageSize) {
        return new LogQuery(new TaskLogsUseCase.LogFilter(level, keyword, step, null, from, to), "line_number",
                ascending, page, pageSize);
    }

    @Test
    void givenALog_whenParsed_thenLinesKeepTheirFileLineNumbersStepsComeFromTheLoggerAndContinuationsJoinTheirLine() {
        LogPage page = logs.query(ID, query(null, null, null, null, null, true, 1, 100));

        assertThat(page.total()).isEqualTo(6);
        assertThat(page.lines()).extracting(LogLine::lineNumber).containsExactly(2, 3, 4, 6, 8, 9);
        assertThat(page.lines().get(0)).isEqualTo(new LogLine(2, "2025-07-21 11:30:10", "INFO", "pipeline.task", null,
                "task created"));
        assertThat(page.lines().get(1).step()).isEqualTo("ddl_generation");
        assertThat(page.lines().get(3)).isEqualTo(new LogLine(6, "2025-07-21 11:30:13", "ERROR", "pipeline.training_load",
                "training_load", "load failed: Disk quota\n  at the second line of the message"));
        assertThat(page.lines().get(4).step()).as("not a pipeline logger").isNull();
        assertThat(page.nextToken()).isNull();
        assertThat(page.fileSize()).isEqualTo(LOG.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void givenNoToken_whenTailing_thenTheLastLinesComeWithATokenThatContinuesAfterThem() {
        LogPage last = logs.tail(ID, null, 2, null);
        ws.appendLog(ID, "2025-07-21 11:30:16 [INFO] pipeline.task: execution completed");
        LogPage next = logs.tail(ID, last.nextToken(), 10, null);
        LogPage nothingNew = logs.tail(ID, next.nextToken(), 10, null);

        assertThat(last.lines()).extracting(LogLine::lineNumber).containsExactly(8, 9);
        assertThat(last.total()).isEqualTo(6);
        assertThat(last.nextToken()).isEqualTo("9");
        assertThat(next.lines()).extracting(LogLine::message).containsExactly("execution completed");
        assertThat(nothingNew.lines()).isEmpty();
        assertThat(nothingNew.nextToken()).as("the token stays where it was").isEqualTo(next.nextToken());
    }

    @Test
    void givenATokenAndALimit_whenTailing_thenAtMostTheLimitOfTheFollowingLinesComes() {
        LogPage page = logs.tail(ID, "2", 2, null);

        assertThat(page.lines()).extracting(LogLine::lineNumber).containsExactly(3, 4);
        assertThat(page.nextToken()).isEqualTo("4");
    }

    @Test
    void givenALevelInAnyCase_whenTailing_thenOnlyThatLevelComesAndAnUnknownLevelIsRefused() {
        assertThat(logs.tail(ID, null, 10, "warning").lines()).extracting(LogLine::level).containsExactly("WARNING");
        assertThatThrownBy(() -> logs.tail(ID, null, 10, "verbose"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("level"));
    }

    @Test
    void givenATokenThatIsNoLineNumber_whenTailing_thenItIsRefused() {
        for (String bad : new String[] {"abc", "-1", "1.5"}) {
            assertThatThrownBy(() -> logs.tail(ID, bad, 10, null)).as(bad)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("after"));
        }
    }

    @Test
    void givenFilters_whenQuerying_thenKeywordStepAndTimeBoundsApplyInclusively() {
        assertThat(logs.query(ID, query(null, "DISK", null, null, null, true, 1, 10)).lines())
                .extracting(LogLine::lineNumber).containsExactly(6);
        assertThat(logs.query(ID, query(null, null, "training_load", null, null, true, 1, 10)).lines())
                .extracting(LogLine::lineNumber).containsExactly(6, 9);
        assertThat(logs.query(ID, query(null, null, null, "2025-07-21 11:30:11", "2025-07-21 11:30:13", true, 1, 10))
                .lines()).extracting(LogLine::lineNumber).containsExactly(3, 4, 6);
        assertThat(logs.query(ID, query("info", null, "ddl_generation", null, null, true, 1, 10)).lines())
                .extracting(LogLine::lineNumber).containsExactly(3);
    }

    @Test
    void givenTheOriginalsLoggerNameSortByAndWarn_whenQuerying_thenTheyFilterAndSortAndAnUnknownSortIsRefused() {
        LogQuery byLogger = new LogQuery(new TaskLogsUseCase.LogFilter(null, null, null, "pipeline.ddl_generation", null,
                null), "timestamp", false, 1, 10);
        assertThat(logs.query(ID, byLogger).lines()).extracting(LogLine::lineNumber).containsExactly(4, 3);
        LogQuery byLevel = new LogQuery(new TaskLogsUseCase.LogFilter(null, null, null, null, null, null), "level", true,
                1, 10);
        assertThat(logs.query(ID, byLevel).lines()).extracting(LogLine::level)
                .containsExactly("ERROR", "INFO", "INFO", "INFO", "INFO", "WARNING");
        assertThat(logs.tail(ID, null, 10, "WARN").lines()).extracting(LogLine::lineNumber).containsExactly(4);
        assertThatThrownBy(() -> new LogQuery(new TaskLogsUseCase.LogFilter(null, null, null, null, null, null),
                "message", true, 1, 10)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("sort_by"));
    }

    @Test
    void givenManyMatches_whenQueryingNewestFirstByPages_thenEachPageHoldsItsShareAndTheTotalCountsAll() {
        LogPage second = logs.query(ID, query(null, null, null, null, null, false, 2, 2));
        LogPage beyond = logs.query(ID, query(null, null, null, null, null, false, 9, 2));

        assertThat(second.lines()).extracting(LogLine::lineNumber).containsExactly(6, 4);
        assertThat(second.total()).isEqualTo(6);
        assertThat(beyond.lines()).isEmpty();
        assertThat(beyond.total()).isEqualTo(6);
    }

    @Test
    void givenATaskWithoutALogOrNoTask_whenRead_thenTheLogIsEmptyOrTheTaskIsNotFound() {
        TaskId quiet = new TaskId("task_quiet");
        repo.insert(new Task(quiet, null, TaskStatus.PENDING, TaskParameters.defaults(null, null), null, "api",
                Instant.parse("2025-07-21T11:30:10Z"), null, null, null));

        LogPage empty = logs.tail(quiet, null, 10, null);

        assertThat(empty.lines()).isEmpty();
        assertThat(empty.total()).isZero();
        assertThat(empty.fileSize()).isEqualTo(-1);
        assertThatThrownBy(() -> logs.tail(new TaskId("task_nope"), null, 10, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> logs.query(new TaskId("task_nope"), query(null, null, null, null, null, true, 1, 10)))
                .isInstanceOf(NotFoundException.class);
    }
}
