package io.datapipeline.rest.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original API's envelope: {@code {code, success, message, data}} with {@code data.response} (a human
 * sentence) and {@code data.timestamp}; errors add {@code data.error_type} and the offending field.
 */
final class Envelope {

    private Envelope() {
    }

    static MutableHttpResponse<Map<String, Object>> ok(Map<String, Object> data, String response) {
        return status(HttpStatus.OK, data, response);
    }

    static MutableHttpResponse<Map<String, Object>> status(HttpStatus status, Map<String, Object> data, String response) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put("response", response);
        d.put("timestamp", LocalDateTime.now().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 200);
        body.put("success", true);
        body.put("message", "success");
        body.put("data", d);
        return HttpResponse.<Map<String, Object>>status(status).body(body);
    }

    /**
     * An error.
     *
     * @param errorType {@code invalid_params}, {@code missing_required_params}, {@code resource_not_found},
     *                  {@code conflict}, {@code unauthorized}, {@code forbidden}, {@code internal_error}…
     * @param field     the offending input, or {@code null}
     */
    static MutableHttpResponse<Map<String, Object>> error(HttpStatus status, String errorType, String response,
            String field, Map<String, Object> extra) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("response", response);
        d.put("timestamp", LocalDateTime.now().toString());
        d.put("error_type", errorType);
        if (field != null) {
            d.put("field", field);
            if (errorType.equals("missing_required_params")) {
                d.put("missing_params", List.of(field));
            } else if (errorType.equals("invalid_params")) {
                d.put("invalid_params", List.of(field));
            }
        }
        if (extra != null) {
            d.putAll(extra);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status.getCode());
        body.put("success", false);
        body.put("message", message(status));
        body.put("data", d);
        return HttpResponse.<Map<String, Object>>status(status).body(body);
    }

    private static String message(HttpStatus status) {
        return switch (status.getCode()) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "resource not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 413 -> "payload too large";
            case 414 -> "request line too long";
            case 415 -> "unsupported media type";
            case 431 -> "request headers too large";
            case 507 -> "insufficient storage";
            default -> status.getCode() >= 500 ? "internal error" : status.getReason().toLowerCase();
        };
    }
}
