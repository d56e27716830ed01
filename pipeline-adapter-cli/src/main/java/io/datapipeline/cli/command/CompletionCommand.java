package io.datapipeline.cli.command;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipeline completion bash}: prints a completion script generated from the command model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script (bash; zsh can load it with bashcompinit).",
        footer = {"%nExamples:", "  source <(pipeline completion bash)",
            "  pipeline completion bash > /etc/bash_completion.d/pipeline"})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", defaultValue = "bash", description = "The shell: bash (default).")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unsupported shell '" + shell
                    + "': use bash (zsh: autoload -U bashcompinit && bashcompinit, then source the bash script)");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("pipeline", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return CommandSupport.OK;
    }
}
