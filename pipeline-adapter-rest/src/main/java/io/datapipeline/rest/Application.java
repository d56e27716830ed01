package io.datapipeline.rest;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Starts the HTTP server (port 8084 unless {@code PIPELINE_HTTP_PORT} says otherwise). */
@OpenAPIDefinition(info = @Info(title = "data-pipeline", version = "0",
        description = "Text2SQL training-data pipeline: tasks, executions, files, logs and vector-table management "
                + "(backup, truncate, list, verify, restore of the LangChain pgvector tables). Every response uses the "
                + "envelope {code, success, message, data}; data.response is a sentence and data.timestamp the time.",
        license = @License(name = "project license")))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Needed when the server has tokens (PIPELINE_API_TOKEN: full access; PIPELINE_API_TOKENS: "
                + "token:scope entries). Each operation lists the scope it needs: read (look), execute (create, "
                + "execute, upload, back up, read business databases) or admin (destroy or replace: backup with "
                + "truncate, restore, dedupe and prune with apply, deletes); admin includes execute, execute includes "
                + "read. No token: 401; a token without the scope: 403 naming it.")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
