package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.FakeSchemaInspector;
import io.datapipeline.core.fakes.InMemoryExecutionJournal;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.InMemoryUnitCheckpoints;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.ModelCallObserver;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.SchemaInspector;
import io.datapipeline.core.port.out.SchemaInspector.ColumnDescription;
import io.datapipeline.core.port.out.SchemaInspector.TableDescription;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.UnitCheckpoints;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ddl_generation} at scale on fakes: tables documented concurrently with the same files as one by one, the
 * knobs' effects, failures counted against {@code max_table_failures}, and a resumed execution that asks the model only
 * for the tables whose inputs changed or that never finished.
 */
class DdlGenerationAtScaleTest {

    private static final DatabaseUrl DB = DatabaseUrl.parse("postgresql://app@db:5432/shop", "db");
    private static final TaskId ID = new TaskId("task_1");
    private static final int TABLES = 12;

    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final InMemoryUnitCheckpoints checkpoints = new InMemoryUnitCheckpoints();
    private final FakeSchemaInspector inspector = new FakeSchemaInspector();
    private final ThinkingModel model = new ThinkingModel(30);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A model that takes its time, counts the calls in flight, and proposes comments from the table's name. */
    static final class ThinkingModel implements LanguageModel {
        private static final Pattern TABLE = Pattern.compile("Table: public\\.(\\w+)");
        private final long millis;
        final AtomicInteger inFlight;
        final AtomicInteger maxInFlight;
        final List<String> asked;
        final Set<String> failFor;
        private final ModelCallObserver observer;

        ThinkingModel(long millis) {
            this(millis, ModelCallObserver.NONE, new AtomicInteger(), new AtomicInteger(),
                    new java.util.concurrent.CopyOnWriteArrayList<>(), ConcurrentHashMap.newKeySet());
        }

        /** A view shares the counters of the model it was made from. */
        private ThinkingModel(long millis, ModelCallObserver observer, AtomicInteger inFlight, AtomicInteger maxInFlight,
                List<String> asked, Set<String> failFor) {
            this.millis = millis;
            this.observer = observer;
            this.inFlight = inFlight;
            this.maxInFlight = maxInFlight;
            this.asked = asked;
            this.failFor = failFor;
        }

        @Override
        public LanguageModel observedBy(ModelCallObserver o) {
            return new ThinkingModel(millis, o, inFlight, maxInFlight, asked, failFor);
        }

        @Override
        public String describe() {
            return "thinking model";
        }

        @Override
        public CommentProposal proposeComments(String systemPrompt, String userPrompt) {
            Matcher m = TABLE.matcher(userPrompt);
            String table = m.find() ? m.group(1) : "?";
            asked.add(table);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            if (failFor.contains(table)) {
                throw new ModelAnswerException("the model's answer for comments could not be used; last answer: ?");
            }
            observer.answered(userPrompt.length(), 7);
            return new CommentProposal("Table " + table, Map.of("name", "Name of " + table, "status", "State"));
        }

        @Override
        public List<Theme> proposeThemes(String systemPrompt, String userPrompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<QuestionSqlPair> generatePairs(String systemPrompt, String userPrompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String repairSql(String systemPrompt, String userPrompt) {
            throw new UnsupportedOperationException();
        }
    }

    private static String name(int i) {
        return String.format("t%02d", i);
    }

    private static TableDescription table(String name) {
        return new TableDescription(new TableName("public", name), null, List.of(
                new ColumnDescription("id", "integer", false, null, null),
                new ColumnDescription("name", "text", true, null, null),
                new ColumnDescription("status", "character varying(10)", true, null, null)), List.of("id"), List.of(),
                30);
    }

    private static List<Map<String, String>> rows(String table, int n) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("id", String.valueOf(i));
            r.put("name", table + " row " + i);
            r.put("status", i % 3 == 0 ? "closed" : "open");
            rows.add(r);
        }
        return rows;
    }

    private void tables(FakeSchemaInspector fake) {
        for (int i = 1; i <= TABLES; i++) {
            fake.add(table(name(i)), rows(name(i), 30));
        }
    }

    private Task task(GenerationOptions.Choices choices) {
        return new Task(ID, null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(DB, "shops")
                .withGeneration(GenerationOptions.DEFAULTS.with(choices)), "shop", "api", clock.instant(), null, null,
                null);
    }

    private static GenerationOptions.Choices concurrency(int n) {
        return GenerationOptions.Choices.builder().maxConcurrentTables(n).build();
    }

    private InMemoryTaskWorkspace workspace() {
        InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
        ws.writeText(ID, "table_list.txt", IntStream.rangeClosed(1, TABLES).mapToObj(DdlGenerationAtScaleTest::name)
                .collect(Collectors.joining("\n")));
        return ws;
    }

