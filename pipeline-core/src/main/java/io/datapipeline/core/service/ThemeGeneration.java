package io.datapipeline.core.service;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.QuestionSqlPair;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The question-SQL pairs of a set of table documents: the model proposes {@code theme_count} analysis themes, then
 * writes {@code questions_per_theme} pairs for each, up to {@code max_concurrent_themes} themes at once. The pairs come
 * out in the themes' order whatever order the themes finish in. Each unit done (the theme list, each theme's pairs) is
 * recorded as soon as it is done with the digest of its inputs, and a resumed run takes the units whose inputs did not
 * change from the earlier run. A theme that fails leaves the others ({@code continue_on_theme_error}), or stops the
 * run ({@link ThemeFailed}).
 */
final class ThemeGeneration {

    /**
     * One run.
     *
     * @param documents     the table documentation the prompts show
     * @param checkpointing where units are recorded and whether matching ones are taken
     */
    record Job(String businessContext, String documents, GenerationOptions.Themes options, int parallelism,
            TableDocumentation.Checkpointing checkpointing, ExecutionMonitor monitor, TaskLogLines log) {
    }

    /** Where log lines go. */
    interface TaskLogLines {
        void info(String message);

        void error(String message);
    }

    /** The themes, their pairs in order, and what became of each theme. */
    record Generated(List<LanguageModel.Theme> themes, List<QuestionSqlPair> pairs, List<StepResult.Theme> results) {
    }

    /** The model gave no usable themes. */
    static final class NoThemes extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoThemes(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A theme failed and {@code continue_on_theme_error} is off. */
    static final class ThemeFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ThemeFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record ThemeOutcome(List<QuestionSqlPair> pairs, StepResult.Theme result) {
    }

    private final LanguageModel model;
    private final ConcurrentUnits units;
    private final Clock clock;

    ThemeGeneration(LanguageModel model, ConcurrentUnits units, Clock clock) {
        this.model = model;
        this.units = units;
        this.clock = clock;
    }

    Generated run(Job job) {
        LanguageModel llm = job.monitor().observe(model);
        List<LanguageModel.Theme> themes = themes(job, llm);
        job.log().info("themes: " + themes.stream().map(LanguageModel.Theme::name).toList());
        AtomicInteger calls = new AtomicInteger(1);
        job.monitor().progress("llm_calls", 1, themes.size() + 1, "calls");
        List<ThemeOutcome> outcomes = units.run(themes, job.parallelism(), (i, theme) -> {
            ThemeOutcome o = theme(job, llm, i, theme);
            job.monitor().progress("llm_calls", calls.incrementAndGet(), themes.size() + 1, "calls");
            return o;
        });
        List<QuestionSqlPair> pairs = new ArrayList<>();
        List<StepResult.Theme> results = new ArrayList<>();
        for (ThemeOutcome o : outcomes) {
            pairs.addAll(o.pairs());
            results.add(o.result());
        }
        return new Generated(themes, pairs, results);
    }

    private List<LanguageModel.Theme> themes(Job job, LanguageModel llm) {
        UnitCheckpoints.Inputs inputs = new UnitCheckpoints.Inputs(new InputsDigest().add("qa_generation/themes")
                .add(Prompts.VERSION).add(model.describe()).add(job.businessContext())
                .add(job.options().themeCount()).add(job.documents()).hex(), Prompts.VERSION, model.describe());
        Optional<UnitCheckpoints.Output> earlier = earlier(job, "themes", inputs);
        if (earlier.isPresent() && earlier.get() instanceof UnitCheckpoints.Themes t && !t.themes().isEmpty()) {
            job.log().info("the themes of an earlier run are reused (same documents and options)");
            return t.themes();
        }
        job.monitor().progress("llm_calls", 0, -1, "calls");
        List<LanguageModel.Theme> themes;
        try {
            themes = job.monitor().call(() -> llm.proposeThemes(Prompts.THEMES_SYSTEM, Prompts.themes(
                    job.businessContext(), job.options().themeCount(), job.documents())));
        } catch (LanguageModel.ModelAnswerException e) {
            throw new NoThemes("the language model gave no usable themes: " + e.getMessage(), e);
        }
        themes = List.copyOf(themes.subList(0, Math.min(job.options().themeCount(), themes.size())));
        save(job, "themes", inputs, new UnitCheckpoints.Themes(themes));
        return themes;
    }

    private ThemeOutcome theme(Job job, LanguageModel llm, int index, LanguageModel.Theme theme) {
        job.monitor().checkCancelled();
        String unit = String.format("theme_%02d", index + 1);
        UnitCheckpoints.Inputs inputs = new UnitCheckpoints.Inputs(new InputsDigest().add("qa_generation/theme")
                .add(Prompts.VERSION).add(model.describe()).add(job.businessContext())
                .add(job.options().questionsPerTheme()).add(theme.name()).add(theme.description())
                .add(String.join("\n", theme.tables())).add(job.documents()).hex(), Prompts.VERSION, model.describe());
        Optional<UnitCheckpoints.Output> earlier = earlier(job, unit, inputs);
        if (earlier.isPresent() && earlier.get() instanceof UnitCheckpoints.Pairs p) {
            job.log().info("theme '" + theme.name() + "': " + p.pairs().size() + " pairs of an earlier run reused");
            return new ThemeOutcome(p.pairs(), new StepResult.Theme(theme.name(), p.pairs().size(), true, null, true));
        }
        try {
            List<QuestionSqlPair> got = job.monitor().call(() -> llm.generatePairs(Prompts.PAIRS_SYSTEM, Prompts.pairs(
                    job.businessContext(), theme.name(), theme.description(), theme.tables(),
                    job.options().questionsPerTheme(), job.documents())));
            List<QuestionSqlPair> normalised = got.stream().map(QaGenerationStep::normalise).toList();
            save(job, unit, inputs, new UnitCheckpoints.Pairs(normalised));
            return new ThemeOutcome(normalised, new StepResult.Theme(theme.name(), normalised.size(), true, null, false));
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.log().error("theme '" + theme.name() + "' failed: " + why);
            if (!job.options().continueOnThemeError()) {
                throw new ThemeFailed("theme '" + theme.name() + "' failed and continue_on_theme_error is false: "
                        + why, e);
            }
            return new ThemeOutcome(List.of(), new StepResult.Theme(theme.name(), null, false, why, false));
        }
    }

    private Optional<UnitCheckpoints.Output> earlier(Job job, String unit, UnitCheckpoints.Inputs inputs) {
        TableDocumentation.Checkpointing cp = job.checkpointing();
        if (!cp.reuse()) {
            return Optional.empty();
        }
        return cp.store().find(cp.task(), StepName.QA_GENERATION, unit).filter(c -> c.inputs().equals(inputs))
                .map(UnitCheckpoints.Checkpoint::output);
    }

    private void save(Job job, String unit, UnitCheckpoints.Inputs inputs, UnitCheckpoints.Output output) {
        TableDocumentation.Checkpointing cp = job.checkpointing();
        cp.store().save(cp.task(), new UnitCheckpoints.Checkpoint(StepName.QA_GENERATION, unit, inputs, output,
                clock.instant()));
    }
}
