package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.Task;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.domain.TaskStatus;
import io.datapipeline.core.domain.VectorManagementDecision;
import io.datapipeline.core.execution.Execution;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.fakes.InMemoryTaskWorkspace;
import io.datapipeline.core.fakes.InMemoryUnitCheckpoints;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.vector.TransferProgress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code qa_generation} at scale on fakes: themes asked for at once with the pairs in the themes' order, the knobs in
 * the prompts, a failing theme with and without {@code continue_on_theme_error}, and a resume that asks only for the
 * themes that did not finish.
 */
class QaGenerationAtScaleTest {

    private static final TaskId ID = new TaskId("task_1");
    private final Clock clock = Clock.fixed(Instant.parse("2025-07-21T11:30:10Z"), ZoneOffset.UTC);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final InMemoryUnitCheckpoints checkpoints = new InMemoryUnitCheckpoints();
    private final InMemoryTaskWorkspace ws = new InMemoryTaskWorkspace(clock);
    private final ThemeModel model = new ThemeModel();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Proposes as many themes as asked, then pairs named after the theme; slow, counting the calls in flight. */
    static final class ThemeModel implements LanguageModel {
        private static final Pattern COUNT = Pattern.compile("Propose (\\d+) themes");
        private static final Pattern THEME = Pattern.compile("Theme: (\\S+) - .*\\nTables: .*\\nWrite (\\d+) question");
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<String> prompts = new CopyOnWriteArrayList<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();

        @Override
        public String describe() {
            return "theme model";
        }

        @Override
        public List<Theme> proposeThemes(String systemPrompt, String userPrompt) {
            prompts.add(userPrompt);
            Matcher m = COUNT.matcher(userPrompt);
            int n = m.find() ? Integer.parseInt(m.group(1)) : 1;
            // one more than asked: the step keeps theme_count of them
            return IntStream.rangeClosed(1, n + 1).mapToObj(i -> new Theme("theme" + i, "about " + i, List.of("shop")))
                    .toList();
        }