    private StepOutcome run(TaskWorkspace ws, SchemaInspector in, LanguageModel m, Task task, ExecutionRequest request,
            int processConcurrency, ExecutionMonitor monitor) {
        DdlGenerationStep step = new DdlGenerationStep(ws, in, Optional.of(m), LlmWork.of(pool, checkpoints,
                processConcurrency, clock));
        Execution e = new Execution("task_1_exec_1", ID, request, new VectorManagementDecision(false, false, false,
                List.of()), ExecutionStatus.RUNNING, clock.instant(), null, null, null, null);
        return step.run(new StepContext(task, e, e.decision(), new TaskLog(ws, ID, clock), TransferProgress.NONE,
                monitor));
    }

    private StepOutcome run(TaskWorkspace ws, Task task, ExecutionRequest request) {
        return run(ws, inspector, model, task, request, 64, ExecutionMonitor.none());
    }

    private static Map<String, String> documents(InMemoryTaskWorkspace ws) {
        Map<String, String> files = new LinkedHashMap<>();
        for (TaskWorkspace.FileInfo f : ws.list(ID)) {
            if (f.name().endsWith(".ddl") || f.name().endsWith(".md") || f.name().equals("filename_mapping.txt")) {
                files.put(f.name(), ws.readText(ID, f.name()).orElseThrow());
            }
        }
        return files;
    }

    @Test
    void givenFourTablesAtOnce_whenRun_thenFourCallsAreInFlightAndTheFilesAreThoseOfARunOneByOne() {
        tables(inspector);
        InMemoryTaskWorkspace sequentialWs = workspace();
        InMemoryTaskWorkspace concurrentWs = workspace();

        StepOutcome one = run(sequentialWs, task(concurrency(1)), ExecutionRequest.complete(ID));
        int sequentialMax = model.maxInFlight.getAndSet(0);
        StepOutcome four = run(concurrentWs, task(concurrency(4)), ExecutionRequest.complete(ID));

        assertThat(sequentialMax).isEqualTo(1);
        assertThat(model.maxInFlight.get()).isEqualTo(4);
        assertThat(documents(concurrentWs)).hasSize(2 * TABLES + 1).isEqualTo(documents(sequentialWs));
        assertThat(four.result()).isEqualTo(new StepResult.DdlGeneration(((StepResult.DdlGeneration) one.result())
                .tables(), 2 * TABLES + 1, 2 * TABLES + TABLES, ((StepResult.DdlGeneration) four.result()).duration()));
        assertThat(documents(concurrentWs).get("filename_mapping.txt")).startsWith(
                "# File name mapping\n# Format: table -> file\n\npublic.t01 -> t01_detail.md\npublic.t02 -> ");
    }

    @Test
    void givenATaskAskingForMoreThanTheProcessAllows_whenRun_thenTheProcessLimitHoldsAndTheExecutionIsWarned() {
        tables(inspector);
        InMemoryTaskWorkspace ws = workspace();
        InMemoryExecutionJournal journal = new InMemoryExecutionJournal(id -> true);
        ExecutionMonitor monitor = new ExecutionMonitor(journal, "task_1_exec_1", clock);

        run(ws, inspector, model, task(concurrency(8)), ExecutionRequest.complete(ID), 3, monitor);

        assertThat(model.maxInFlight.get()).isEqualTo(3);
        assertThat(journal.events("task_1_exec_1", 0, 100)).anySatisfy(e -> assertThat(e.message())
                .isEqualTo("max_concurrent_tables 8 is above PIPELINE_LLM_CONCURRENCY 3 (the calls in flight this "
                        + "process allows the model endpoint); 3 run at once"));
    }

    @Test
    void givenTheModelsAnswers_whenRun_thenTheirUsageIsCountedForTheStep() {
        tables(inspector);
        ExecutionMonitor monitor = ExecutionMonitor.none();
        monitor.stepStarted(io.datapipeline.core.domain.StepName.DDL_GENERATION);

        run(workspace(), inspector, model, task(concurrency(4)), ExecutionRequest.complete(ID), 64, monitor);

        assertThat(monitor.stepUsage().calls()).isEqualTo(TABLES);
        assertThat(monitor.stepUsage().completionTokens()).isEqualTo(7L * TABLES);
        assertThat(monitor.stepUsage().promptTokens()).isPositive();
        assertThat(monitor.executionUsage()).isEqualTo(monitor.stepUsage());
    }

