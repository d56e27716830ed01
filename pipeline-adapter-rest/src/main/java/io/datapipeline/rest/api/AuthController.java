package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the caller's token may do, so a client (the console) can disable what it would be refused. */
@Controller("/api/v0/data_pipeline/auth")
public class AuthController {

    /**
     * The scope of the request's token ({@code read}, {@code execute} or {@code admin}; {@code admin} when the server
     * asks for no token) and whether the server asks for one.
     */
    @SecurityRequirement(name = Access.SCHEME, scopes = "read")
    @RequiredScope(ApiScope.READ)
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> scope(HttpRequest<?> request) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token_required", Access.granted(request).isPresent());
        data.put("scope", Access.callerScope(request).wire());
        return Envelope.ok(data, "token scope");
    }
}
