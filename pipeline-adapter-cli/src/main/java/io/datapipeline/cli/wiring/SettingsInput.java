package io.datapipeline.cli.wiring;

/**
 * What the command line said about settings; {@code null} means "not given".
 *
 * @param dbUrl      --db-url
 * @param dbUser     --db-user
 * @param dbPassword --db-password
 * @param dataDir    --data-dir
 * @param configFile --config
 */
public record SettingsInput(String dbUrl, String dbUser, String dbPassword, String dataDir, String configFile) {
}