    @Test
    void givenAnEarlierRunThatWasInterrupted_whenResumed_thenOnlyTheTablesWithoutARecordOrWithChangedInputsAreAsked() {
        tables(inspector);
        InMemoryTaskWorkspace ws = workspace();
        run(ws, task(concurrency(4)), ExecutionRequest.complete(ID));
        Map<String, String> full = documents(ws);
        // the interruption: four tables never got their record, one file was changed by hand, one table altered
        InMemoryUnitCheckpoints partial = new InMemoryUnitCheckpoints();
        for (int i = 5; i <= TABLES; i++) {
            // the records of t05…t12 as the first run saved them
            partial.save(ID, recordOf(ws, name(i)));
        }
        ws.writeText(ID, "t06_detail.md", "edited by hand");
        FakeSchemaInspector altered = new FakeSchemaInspector();
        tables(altered);
        TableDescription t07 = table("t07");
        altered.add(new TableDescription(t07.table(), "now commented", t07.columns(), t07.primaryKey(),
                t07.foreignKeys(), 30), rows("t07", 30));
        model.asked.clear();

        StepOutcome resumed = new DdlGenerationStep(ws, altered, Optional.of(model), LlmWork.of(pool, partial, 64,
                clock)).run(new StepContext(task(concurrency(4)), execution(ExecutionRequest.resume(ID)), null,
                        new TaskLog(ws, ID, clock), TransferProgress.NONE));

        assertThat(model.asked).containsExactlyInAnyOrder("t01", "t02", "t03", "t04", "t06", "t07");
        StepResult.DdlGeneration r = (StepResult.DdlGeneration) resumed.result();
        assertThat(r.tables().reused()).isEqualTo(TABLES - 6);
        assertThat(r.tablesProcessed()).isEqualTo(TABLES);
        assertThat(r.llmComments()).as("reused tables count their comments").isEqualTo(3 * TABLES);
        Map<String, String> after = documents(ws);
        assertThat(after.get("t06_detail.md")).isEqualTo(full.get("t06_detail.md"));
        assertThat(after.get("t07.ddl")).contains("-- Description: now commented");
        after.remove("t07.ddl");
        after.remove("t07_detail.md");
        full.remove("t07.ddl");
        full.remove("t07_detail.md");
        assertThat(after).isEqualTo(full);
        assertThat(partial.list(ID, io.datapipeline.core.domain.StepName.DDL_GENERATION)).hasSize(TABLES);
    }

    private UnitCheckpoints.Checkpoint recordOf(InMemoryTaskWorkspace ws, String table) {
        String ddl = ws.readText(ID, table + ".ddl").orElseThrow();
        String md = ws.readText(ID, table + "_detail.md").orElseThrow();
        TableDocumentation.Job job = new TableDocumentation.Job(DB, null, "shops", GenerationOptions.DEFAULTS.tables(),
                1, null, TableDocumentation.Checkpointing.NONE, ExecutionMonitor.none());
        return new UnitCheckpoints.Checkpoint(io.datapipeline.core.domain.StepName.DDL_GENERATION, table,
                TableDocumentation.inputs(job, table(table), "thinking model"), new UnitCheckpoints.Documents(List.of(
                        new UnitCheckpoints.OutputFile(table + ".ddl", InputsDigest.sha256(ddl)),
                        new UnitCheckpoints.OutputFile(table + "_detail.md", InputsDigest.sha256(md))), 3),
                clock.instant());
    }

    private Execution execution(ExecutionRequest request) {
        return new Execution("task_1_exec_2", ID, request, new VectorManagementDecision(false, false, false, List.of()),
                ExecutionStatus.RUNNING, clock.instant(), null, null, null, null);
    }

    @Test
    void givenAFinishedRun_whenRunAgainNotResumed_thenEveryTableIsAskedAgain() {
        tables(inspector);
        InMemoryTaskWorkspace ws = workspace();
        run(ws, task(concurrency(4)), ExecutionRequest.complete(ID));
        model.asked.clear();

        run(ws, task(concurrency(4)), ExecutionRequest.step(ID, io.datapipeline.core.domain.StepName.DDL_GENERATION));

        assertThat(model.asked).hasSize(TABLES);
    }

    @Test
    void givenAModelThatFailsForATable_whenRun_thenTheTableIsDocumentedWithoutCommentsCountedFailedAndNotRecorded() {
        tables(inspector);
        model.failFor.add("t03");
        InMemoryTaskWorkspace ws = workspace();

        StepResult.DdlGeneration r = (StepResult.DdlGeneration) run(ws, task(concurrency(4)),
                ExecutionRequest.complete(ID)).result();

        assertThat(r.tablesProcessed()).isEqualTo(TABLES);
        assertThat(r.tables().failed()).singleElement().satisfies(f -> {
            assertThat(f.unit()).isEqualTo("public.t03");
            assertThat(f.error()).contains("no comments proposed for public.t03");
        });
        assertThat(ws.readText(ID, "t03.ddl").orElseThrow()).doesNotContain("-- Description:");
        assertThat(checkpoints.find(ID, io.datapipeline.core.domain.StepName.DDL_GENERATION, "t03"))
                .as("a resume asks again").isEmpty();
        assertThat(checkpoints.list(ID, io.datapipeline.core.domain.StepName.DDL_GENERATION)).hasSize(TABLES - 1);
    }

