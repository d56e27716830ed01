package io.datapipeline.cli.command;

import io.datapipeline.core.domain.GenerationOptions;
import picocli.CommandLine.Option;

/**
 * The knobs of {@code qa_generation} (the original's config.py {@code qs_generation} names), for the commands that
 * create a task or generate pairs; what is not given comes from PIPELINE_* / the config file, then the built-in
 * defaults.
 */
public final class ThemeFlags {

    @Option(names = "--max-concurrent-themes", paramLabel = "N",
            description = "Themes asked for at once in qa_generation (max_concurrent_themes; default "
                    + "PIPELINE_LLM_CONCURRENCY, 4).")
    Integer maxConcurrentThemes;

    @Option(names = "--theme-count", paramLabel = "N", description = "Analysis themes asked of the model (theme_count, "
            + "default 5).")
    Integer themeCount;

    @Option(names = "--questions-per-theme", paramLabel = "N",
            description = "Question-SQL pairs asked per theme (questions_per_theme, default 10).")
    Integer questionsPerTheme;

    @Option(names = "--continue-on-theme-error", negatable = true,
            description = "A theme that fails leaves the others (continue_on_theme_error, the default); "
                    + "--no-continue-on-theme-error makes the first failed theme fail the step.")
    Boolean continueOnThemeError;

    GenerationOptions.Choices.Builder apply(GenerationOptions.Choices.Builder b) {
        return b.maxConcurrentThemes(maxConcurrentThemes).themeCount(themeCount).questionsPerTheme(questionsPerTheme)
                .continueOnThemeError(continueOnThemeError);
    }
}
