package io.datapipeline.rest.wiring;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InvalidInputException;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's settings, the same as the CLI's: environment variables ({@code PIPELINE_DB_URL} …), which
 * Micronaut also exposes as properties ({@code pipeline.db.url} …) so tests and config files can set them.
 */
@Singleton
public final class RestSettings {

    private final Environment environment;

    public RestSettings(Environment environment) {
        this.environment = environment;
    }

    /** A setting by its environment variable name, e.g. {@code PIPELINE_LLM_MODEL}. */
    public Optional<String> byEnvName(String envVar) {
        String property = envVar.toLowerCase(Locale.ROOT).replace('_', '.');
        Optional<String> v = environment.getProperty(property, String.class);
        if (v.isEmpty()) {
            v = Optional.ofNullable(System.getenv(envVar));
        }
        return v.filter(s -> !s.isBlank());
    }

    public DatabaseUrl vectorDatabase() {
        String url = byEnvName("PIPELINE_DB_URL").orElseThrow(() -> InvalidInputException.missing("PIPELINE_DB_URL",
                "the server needs PIPELINE_DB_URL (the vector/metadata database)"));
        return DatabaseUrl.parse(url, "PIPELINE_DB_URL").withCredentials(byEnvName("PIPELINE_DB_USER").orElse(null),
                byEnvName("PIPELINE_DB_PASSWORD").orElse(null));
    }

    public Path dataDir() {
        return Path.of(byEnvName("PIPELINE_DATA_DIR").orElse("data")).toAbsolutePath().normalize();
    }

    /** The API token; empty means no authentication. */
    public Optional<String> apiToken() {
        return byEnvName("PIPELINE_API_TOKEN");
    }

    /** Worker threads for executions (default 2). */
    public int executionThreads() {
        return byEnvName("PIPELINE_EXECUTION_THREADS").map(Integer::parseInt).orElse(2);
    }
}
