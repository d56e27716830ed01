package io.datapipeline.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.cli.wiring.CliApplication;
import io.datapipeline.cli.wiring.SettingsInput;
import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.ResultKind;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Exit codes, error printing and access to the object graph for every command. */
public final class CommandSupport {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BUSY = 3;
    /** The answer to COMMIT was lost and the database could not tell whether the change happened. */
    public static final int OUTCOME_UNKNOWN = 4;

    /** Loaded on first use only: Jackson costs ~100 ms of start-up that --help and --version need not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private CommandSupport() {
    }

    /** Wires the handlers and the application into a command line. */
    static void install(CommandLine cl, CliApplication app) {
        ((PipelineCommand) cl.getCommand()).app = app;
        listExitCodes(cl);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = exitCode(ex);
            CommandSpec spec = commandLine.getCommandSpec();
            if (wantsJson(parseResult)) {
                printJsonError(commandLine.getOut(), ex, code, spec);
            }
            err.println("error: " + message(ex, spec));
            if (code == USAGE) {
                err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return code;
        });
        cl.setExitCodeExceptionMapper(CommandSupport::exitCode);
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, args) -> {
            if (java.util.Arrays.asList(args).contains("--json")) {
                printJsonError(ex.getCommandLine().getOut(), ex, USAGE);
            }
            return usage.handleParseException(ex, args);
        });
    }

    /** The exit code of every command: one per way an operation can end, and no other place chooses one. */
    static int exitCode(ResultKind kind) {
        return switch (kind) {
            case OK -> OK;
            case FAILED -> FAILED;
            case INVALID -> USAGE;
            case BUSY -> BUSY;
            case COMMIT_UNKNOWN -> OUTCOME_UNKNOWN;
        };
    }

    /** Success or failure of an operation that has no commit (listing, cancel, delete of task folders). */
    static int exitCode(boolean success) {
        return exitCode(success ? ResultKind.OK : ResultKind.FAILED);
    }

    /** The exit codes every command's help lists, in picocli's {@code code:description} form. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OK + "", "success");
        m.put(FAILED + "", "the operation failed (the message says why); nothing half-done was kept");
        m.put(USAGE + "", "invalid input or usage");
        m.put(BUSY + "", "busy: another vector operation or task execution holds the lock; nothing was started");
        m.put(OUTCOME_UNKNOWN + "", "commit outcome unknown: the answer to COMMIT was lost and the database could "
                + "not tell whether it committed (the backup set is kept; see the runbook)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Lists {@link #EXIT_CODES} in the help of every command that does not list codes of its own. */
    private static void listExitCodes(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        }
        cl.getSubcommands().values().forEach(CommandSupport::listExitCodes);
    }

    private static boolean wantsJson(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult p = parseResult;
        while (p != null) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }

    /** On failure with --json, stdout still gets a JSON document: what went wrong, in the REST API's terms. */
    static void printJsonError(PrintWriter out, Throwable ex, int code) {
        printJsonError(out, ex, code, null);
    }

    /** As {@link #printJsonError(PrintWriter, Throwable, int)}, the field named by its option of {@code spec}. */
    static void printJsonError(PrintWriter out, Throwable ex, int code, CommandSpec spec) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("success", false);
        doc.put("error_type", ex instanceof CommandLine.ParameterException ? "invalid_params"
                : ex instanceof InvalidInputException ie ? (ie.isMissing() ? "missing_required_params"
                : "invalid_params") : ex instanceof NotFoundException ? "resource_not_found"
                        : ex instanceof BusyException || ex instanceof io.datapipeline.core.domain.ConflictException
                                ? "conflict" : "internal_error");
        doc.put("error", message(ex, spec));
        if (ex instanceof InvalidInputException ie && ie.field() != null) {
            doc.put("field", spec == null ? ie.field() : optionName(spec, ie.field()));
        }
        doc.put("exit_code", code);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (Exception e) {
            out.println("{\"success\": false}");
        }
        out.flush();
    }

    static int exitCode(Throwable ex) {
        return exitCode(kindOf(ex));
    }

    /** How an operation that threw ended. */
    static ResultKind kindOf(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof CommandLine.ParameterException) {
            return ResultKind.INVALID;
        }
        if (ex instanceof BusyException) {
            return ResultKind.BUSY;
        }
        return ResultKind.FAILED;
    }

    /**
     * The message of an input error in this command's terms: the core names fields as the REST API does
     * ({@code max_age}); where the command has the field as an option ({@code --max-age}), the option is named.
     */
    static String message(Throwable ex, CommandSpec spec) {
        String m = message(ex);
        if (spec == null || !(ex instanceof InvalidInputException ie)) {
            return m;
        }
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            String option = o.longestName();
            if (!option.startsWith("--")) {
                continue;
            }
            String wire = option.substring(2).replace('-', '_');
            if (m.contains(option)) {
                continue; // the message names the option already (e.g. "--theme-count: theme_count must be …")
            }
            // a one-word field (keep) is only renamed where the message starts with it: in prose it is a word
            if (wire.contains("_")) {
                m = m.replaceAll("(?<![\\w-])" + java.util.regex.Pattern.quote(wire) + "(?![\\w])",
                        java.util.regex.Matcher.quoteReplacement(option));
            } else if (wire.equals(ie.field()) && m.startsWith(wire + " ")) {
                m = option + m.substring(wire.length());
            }
        }
        return m;
    }

    /** The option of {@code spec} that stands for a wire field ({@code max_age} → {@code --max-age}), or the field. */
    static String optionName(CommandSpec spec, String field) {
        if (field.startsWith("-")) {
            return field;
        }
        String option = "--" + field.replace('_', '-');
        return spec.findOption(option) != null ? option : field;
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof InvalidInputException ie
                && io.datapipeline.core.domain.PipelineSettings.DB_URL.equals(ie.field())) {
            return m + "; use --db-url, PIPELINE_DB_URL or db.url in --config";
        }
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    static PipelineCommand root(CommandSpec spec) {
        return (PipelineCommand) spec.root().userObject();
    }

    static CliApplication app(CommandSpec spec) {
        return root(spec).app;
    }

    static SettingsInput settings(CommandSpec spec) {
        GlobalOptions g = root(spec).global;
        return new SettingsInput(g.dbUrl(), g.dbUser(), g.dbPassword(), g.dataDir(), g.configFile());
    }

    /** Prints a JSON document on stdout. */
    /** One line of JSON (for streams of events or log lines). */
    static String compactJson(Object document) {
        try {
            return new ObjectMapper().writeValueAsString(io.datapipeline.wire.Wire.tree(document));
        } catch (Exception e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    static void printJson(CommandSpec spec, Object document) {
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.MAPPER.writeValueAsString(io.datapipeline.wire.Wire.tree(document)));
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }
}
