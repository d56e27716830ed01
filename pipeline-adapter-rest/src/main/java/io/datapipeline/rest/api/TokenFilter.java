package io.datapipeline.rest.api;

import io.datapipeline.rest.wiring.RestSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * When {@code PIPELINE_API_TOKEN} is set, every {@code /api/v0/data_pipeline} request needs
 * {@code Authorization: Bearer <token>} (compared in constant time); otherwise 401.
 */
@ServerFilter("/api/v0/data_pipeline/**")
public class TokenFilter {

    private final Optional<byte[]> token;

    public TokenFilter(RestSettings settings) {
        this.token = settings.apiToken().map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Map<String, Object>> authenticate(HttpRequest<?> request) {
        if (token.isEmpty()) {
            return null;
        }
        String header = request.getHeaders().getAuthorization().orElse("");
        byte[] given = header.startsWith("Bearer ") ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (MessageDigest.isEqual(given, token.get())) {
            return null;
        }
        return Envelope.error(HttpStatus.UNAUTHORIZED, "unauthorized", header.isEmpty()
                ? "this server needs Authorization: Bearer <PIPELINE_API_TOKEN>" : "invalid bearer token", "Authorization",
                null).header("WWW-Authenticate", "Bearer");
    }
}
