package io.datapipeline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is generated from picocli's usage help; this test fails when they drift. Regenerate with
 * {@code mvn -pl pipeline-adapter-cli test -Dtest=CliDocsTest -Ddocs.update=true}.
 */
class CliDocsTest {

    private static final Path DOC = Path.of("..", "docs", "cli.md");

    static String render() {
        CommandLine root = PipelineCommand.commandLine(null);
        StringBuilder md = new StringBuilder("# CLI reference\n\n")
                .append("Generated from the commands' own help (`pipeline <command> --help` prints the same); a test keeps "
                        + "this file and the code in step.\n\n")
                .append("Run it as `bin/pipeline …` (builds `pipeline-adapter-cli/target/pipeline-cli.jar` when needed) "
                        + "or `java -jar pipeline-adapter-cli/target/pipeline-cli.jar …`. Progress bars appear on a "
                        + "terminal; with `--json` or without a terminal there are plain log lines on stderr only.\n\n");
        append(md, root);
        return md.toString();
    }

    private static void append(StringBuilder md, CommandLine cl) {
        md.append("## ").append(cl.getCommandSpec().qualifiedName()).append("\n\n```text\n")
                .append(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n\n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                append(md, sub);
            }
        }
    }

    @Test
    void givenTheCommands_whenRenderingTheirHelp_thenDocsCliMdIsUpToDate() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/cli.md exists").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/cli.md is out of date: run mvn -pl pipeline-adapter-cli test -Dtest=CliDocsTest -Ddocs.update=true")
                .isEqualTo(expected);
        assertThat(expected).contains("## pipeline vector backup", "## pipeline task execute", "## pipeline completion",
                "Examples:", "Exit codes:");
    }
}
