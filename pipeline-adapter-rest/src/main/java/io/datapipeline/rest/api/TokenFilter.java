package io.datapipeline.rest.api;

import io.datapipeline.core.domain.AccessPolicy;
import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.ApiTokens;
import io.datapipeline.rest.wiring.RestSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * When tokens are configured ({@code PIPELINE_API_TOKEN}, {@code PIPELINE_API_TOKENS}), every {@code /api/**}
 * request needs {@code Authorization: Bearer <token>}: none or an unknown one is a 401, a token whose scope does not
 * cover the operation a 403 naming the scope needed. The token itself is never logged or echoed.
 */
@ServerFilter("/api/**")
public class TokenFilter {

    private final ApiTokens tokens;

    public TokenFilter(RestSettings settings) {
        this.tokens = settings.apiTokens();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Map<String, Object>> authenticate(HttpRequest<?> request) {
        if (!tokens.enabled()) {
            return null;
        }
        String header = request.getHeaders().getAuthorization().orElse("");
        Optional<ApiScope> scope = header.startsWith("Bearer ") ? tokens.scopeOf(header.substring(7).trim())
                : Optional.empty();
        if (scope.isEmpty()) {
            return Envelope.error(HttpStatus.UNAUTHORIZED, "unauthorized", header.isEmpty()
                    ? "this server needs Authorization: Bearer <token> (PIPELINE_API_TOKEN or PIPELINE_API_TOKENS)"
                    : "invalid bearer token", "Authorization", null).header("WWW-Authenticate", "Bearer");
        }
        // no route (a 404 follows): any valid token may learn that
        ApiScope needed = RouteAttributes.getRouteMatch(request).map(m -> Access.needed(m.getAnnotationMetadata()))
                .orElse(ApiScope.READ);
        if (!scope.get().includes(needed)) {
            return Access.forbidden(new AccessPolicy.Refusal(needed, scope.get(), null));
        }
        Access.grant(request, scope.get());
        return null;
    }
}
