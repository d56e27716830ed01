package io.datapipeline.rest.api;

import io.datapipeline.core.domain.AccessPolicy;
import io.datapipeline.core.domain.ApiScope;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * Which scope an operation needs, and which one the request's token has. An operation declares its scope with
 * {@link RequiredScope} beside its OpenAPI {@code @SecurityRequirement}; one that declares none needs {@code admin}
 * (a new endpoint is closed until someone decides). An operation whose body makes it destructive
 * ({@code truncate_vector_tables}, {@code apply}) asks for more with {@link #require}.
 */
final class Access {

    static final String SCHEME = "bearer";
    private static final String GRANTED = Access.class.getName() + ".granted";

    private Access() {
    }

    /** The scope the operation needs: the one it declares, {@code admin} when it declares none. */
    static ApiScope needed(AnnotationMetadata operation) {
        return declared(operation).orElse(ApiScope.ADMIN);
    }

    /** The scope the operation declares with {@link RequiredScope}, if it declares one. */
    static Optional<ApiScope> declared(AnnotationMetadata operation) {
        return operation.enumValue(RequiredScope.class, ApiScope.class);
    }

    static void grant(HttpRequest<?> request, ApiScope scope) {
        request.setAttribute(GRANTED, scope);
    }

    /** The token's scope; empty when the server asks for no token. */
    static Optional<ApiScope> granted(HttpRequest<?> request) {
        return request.getAttribute(GRANTED, ApiScope.class);
    }

    /** The caller's scope for the use cases: the token's, or {@code admin} when the server asks for no token. */
    static ApiScope callerScope(HttpRequest<?> request) {
        return granted(request).orElse(ApiScope.ADMIN);
    }

    /**
     * Refuses (403) when the request's token lacks what {@link AccessPolicy} says the request, body included, needs.
     */
    static void require(HttpRequest<?> request, AccessPolicy.Requirement requirement) {
        Optional<AccessPolicy.Refusal> refusal = requirement.refusal(callerScope(request));
        if (refusal.isPresent()) {
            throw new MissingScopeException(refusal.get());
        }
    }

    /** The 403: what needs which scope, and the scope the token has. */
    static MutableHttpResponse<Map<String, Object>> forbidden(AccessPolicy.Refusal refusal) {
        return Envelope.error(HttpStatus.FORBIDDEN, "forbidden", refusal.message(), "Authorization",
                Map.of("required_scope", refusal.needed().wire(), "token_scope", refusal.granted().wire()));
    }

    /** A token whose scope does not cover what the request's body asks for; answered by {@link #forbidden}. */
    static final class MissingScopeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient AccessPolicy.Refusal refusal;

        MissingScopeException(AccessPolicy.Refusal refusal) {
            super(refusal.message());
            this.refusal = refusal;
        }

        MutableHttpResponse<Map<String, Object>> response() {
            return forbidden(refusal);
        }
    }
}
