package io.datapipeline.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.cli.wiring.CliApplication;
import io.datapipeline.cli.wiring.SettingsInput;
import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Exit codes, error printing and access to the object graph for every command. */
public final class CommandSupport {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BUSY = 3;

    /** Loaded on first use only: Jackson costs ~100 ms of start-up that --help and --version need not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private CommandSupport() {
    }

    /** Wires the handlers and the application into a command line. */
    static void install(CommandLine cl, CliApplication app) {
        ((PipelineCommand) cl.getCommand()).app = app;
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = exitCode(ex);
            err.println("error: " + message(ex));
            if (code == USAGE) {
                err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return code;
        });
        cl.setExitCodeExceptionMapper(CommandSupport::exitCode);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (ex instanceof BusyException) {
            return BUSY;
        }
        if (ex instanceof NotFoundException) {
            return FAILED;
        }
        return FAILED;
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
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
    static void printJson(CommandSpec spec, Object document) {
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.MAPPER.writeValueAsString(document));
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }
}
