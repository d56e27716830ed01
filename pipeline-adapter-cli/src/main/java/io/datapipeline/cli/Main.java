package io.datapipeline.cli;

import io.datapipeline.cli.command.PipelineCommand;

/** Entry point of {@code pipeline}. */
public final class Main {

    private Main() {
    }

    /** Not a command: bin/pipeline runs it once per build to record a class-data-sharing archive. */
    static final String CDS_TRAINING = "--cds-training";

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(CDS_TRAINING)) {
            System.exit(CdsTraining.loadApplicationClasses(Main.class) >= 0 ? 0 : 1);
        }
        configureLogging();
        preloadInBackground(args);
        System.exit(PipelineCommand.run(args, System.out, System.err));
    }

    /**
     * Commands that talk to PostgreSQL spend ~150 ms loading the JDBC driver and Jackson before their first
     * byte moves; loading them on the second core while picocli parses the command line hides most of it.
     */
    static void preloadInBackground(String[] args) {
        if (args.length == 0 || java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h")
                || a.equals("--version") || a.equals("-V") || a.equals("completion"))) {
            return;
        }
        Thread t = new Thread(() -> {
            for (String name : new String[] {"org.postgresql.Driver", "org.postgresql.jdbc.PgConnection",
                "org.postgresql.core.v3.ConnectionFactoryImpl", "org.postgresql.core.v3.QueryExecutorImpl",
                "org.postgresql.copy.CopyManager", "org.postgresql.core.v3.CopyOperationImpl",
                "com.fasterxml.jackson.databind.ObjectMapper"}) {
                try {
                    Class.forName(name, true, Main.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // only a start-up optimisation
                }
            }
        }, "preload");
        t.setDaemon(true);
        t.start();
    }

    /** Log lines go to stderr (stdout is for results and --json), one line each, English, key=value. */
    static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
        setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        // the tokenizer library probes for CUDA and its platform on load and logs both; neither is ours to act on
        setDefault("org.slf4j.simpleLogger.log.ai.djl", "error");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
