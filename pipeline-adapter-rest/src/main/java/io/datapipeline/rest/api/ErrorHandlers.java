package io.datapipeline.rest.api;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InsufficientSpaceException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error in the original envelope: bad input is a 4xx naming the field, an unknown route 404, a busy
 * lock 409, a request over the server's limits 413, 414 or 431; only a real server-side failure is a 500, and it
 * says "internal error" with a correlation id, which the server log's ERROR line carries with the exception.
 */
@Controller
@io.swagger.v3.oas.annotations.Hidden
public class ErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final long maxRequestSize;
    private final int maxInitialLine;
    private final int maxHeaders;

    public ErrorHandlers(NettyHttpServerConfiguration server) {
        this.maxRequestSize = server.getMaxRequestSize();
        this.maxInitialLine = server.getMaxInitialLineLength();
        this.maxHeaders = server.getMaxHeaderSize();
    }

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

    @Error(global = true, exception = Access.MissingScopeException.class)
    public HttpResponse<Map<String, Object>> forbidden(HttpRequest<?> request, Access.MissingScopeException e) {
        return e.response();
    }

    @Error(global = true, exception = NotFoundException.class)
    public HttpResponse<Map<String, Object>> notFound(HttpRequest<?> request, NotFoundException e) {
        return Envelope.error(HttpStatus.NOT_FOUND, "resource_not_found", e.getMessage(), null, null);
    }

    @Error(global = true, exception = BusyException.class)
    public HttpResponse<Map<String, Object>> busy(HttpRequest<?> request, BusyException e) {
        return Envelope.error(HttpStatus.CONFLICT, "conflict", e.getMessage(), null, null);
    }

    /** The data directory is below its free-space floor: 507, nothing was written or changed. */
    @Error(global = true, exception = InsufficientSpaceException.class)
    public HttpResponse<Map<String, Object>> noSpace(HttpRequest<?> request, InsufficientSpaceException e) {
        return Envelope.error(HttpStatus.INSUFFICIENT_STORAGE, "insufficient_storage", e.getMessage(), null, null);
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
        return bodyTooLarge();
    }

    @Error(global = true, exception = BufferLengthExceededException.class)
    public HttpResponse<Map<String, Object>> tooLargeToBuffer(HttpRequest<?> request, BufferLengthExceededException e) {
        return bodyTooLarge();
    }

    /**
     * Netty refused the request line or the headers (the request never reached a route): 414 or 431, and 413 for a
     * body Netty itself found too long.
     */
    @Error(global = true, exception = TooLongFrameException.class)
    public HttpResponse<Map<String, Object>> tooLongFrame(HttpRequest<?> request, TooLongFrameException e) {
        if (e instanceof TooLongHttpLineException) {
            return Envelope.error(HttpStatus.REQUEST_URI_TOO_LONG, "invalid_params", "the request line (method, path "
                    + "and query string) is longer than " + limit(maxInitialLine) + "; send the values in a JSON "
                    + "body instead", "request_line", null);
        }
        if (e instanceof TooLongHttpHeaderException) {
            return Envelope.error(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "invalid_params", "the request headers "
                    + "are larger than " + limit(maxHeaders) + " together", "headers", null);
        }
        return bodyTooLarge();
    }

    /**
     * The 413, with {@code Connection: close}: the server stops reading the body, so a client that writes its whole
     * body before reading (most scripts) would block on its write if the connection stayed open; closed, it sees the
     * answer.
     */
    private HttpResponse<Map<String, Object>> bodyTooLarge() {
        return Envelope.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "invalid_params", "the request is larger than "
                + limit(maxRequestSize) + ", the limit of every request (uploads: table list 2 MB, other files "
                + "10 MB)", "body", null).header(HttpHeaders.CONNECTION, "close");
    }

    /** A path with a malformed %-escape ({@code /tasks/%}): the server cannot even tell which route it names. */
    @Error(global = true, exception = URISyntaxException.class)
    public HttpResponse<Map<String, Object>> malformedUri(HttpRequest<?> request, URISyntaxException e) {
        return Envelope.error(HttpStatus.BAD_REQUEST, "invalid_params", "the request path has a malformed %-escape "
                + "(a % must be followed by two hex digits; write a literal % as %25)", "path", null);
    }

    @Error(global = true, exception = HttpStatusException.class)
    public HttpResponse<Map<String, Object>> status(HttpRequest<?> request, HttpStatusException e) {
        HttpStatus s = e.getStatus();
        if (s.getCode() >= 500) {
            return internal(request, e);
        }
        return Envelope.error(s, "invalid_params", e.getMessage(), null, null);
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
        return bodyTooLarge();
    }

    /**
     * Anything else is the server's fault: the answer says so with a correlation id and nothing more (an exception's
     * message may name tables, paths or hosts); the log has the id, the request and the exception.
     */
    @Error(global = true, exception = Throwable.class)
    public HttpResponse<Map<String, Object>> internal(HttpRequest<?> request, Throwable e) {
        String id = HexFormat.of().formatHex(randomBytes());
        LOG.error("request failed: correlation_id={} method={} path={}", id, request.getMethod(), request.getPath(), e);
        return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error (correlation id " + id
                + ")", null, Map.of("correlation_id", id));
    }

    /** A configured limit as people write it: {@code 4 KB}, {@code 12 MB}. */
    static String limit(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        IDS.nextBytes(b);
        return b;
    }
}
