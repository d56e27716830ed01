package io.datapipeline.cli.command;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the command name. A value given here wins over the
 * environment variable, which wins over the config file.
 */
public final class GlobalOptions {

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Vector/metadata database: JDBC URL or postgresql://user:pass@host:port/db (env PIPELINE_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "Database user (env PIPELINE_DB_USER); wins over the URL's.")
    String dbUser;

    @Option(names = "--db-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            description = "Database password (env PIPELINE_DB_PASSWORD; prefer the environment, a command line is visible to other users).")
    String dbPassword;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory: <dir>/<task_id>/ per task, global backups in <dir>/vector_bak/ (env PIPELINE_DATA_DIR, default ./data).")
    String dataDir;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Settings file (.properties or .yaml) with keys like db.url, data.dir, llm.base-url; options and environment variables win.")
    String configFile;

    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public String dataDir() {
        return dataDir;
    }

    public String configFile() {
        return configFile;
    }
}
