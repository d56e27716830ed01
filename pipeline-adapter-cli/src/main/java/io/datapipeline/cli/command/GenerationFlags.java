package io.datapipeline.cli.command;

import io.datapipeline.core.domain.GenerationOptions;
import picocli.CommandLine.Mixin;

/** Every knob of the language-model steps, for the commands that create a task ({@link TableFlags}, {@link ThemeFlags}). */
public final class GenerationFlags {

    @Mixin
    TableFlags tables;

    @Mixin
    ThemeFlags themes;

    GenerationOptions.Choices choices() {
        return themes.apply(tables.apply(GenerationOptions.Choices.builder())).build();
    }
}
