package io.datapipeline.cli;

import io.datapipeline.cli.command.PipelineCommand;

/** Entry point of {@code pipeline}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(PipelineCommand.run(args, System.out, System.err));
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
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