    @Test
    void givenMoreFailedTablesThanAllowed_whenRun_thenTheStepFailsNamingThemAndStopsStartingTables() {
        tables(inspector);
        for (int i = 1; i <= TABLES; i++) {
            model.failFor.add(name(i));
        }
        GenerationOptions.Choices two = GenerationOptions.Choices.builder().maxConcurrentTables(1).maxTableFailures(2)
                .build();

        assertThatThrownBy(() -> run(workspace(), task(two), ExecutionRequest.complete(ID)))
                .isInstanceOf(StepFailure.class).hasMessageStartingWith("3 tables failed, more than max_table_failures "
                        + "(2) allows: public.t01: no comments proposed");
        assertThat(model.asked).containsExactly("t01", "t02", "t03");
    }

    @Test
    void givenATableWhoseSamplingFails_whenRun_thenItIsReportedFailedWithoutFilesAndTheOthersAreDocumented() {
        tables(inspector);
        SchemaInspector broken = new SchemaInspector() {
            @Override
            public Optional<TableDescription> describe(DatabaseUrl database, TableName table) {
                return inspector.describe(database, table);
            }

            @Override
            public List<TableName> listTables(DatabaseUrl database, List<String> schemas) {
                return inspector.listTables(database, schemas);
            }

            @Override
            public List<Map<String, String>> sample(DatabaseUrl database, TableName table, int limit) {
                if (table.name().equals("t02")) {
                    throw new PipelineException("permission denied for table t02");
                }
                return inspector.sample(database, table, limit);
            }

            @Override
            public List<ValueCount> distinctValues(DatabaseUrl database, TableName table, String column, int rowLimit,
                    int maxValues) {
                return inspector.distinctValues(database, table, column, rowLimit, maxValues);
            }
        };
        InMemoryTaskWorkspace ws = workspace();

        StepResult.DdlGeneration r = (StepResult.DdlGeneration) run(ws, broken, model, task(concurrency(4)),
                ExecutionRequest.complete(ID), 64, ExecutionMonitor.none()).result();

        assertThat(r.tables().failed()).containsExactly(new StepResult.UnitFailure("public.t02",
                "permission denied for table t02"));
        assertThat(r.tablesProcessed()).isEqualTo(TABLES - 1);
        assertThat(ws.readText(ID, "t02.ddl")).isEmpty();
        assertThat(ws.readText(ID, "filename_mapping.txt").orElseThrow()).doesNotContain("t02");
    }

    @Test
    void givenTheSampleAndEnumerationKnobs_whenRun_thenTheDocumentsFollowThem() {
        tables(inspector);
        InMemoryTaskWorkspace ws = workspace();
        run(ws, task(GenerationOptions.Choices.NONE), ExecutionRequest.complete(ID));
        assertThat(ws.readText(ID, "t01_detail.md").orElseThrow())
                .contains("- name (text) - Name of t01 [examples: t01 row 1, t01 row 2, t01 row 3]")
                .contains("- status takes 2 distinct values: open, closed\n");

        run(ws, task(GenerationOptions.Choices.builder().sampleDataLimit(2).build()), ExecutionRequest.complete(ID));
        assertThat(ws.readText(ID, "t01_detail.md").orElseThrow()).as("two rows sampled")
                .contains("- name (text) - Name of t01 [examples: t01 row 1, t01 row 2]\n")
                .contains("- status takes 2 distinct values: open, closed\n");

        run(ws, task(GenerationOptions.Choices.builder().enumMaxDistinctValues(1).build()),
                ExecutionRequest.complete(ID));
        assertThat(ws.readText(ID, "t01_detail.md").orElseThrow()).as("two values are more than one")
                .doesNotContain("distinct value");

        run(ws, task(GenerationOptions.Choices.builder().enumDetectionSampleLimit(2).build()),
                ExecutionRequest.complete(ID));
        assertThat(ws.readText(ID, "t01_detail.md").orElseThrow()).as("the first two rows are open")
                .contains("- status takes 1 distinct value: open\n");

        run(ws, task(GenerationOptions.Choices.builder().enumMaxDistinctValues(0).build()),
                ExecutionRequest.complete(ID));
        assertThat(ws.readText(ID, "t01_detail.md").orElseThrow()).doesNotContain("distinct value");
    }
}
