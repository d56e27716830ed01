package io.datapipeline.rest;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;

/** Starts the HTTP server (port 8084 unless {@code PIPELINE_HTTP_PORT} says otherwise). */
@OpenAPIDefinition(info = @Info(title = "data-pipeline", version = "0",
        description = "Text2SQL training-data pipeline: tasks, executions, files, logs and vector-table management "
                + "(backup, truncate, list, verify, restore of the LangChain pgvector tables). Every response uses the "
                + "envelope {code, success, message, data}; data.response is a sentence and data.timestamp the time.",
        license = @License(name = "project license")))
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
