package io.datapipeline.cli;

import io.datapipeline.cli.command.PipelineCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process with a given environment and captures its output. */
public final class CliRunner {

    private final Map<String, String> env;

    public CliRunner(Map<String, String> env) {
        this.env = new HashMap<>(env);
    }

    /** The outcome of one invocation. */
    public record Result(int code, String out, String err) {
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PipelineCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
