package io.datapipeline.cli;

/** Entry point of {@code pipeline}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(PipelineCommand.run(args, System.out, System.err));
    }
}
