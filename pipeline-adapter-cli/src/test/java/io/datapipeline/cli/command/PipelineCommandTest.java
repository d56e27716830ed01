package io.datapipeline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineCommandTest {

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner(Map.of());

    @Test
    void givenHelp_whenRun_thenUsageIsPrintedAndExitIsZero() {
        CliRunner.Result r = cli.run("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: pipeline").contains("Exit codes:").contains("Examples:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "vector backup", "vector truncate", "vector list", "vector verify",
        "vector restore", "vector dedupe", "vector reembed", "task", "task create", "task execute", "task status", "workflow run", "training load",
        "sql", "sql validate", "ddl", "ddl generate", "qa", "qa generate", "completion"})
    void givenAnyCommand_whenAskedForHelp_thenItShowsExamples(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        CliRunner.Result r = cli.run(args.toArray(String[]::new));

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: pipeline " + command).contains("Example");
    }

    /** Every command, however deep, lists the five exit codes in its help (sql validate words 0 and 1 its own way). */
    @Test
    void givenEveryCommand_whenAskedForHelp_thenItsFooterListsTheExitCodes0To4() {
        List<String> paths = new java.util.ArrayList<>();
        collect(PipelineCommand.commandLine(null), "", paths);

        assertThat(paths).hasSizeGreaterThan(25).contains("task execute", "training load", "workflow run");
        for (String command : paths) {
            List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            args.add("--help");
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            String codes = r.out().substring(Math.max(0, r.out().indexOf("Exit codes:")));

            assertThat(r.out()).as(command).contains("Exit codes:");
            if (!command.equals("sql validate")) {
                assertThat(codes).as(command).contains("0   success").contains("1   the operation failed")
                        .contains("2   invalid input").contains("3   busy").contains("4   commit outcome unknown");
            }
        }
    }

    private static void collect(picocli.CommandLine cl, String prefix, List<String> out) {
        out.add(prefix);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                collect(sub, (prefix.isEmpty() ? "" : prefix + " ") + name, out);
            }
        });
    }

    @Test
    void givenAUsageErrorWithJson_whenRun_thenStdoutIsAJsonErrorDocumentAndExitIsTwo() throws Exception {
        CliRunner.Result r = cli.run("vector", "backup", "--json", "--bogus");

        assertThat(r.code()).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(doc.get("success").asBoolean()).isFalse();
        assertThat(doc.get("error_type").asText()).isEqualTo("invalid_params");
        assertThat(doc.get("error").asText()).contains("--bogus");
        assertThat(r.err()).contains("Unknown option");
    }

    @Test
    void givenABadTruncateScope_whenExecuting_thenItIsAUsageErrorNamingTheChoices() {
        CliRunner.Result r = cli.run("task", "execute", "--task-id", "t1", "--truncate-vector-tables",
                "--truncate-scope", "everything");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--truncate-scope").contains("table").contains("loaded_collections");
    }

    @Test
    void givenVersion_whenRun_thenItPrintsTheVersion() {
        CliRunner.Result r = cli.run("--version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("pipeline ");
    }

    @Test
    void givenAnUnknownOption_whenRun_thenExitIsTwoWithAMessage() {
        CliRunner.Result r = cli.run("--no-such-option");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void givenCompletion_whenGeneratedForBash_thenItCompletesTheCommands() {
        CliRunner.Result r = cli.run("completion", "bash");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F").contains("vector")
                .contains("--truncate-before-restore");
        assertThat(cli.run("completion", "fish").code()).isEqualTo(2);
    }

    @Test
    void givenAConfigFile_whenListing_thenItsDataDirIsUsedUnlessAnOptionOrTheEnvironmentSaysOtherwise()
            throws IOException {
        Path fromFile = dir.resolve("from-file");
        Path fromEnv = dir.resolve("from-env");
        Path fromOption = dir.resolve("from-option");
        Files.createDirectories(fromFile.resolve("vector_bak"));
        writeSet(fromFile.resolve("vector_bak"), "20250101_000000");
        Path props = dir.resolve("pipeline.properties");
        Files.writeString(props, "data.dir=" + fromFile + "\n");
        Path yaml = dir.resolve("pipeline.yaml");
        Files.writeString(yaml, "# settings\ndata:\n  dir: \"" + fromFile + "\"\ndb:\n  url: postgresql://h/db\n");

        assertThat(cli.run("--config", props.toString(), "vector", "list").out()).contains("20250101_000000");
        assertThat(cli.run("vector", "list", "--config", yaml.toString()).out()).contains("20250101_000000");
        assertThat(new CliRunner(Map.of("PIPELINE_DATA_DIR", fromEnv.toString())).run("--config", props.toString(),
                "vector", "list").out()).contains("no backup sets found");
        assertThat(cli.run("--config", props.toString(), "--data-dir", fromOption.toString(), "vector", "list").out())
                .contains("no backup sets found");
    }

    @Test
    void givenABadConfigFile_whenRun_thenItIsAUsageErrorNamingTheProblem() throws IOException {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "db.pasword=oops\n");

        CliRunner.Result r = cli.run("--config", bad.toString(), "vector", "list");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown setting 'db.pasword'");
        assertThat(cli.run("--config", dir.resolve("missing.yaml").toString(), "vector", "list").code()).isEqualTo(2);
    }

    @Test
    void givenAKnobOutOfRange_whenCreatingATaskOrGenerating_thenItIsAUsageErrorNamingTheFlagBeforeAnythingConnects()
            throws IOException {
        Path list = Files.writeString(dir.resolve("tables.txt"), "shop\n");

        CliRunner.Result create = cli.run("task", "create", "--db-connection", "postgresql://app@127.0.0.1:1/shop",
                "--table-list", list.toString(), "--business-context", "x", "--theme-count", "0");
        CliRunner.Result ddl = cli.run("ddl", "generate", "--db-connection", "postgresql://app@127.0.0.1:1/shop",
                "--table-list", list.toString(), "--output-dir", dir.resolve("out").toString(),
                "--max-concurrent-tables", "65");
        CliRunner.Result notANumber = cli.run("qa", "generate", "--input-dir", dir.toString(), "--questions-per-theme",
                "ten");

        assertThat(create.code()).isEqualTo(2);
        assertThat(create.err()).contains("--theme-count: theme_count must be a whole number from 1 to 100, not 0");
        assertThat(ddl.code()).isEqualTo(2);
        assertThat(ddl.err()).contains("--max-concurrent-tables: max_concurrent_tables must be a whole number from 1 "
                + "to 64, not 65");
        assertThat(Files.exists(dir.resolve("out"))).as("nothing was written").isFalse();
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--questions-per-theme");
    }

    @Test
    void givenBothOrNeitherSourceOfDocuments_whenGeneratingPairs_thenItIsAUsageError() {
        CliRunner.Result both = cli.run("qa", "generate", "--input-dir", dir.toString(), "--task-id", "task_1");
        CliRunner.Result neither = cli.run("qa", "generate");

        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give either a task (--task-id) or a folder of documents (--input-dir), not both");
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("not neither");
    }

    @Test
    void givenTheOriginalsKeysInAConfigFile_whenRead_thenTheyAreSettingsAndABadValueNamesItsKey() throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "data:\n  dir: " + dir + "\nllm:\n  concurrency: 8\nmax_concurrent_tables: 2\n"
                + "sample_data_limit: 50\nqs_generation:\n  theme_count: 8\n  continue_on_theme_error: false\n");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "qs_generation:\n  theme_count: zero\n");

        CliRunner.Result ok = cli.run("--config", good.toString(), "vector", "list");
        CliRunner.Result refused = cli.run("--config", bad.toString(), "vector", "list");

        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("qs_generation.theme_count in " + bad + ": PIPELINE_THEME_COUNT must be a "
                + "whole number, not 'zero'");
    }

    private static void writeSet(Path dir, String ts) throws IOException {
        Files.writeString(dir.resolve("langchain_pg_collection_" + ts + ".csv"), "uuid,name,cmetadata\n");
        Files.writeString(dir.resolve("langchain_pg_embedding_" + ts + ".csv"),
                "id,collection_id,embedding,document,cmetadata\n");
    }
}
