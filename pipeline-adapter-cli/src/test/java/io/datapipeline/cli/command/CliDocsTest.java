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

    /** The hand-written part at the end of docs/cli.md: kept as it is when the generated part is regenerated. */
    static final String MIGRATION = "## Coming from the Python pipeline";

    /** The hand-written tail of the doc, from {@link #MIGRATION} on ({@code ""} when there is none). */
    private static String tail(String doc) {
        int i = doc.indexOf("\n" + MIGRATION + "\n");
        return i < 0 ? "" : doc.substring(i + 1);
    }

    @Test
    void givenTheCommands_whenRenderingTheirHelp_thenDocsCliMdIsUpToDate() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("docs.update")) {
            String tail = Files.exists(DOC) ? tail(Files.readString(DOC, StandardCharsets.UTF_8)) : "";
            Files.writeString(DOC, expected + tail, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/cli.md exists").exists();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc.substring(0, doc.length() - tail(doc).length()))
                .as("docs/cli.md is out of date: run mvn -pl pipeline-adapter-cli test -Dtest=CliDocsTest -Ddocs.update=true")
                .isEqualTo(expected);
        assertThat(expected).contains("## pipeline vector backup", "## pipeline task execute", "## pipeline completion",
                "Examples:", "Exit codes:");
    }

    /**
     * The migration table names, in its "ours" column, only options some command has: a renamed option makes the
     * table wrong, and this fails.
     */
    @Test
    void givenTheMigrationTable_whenReadingItsOurColumn_thenEveryOptionItNamesExists() throws IOException {
        String tail = tail(Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(tail).as("docs/cli.md ends with " + MIGRATION).startsWith(MIGRATION);
        java.util.Set<String> options = new java.util.TreeSet<>();
        collectOptions(PipelineCommand.commandLine(null), options);
        java.util.List<String> named = new java.util.ArrayList<>();
        int ours = -1;
        for (String line : tail.lines().toList()) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (ours < 0) {
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i].strip().equals("ours")) {
                        ours = i;
                    }
                }
                continue;
            }
            if (ours < cells.length) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![\\w-])--[a-z][a-z0-9_-]*")
                        .matcher(cells[ours]);
                while (m.find()) {
                    named.add(m.group());
                }
            }
        }
        assertThat(ours).as("a column named ours").isPositive();
        assertThat(named).as("options named in the table").hasSizeGreaterThan(30);
        assertThat(named).allSatisfy(o -> assertThat(options).as("an option of some command").contains(o));
    }

    private static void collectOptions(CommandLine cl, java.util.Set<String> out) {
        cl.getCommandSpec().options().forEach(o -> out.addAll(java.util.List.of(o.names())));
        cl.getSubcommands().values().forEach(s -> collectOptions(s, out));
    }
}
