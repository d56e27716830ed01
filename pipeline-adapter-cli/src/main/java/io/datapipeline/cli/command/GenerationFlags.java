package io.datapipeline.cli.command;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.InvalidInputException;
import picocli.CommandLine.Mixin;

/** Every knob of the language-model steps, for the commands that create a task ({@link TableFlags}, {@link ThemeFlags}). */
public final class GenerationFlags {

    @Mixin
    TableFlags tables;

    @Mixin
    ThemeFlags themes;

    GenerationOptions.Choices choices() {
        return checked(themes.apply(tables.apply(GenerationOptions.Choices.builder())).build());
    }

    /**
     * The choices, their ranges checked here (they do not depend on any setting), so a bad value is refused before
     * anything connects, naming the flag.
     */
    static GenerationOptions.Choices checked(GenerationOptions.Choices choices) {
        try {
            GenerationOptions.DEFAULTS.with(choices);
            return choices;
        } catch (InvalidInputException e) {
            String flag = "--" + e.field().replace('_', '-');
            throw InvalidInputException.invalid(flag, flag + ": " + e.getMessage());
        }
    }
}
