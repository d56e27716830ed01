package io.datapipeline.rest.api;

import io.datapipeline.core.domain.NotFoundException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Serves the OpenAPI document generated from the controllers at build time. */
@Controller
@Hidden
public class OpenApiController {

    /** Where micronaut-openapi writes the document (title and version of {@code Application}'s definition). */
    public static final String RESOURCE = "META-INF/swagger/data-pipeline-0.yml";

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    public HttpResponse<String> openapi() throws IOException {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new NotFoundException("the OpenAPI document was not generated into this build");
            }
            return HttpResponse.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
