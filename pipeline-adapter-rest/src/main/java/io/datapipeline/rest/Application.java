package io.datapipeline.rest;

import io.micronaut.runtime.Micronaut;

/** Starts the HTTP server (port 8084 unless {@code PIPELINE_HTTP_PORT} says otherwise). */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
