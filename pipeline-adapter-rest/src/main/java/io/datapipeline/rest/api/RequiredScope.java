package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a token needs for an operation, checked by {@link TokenFilter}. It stands beside the operation's
 * {@code @SecurityRequirement(name = "bearer", scopes = …)} (micronaut-openapi keeps that one out of the runtime), and
 * a test holds the two and the served OpenAPI document to the same scope for every route.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface RequiredScope {

    ApiScope value();
}