        @Override
        public List<QuestionSqlPair> generatePairs(String systemPrompt, String userPrompt) {
            prompts.add(userPrompt);
            Matcher m = THEME.matcher(userPrompt);
            if (!m.find()) {
                throw new ModelAnswerException("unexpected prompt");
            }
            String theme = m.group(1);
            int wanted = Integer.parseInt(m.group(2));
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                // later themes answer sooner: they finish out of order
                Thread.sleep(60 - 5L * Integer.parseInt(theme.substring(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            if (failing.contains(theme)) {
                throw new ModelAnswerException("the model's answer for question-SQL pairs could not be used; last "
                        + "answer: nonsense for " + theme);
            }
            List<QuestionSqlPair> pairs = new ArrayList<>();
            for (int i = 1; i <= Math.min(wanted, 3); i++) {
                pairs.add(new QuestionSqlPair(theme + " question " + i, "SELECT " + i));
            }
            return pairs;
        }

        @Override
        public String repairSql(String systemPrompt, String userPrompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CommentProposal proposeComments(String systemPrompt, String userPrompt) {
            throw new UnsupportedOperationException();
        }
    }

    private Task task(GenerationOptions.Choices choices) {
        return new Task(ID, null, TaskStatus.IN_PROGRESS, TaskParameters.defaults(DatabaseUrl.parse(
                "postgresql://app@db/shop", "db"), "shops").withGeneration(GenerationOptions.DEFAULTS.with(choices)),
                "shop", "api", clock.instant(), null, null, null);
    }

    private StepOutcome run(Task task, ExecutionRequest request) {
        Execution e = new Execution("task_1_exec_1", ID, request, new VectorManagementDecision(false, false, false,
                List.of()), ExecutionStatus.RUNNING, clock.instant(), null, null, null, null);
        return new QaGenerationStep(ws, Optional.of(model), clock, LlmWork.of(pool, checkpoints, 64, clock))
                .run(new StepContext(task, e, e.decision(), new TaskLog(ws, ID, clock), TransferProgress.NONE));
    }

    /** The questions of the pairs file the run wrote, in order. */
    private List<String> questions(StepOutcome o) {
        List<String> out = new ArrayList<>();
        for (Object p : (List<?>) ws.readJson(ID, ((StepResult.QaGeneration) o.result()).outputFile()).orElseThrow()) {
            out.add(String.valueOf(((Map<?, ?>) p).get("question")));
        }
        return out;
    }

    private void documents() {
        ws.writeText(ID, "shop_detail.md", "## public.shop\nFields:\n- id (integer)\n");
    }

    @Test
    void givenEightThemesFourAtOnce_whenRun_thenFourAreInFlightAndThePairsComeInTheThemesOrder() {
        documents();
        GenerationOptions.Choices c = GenerationOptions.Choices.builder().themeCount(8).questionsPerTheme(2)
                .maxConcurrentThemes(4).build();

        StepOutcome o = run(task(c), ExecutionRequest.complete(ID));

        assertThat(model.maxInFlight.get()).isEqualTo(4);
        StepResult.QaGeneration r = (StepResult.QaGeneration) o.result();
        assertThat(r.totalThemes()).isEqualTo(8);
        assertThat(r.totalQuestions()).isEqualTo(16);
        assertThat(questions(o)).containsExactlyElementsOf(IntStream.rangeClosed(1, 8).boxed()
                .flatMap(i -> java.util.stream.Stream.of("theme" + i + " question 1", "theme" + i + " question 2"))
                .toList());
        assertThat(model.prompts.get(0)).contains("Propose 8 themes.");
        assertThat(model.prompts.subList(1, 9)).allSatisfy(p -> assertThat(p).contains("Write 2 question-SQL pairs."));
    }

    @Test
    void givenAThemeThatFails_whenContinueOnThemeErrorIsOn_thenTheOthersAreKeptAndItIsReported() {
        documents();
        model.failing.add("theme2");

        StepOutcome o = run(task(GenerationOptions.Choices.builder().themeCount(3).build()),
                ExecutionRequest.complete(ID));

        StepResult.QaGeneration r = (StepResult.QaGeneration) o.result();
        assertThat(r.successfulThemes()).isEqualTo(2);
        assertThat(r.themes().get(1)).satisfies(t -> {
            assertThat(t.theme()).isEqualTo("theme2");
            assertThat(t.success()).isFalse();
            assertThat(t.error()).contains("nonsense for theme2");
        });
        assertThat(questions(o)).containsExactly(
                "theme1 question 1", "theme1 question 2", "theme1 question 3", "theme3 question 1", "theme3 question 2",
                "theme3 question 3");
    }

    @Test
    void givenAThemeThatFails_whenContinueOnThemeErrorIsOff_thenTheStepFailsNamingIt() {
        documents();
        model.failing.add("theme2");
        GenerationOptions.Choices strict = GenerationOptions.Choices.builder().themeCount(3)
                .continueOnThemeError(false).build();

        assertThatThrownBy(() -> run(task(strict), ExecutionRequest.complete(ID))).isInstanceOf(StepFailure.class)
                .hasMessageContaining("theme 'theme2' failed and continue_on_theme_error is false")
                .hasMessageContaining("nonsense for theme2");
        assertThat(ws.list(ID)).noneMatch(f -> f.name().endsWith("_pair.json"));
    }

    @Test
    void givenAThemeThatFailedBefore_whenResumed_thenOnlyItIsAskedAgainAndTheOthersAreTakenFromTheirRecords() {
        documents();
        model.failing.add("theme3");
        GenerationOptions.Choices c = GenerationOptions.Choices.builder().themeCount(4).build();
        run(task(c), ExecutionRequest.complete(ID));
        model.failing.clear();
        model.prompts.clear();

        StepOutcome resumed = run(task(c), ExecutionRequest.resume(ID));

        assertThat(model.prompts).singleElement().asString().contains("Theme: theme3 - ");
        StepResult.QaGeneration r = (StepResult.QaGeneration) resumed.result();
        assertThat(r.successfulThemes()).isEqualTo(4);
        assertThat(r.themesReused()).isEqualTo(3);
        assertThat(r.totalQuestions()).isEqualTo(12);
        assertThat(checkpoints.list(ID, StepName.QA_GENERATION)).extracting(cp -> cp.unit()).containsExactly(
                "theme_01", "theme_02", "theme_03", "theme_04", "themes");

        model.prompts.clear();
        run(task(GenerationOptions.Choices.builder().themeCount(4).questionsPerTheme(3).build()),
                ExecutionRequest.resume(ID));
        assertThat(model.prompts).as("another questions_per_theme changes every theme's inputs").hasSize(4);
    }
}
