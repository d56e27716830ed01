package io.datapipeline.rest.wiring;

import io.datapipeline.core.domain.ApiTokens;
import io.datapipeline.core.domain.PipelineSettings;
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

    private final PipelineSettings settings;

    public RestSettings(Environment environment) {
        this.settings = PipelineSettings.from(name -> byEnvName(environment, name),
                dir -> Path.of(dir).toAbsolutePath().normalize().toString());
    }

    private static Optional<String> byEnvName(Environment environment, String envVar) {
        String property = envVar.toLowerCase(Locale.ROOT).replace('_', '.');
        Optional<String> v = environment.getProperty(property, String.class);
        if (v.isEmpty()) {
            v = Optional.ofNullable(System.getenv(envVar));
        }
        return v.filter(s -> !s.isBlank());
    }

    /** Every setting; the server requires the vector database when it starts. */
    public PipelineSettings pipeline() {
        return settings;
    }

    /** The API's bearer tokens and their scopes; {@link ApiTokens#NONE} means no authentication. */
    public ApiTokens apiTokens() {
        return settings.apiTokens();
    }
}
