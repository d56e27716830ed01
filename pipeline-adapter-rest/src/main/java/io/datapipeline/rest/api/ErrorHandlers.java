package io.datapipeline.rest.api;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error in the original envelope: bad input is a 4xx naming the field, an unknown route 404, a busy
 * lock 409; only a real server-side failure is a 500, and it never carries a stack trace or a secret.
 */
@Controller
@io.swagger.v3.oas.annotations.Hidden
public class ErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    static String errorType(Throwable e) {
        if (e instanceof InvalidInputException ie) {
            return ie.isMissing() ? "missing_required_params" : "invalid_params";
        }
        if (e instanceof NotFoundException) {
            return "resource_not_found";
        }
        if (e instanceof BusyException || e instanceof ConflictException) {
            return "conflict";
        }
        return "internal_error";
    }

    @Error(global = true, exception = InvalidInputException.class)
    public HttpResponse<Map<String, Object>> invalid(HttpRequest<?> request, InvalidInputException e) {
        return Envelope.error(HttpStatus.BAD_REQUEST, errorType(e), e.getMessage(), e.field(), null);
    }

    @Error(global = true, exception = NotFoundException.class)
    public HttpResponse<Map<String, Object>> notFound(HttpRequest<?> request, NotFoundException e) {
        return Envelope.error(HttpStatus.NOT_FOUND, "resource_not_found", e.getMessage(), null, null);
    }

    @Error(global = true, exception = BusyException.class)
    public HttpResponse<Map<String, Object>> busy(HttpRequest<?> request, BusyException e) {
        return Envelope.error(HttpStatus.CONFLICT, "conflict", e.getMessage(), null, null);
    }

    @Error(global = true, exception = ConflictException.class)
    public HttpResponse<Map<String, Object>> conflict(HttpRequest<?> request, ConflictException e) {
        return Envelope.error(HttpStatus.CONFLICT, "conflict", e.getMessage(), null, null);
    }

    @Error(global = true, exception = UnsatisfiedRouteException.class)
    public HttpResponse<Map<String, Object>> unsatisfied(HttpRequest<?> request, UnsatisfiedRouteException e) {
        return Envelope.error(HttpStatus.BAD_REQUEST, "missing_required_params", e.getMessage(), e.getArgument().getName(),
                null);
    }

    @Error(global = true, exception = ConversionErrorException.class)
    public HttpResponse<Map<String, Object>> conversion(HttpRequest<?> request, ConversionErrorException e) {
        return Envelope.error(HttpStatus.BAD_REQUEST, "invalid_params", "invalid value for " + e.getArgument().getName(),
                e.getArgument().getName(), null);
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    public HttpResponse<Map<String, Object>> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return Envelope.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "invalid_params", "the request body is too large "
                + "(uploads: table list 2 MB, other files 10 MB)", "file", null);
    }

    @Error(global = true, exception = HttpStatusException.class)
    public HttpResponse<Map<String, Object>> status(HttpRequest<?> request, HttpStatusException e) {
        HttpStatus s = e.getStatus();
        return Envelope.error(s, s.getCode() >= 500 ? "internal_error" : "invalid_params", e.getMessage(), null, null);
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    public HttpResponse<Map<String, Object>> noRoute(HttpRequest<?> request) {
        return Envelope.error(HttpStatus.NOT_FOUND, "resource_not_found", "no such endpoint: " + request.getMethod() + " "
                + request.getPath(), null, null);
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    public HttpResponse<Map<String, Object>> methodNotAllowed(HttpRequest<?> request) {
        return Envelope.error(HttpStatus.METHOD_NOT_ALLOWED, "invalid_params", request.getMethod()
                + " is not allowed on " + request.getPath(), null, null);
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    public HttpResponse<Map<String, Object>> mediaType(HttpRequest<?> request) {
        return Envelope.error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_params", "unsupported Content-Type "
                + request.getContentType().map(Object::toString).orElse("(none)"), "Content-Type", null);
    }

    @Error(global = true, status = HttpStatus.REQUEST_ENTITY_TOO_LARGE)
    public HttpResponse<Map<String, Object>> entityTooLarge(HttpRequest<?> request) {
        return Envelope.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "invalid_params", "the request body is too large "
                + "(uploads: table list 2 MB, other files 10 MB)", "file", null);
    }

    @Error(global = true, exception = Throwable.class)
    public HttpResponse<Map<String, Object>> internal(HttpRequest<?> request, Throwable e) {
        LOG.error("request {} {} failed: {}", request.getMethod(), request.getPath(), e.toString());
        return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the server could not complete the "
                + "request: " + e.getMessage(), null, null);
    }
}
