package io.datapipeline.rest.api;

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

    /**
     * Refuses (403) when the request's token lacks {@code needed} for what the body asks.
     *
     * @param because what in the request needs the scope, e.g. {@code "truncate_vector_tables": true}
     */
    static void require(HttpRequest<?> request, ApiScope needed, String because) {
        Optional<ApiScope> granted = granted(request);
        if (granted.isPresent() && !granted.get().includes(needed)) {
            throw new MissingScopeException(needed, granted.get(), because);
        }
    }

    /**
     * The 403: what needs which scope, and the scope the token has.
     *
     * @param because what needs the scope, or {@code null} for the operation as a whole
     */
    static MutableHttpResponse<Map<String, Object>> forbidden(ApiScope needed, ApiScope granted, String because) {
        return Envelope.error(HttpStatus.FORBIDDEN, "forbidden", (because == null ? "this operation" : because)
                + " needs a token with scope " + needed.wire() + " (this token has scope " + granted.wire() + ")",
                "Authorization", Map.of("required_scope", needed.wire(), "token_scope", granted.wire()));
    }

    /** A token whose scope does not cover what the request's body asks for; answered by {@link #forbidden}. */
    static final class MissingScopeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient ApiScope needed;
        private final transient ApiScope granted;
        private final String because;

        MissingScopeException(ApiScope needed, ApiScope granted, String because) {
            super(because + " needs scope " + needed.wire());
            this.needed = needed;
            this.granted = granted;
            this.because = because;
        }

        MutableHttpResponse<Map<String, Object>> response() {
            return forbidden(needed, granted, because);
        }
    }
}
