package io.datapipeline.cli.command;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.port.in.ValidateSqlCommand;
import io.datapipeline.core.port.in.ValidateSqlUseCase;
import io.datapipeline.wire.ResultShapes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline sql ...}: the original's standalone SQL validator. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  pipeline sql validate --db-connection postgresql://app@db/shop --input-file qs_shop_pair.json"},
        description = "Validate question/SQL pairs against a business database.",
        subcommands = SqlCommand.Validate.class)
public final class SqlCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"EXPLAIN every SQL of a pairs file ([{\"question\": ..., \"sql\": ...}]) against the business "
                    + "database, read-only with a 30-second statement timeout, as the sql_validation step does.",
                "The reports sql_validation_<ts>_summary.log and sql_validation_<ts>_report.json are written beside the "
                        + "file. With --enable-llm-repair the language model (PIPELINE_LLM_*) repairs SQL that fails; a "
                        + "repair counts only when it passes EXPLAIN too. With --modify-original-file the file is "
                        + "rewritten (repaired SQL in, pairs that still fail out), the previous version kept as "
                        + "<file>.backup_<ts>."},
            footer = {"%nExamples:",
                "  pipeline sql validate --db-connection postgresql://app@db/shop --input-file qs_shop_pair.json",
                "  pipeline sql validate --db-connection postgresql://app@db/shop --input-file pairs.json \\",
                "      --enable-llm-repair --modify-original-file --json"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every SQL passed (or was repaired)", "1:some SQL fails and was not repaired (the report "
                    + "lists it; with --modify-original-file it was removed from the file), or the validation failed",
                "2:invalid input or usage (no such file, not a JSON array, an unreachable database, repair without a "
                        + "model)"})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--db-connection", required = true, paramLabel = "URL",
                description = "The business database: postgresql://user:pass@host:port/db or a JDBC URL.")
        String dbConnection;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Input input;

        static final class Input {
            @Option(names = "--input-file", required = true, paramLabel = "FILE",
                    description = "The pairs file (JSON array of {\"question\", \"sql\"}).")
            String file;

            @Option(names = "--task-id", required = true, paramLabel = "ID",
                    description = "The newest *_pair.json of the task's directory <data-dir>/<ID>/ (as the original's "
                            + "--task-id).")
            String taskId;
        }

        @ArgGroup(exclusive = true)
        Modify modify;

        static final class Modify {
            @Option(names = "--modify-original-file", description = "Rewrite the file: repaired SQL in, pairs whose SQL "
                    + "still fails out; the previous version is kept as <file>.backup_<ts>.")
            boolean yes;

            @Option(names = "--no-modify-file", description = "Leave the file as it is (the default; the original "
                    + "modified it by default).")
            boolean no;
        }

        @ArgGroup(exclusive = true)
        Repair repair;

        static final class Repair {
            @Option(names = "--enable-llm-repair", description = "Let the language model repair SQL that fails "
                    + "(needs PIPELINE_LLM_BASE_URL and PIPELINE_LLM_MODEL).")
            boolean yes;

            @Option(names = "--disable-llm-repair", description = "Repair nothing (the default; the original repaired "
                    + "by default).")
            boolean no;
        }

        @Option(names = "--save-json", description = "Accepted for the original's scripts: the JSON report "
                + "sql_validation_<ts>_report.json is always written.")
        boolean saveJson;

        @Option(names = "--json", description = "Print the validation report as JSON on stdout.")
        boolean json;

        @Override
        public Integer call() {
            DatabaseUrl db = DatabaseUrl.parse(dbConnection, "--db-connection");
            String file = input.file != null ? input.file : newestPairs(TaskId.parse(input.taskId));
            ValidateSqlUseCase.Validation v = CommandSupport.app(spec).validateSql(CommandSupport.settings(spec))
                    .validate(new ValidateSqlCommand(db, file, modify != null && modify.yes, repair != null && repair.yes));
            boolean ok = !v.hasUnrepairedFailures();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("success", ok);
                doc.put("folder", v.folder());
                doc.putAll(ResultShapes.validationReport(v.report()));
                CommandSupport.printJson(spec, doc);
            } else {
                print(spec.commandLine().getOut(), v);
            }
            return CommandSupport.exitCode(ok);
        }

        /** The newest {@code *_pair.json} of the task's directory, as the original's validator chose it. */
        private String newestPairs(TaskId task) {
            java.nio.file.Path dir = CommandSupport.app(spec).dataDirectory(CommandSupport.settings(spec))
                    .resolve(task.value());
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw InvalidInputException.invalid("--task-id", "task " + task + " has no directory " + dir);
            }
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith("_pair.json")
                        && java.nio.file.Files.isRegularFile(p)).max(java.util.Comparator.comparing(p -> {
                            try {
                                return java.nio.file.Files.getLastModifiedTime(p);
                            } catch (java.io.IOException e) {
                                return java.nio.file.attribute.FileTime.fromMillis(0);
                            }
                        })).map(java.nio.file.Path::toString).orElseThrow(() -> InvalidInputException.invalid(
                                "--task-id", "task " + task + " has no *_pair.json in " + dir));
            } catch (java.io.IOException e) {
                throw InvalidInputException.invalid("--task-id", "cannot list " + dir + ": " + e.getMessage());
            }
        }

        private static void print(PrintWriter out, ValidateSqlUseCase.Validation v) {
            StepResult.SqlValidation s = v.report().summary();
            out.printf("validated %d SQL of %s: %d valid, %d invalid, %d repaired, %d removed%n", s.totalSqls(),
                    v.folder() + "/" + s.inputFile(), s.validSqls(), s.invalidSqls(), s.repairedSqls(), s.removedSqls());
            if (!s.malformedItems().isEmpty()) {
                out.println("items without question or sql (left as they are): " + s.malformedItems());
            }
            for (StepResult.SqlFailure f : v.report().failures()) {
                out.printf("  [%d] %s%n      %s%n      %s%n", f.index(), f.question(), f.sql(), f.error());
                if (f.repairedSql() != null) {
                    out.println("      repaired: " + f.repairedSql());
                }
            }
            out.println("report: " + v.folder() + "/" + s.reportFile());
            if (s.backupFile() != null) {
                out.println("previous version kept as " + v.folder() + "/" + s.backupFile());
            }
            out.flush();
        }
    }
}
