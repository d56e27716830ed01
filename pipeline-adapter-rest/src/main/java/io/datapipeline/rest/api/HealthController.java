package io.datapipeline.rest.api;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/** Liveness: answers as soon as the server accepts requests. */
@Controller("/health")
@io.swagger.v3.oas.annotations.Hidden
public class HealthController {

    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }
}
