package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.core.port.out.ModelCallObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to a model endpoint with timeouts, through the endpoint's {@link EndpointLimiter}, and tries again after
 * transient failures: a rate limit (HTTP 429, 503) pauses the whole limiter for the endpoint's {@code Retry-After} (or
 * a growing back-off without one) before the request is sent again; other server errors and timeouts back off this
 * request alone. Every retry and wait is told to the caller's observer.
 */
final class JsonHttp {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttp.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Rate-limit answers taken before giving up on a request. */
    static final int RATE_LIMIT_RETRIES = 10;
    /** The longest {@code Retry-After} waited for; a longer one fails the request at once, saying so. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(60);

    private final ModelEndpoint endpoint;
    private final EndpointLimiter limiter;
    /** Built on the first request: building one starts its selector thread, which no constructor may do. */
    private volatile HttpClient client;

    /** Without a limit of requests in flight (embedding endpoints). */
    JsonHttp(ModelEndpoint endpoint) {
        this(endpoint, EndpointLimiter.unbounded());
    }

    JsonHttp(ModelEndpoint endpoint, EndpointLimiter limiter) {
        this.endpoint = endpoint;
        this.limiter = limiter;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    client = c;
                }
            }
        }
        return c;
    }

    EndpointLimiter limiter() {
        return limiter;
    }

    JsonNode post(String path, Object body) {
        return post(path, body, ModelCallObserver.NONE);
    }

    /**
     * @param path e.g. {@code /chat/completions}
     * @return the parsed response body
     * @throws ModelCallException after the retries, naming the URL and the last status or error
     */
    JsonNode post(String path, Object body, ModelCallObserver observer) {
        String url = endpoint.baseUrl() + path;
        HttpRequest request = request(url, body);
        Duration delay = endpoint.retryDelay();
        Duration rateDelay = endpoint.retryDelay();
        String lastProblem = null;
        int failures = 0;
        int rateLimited = 0;
        while (true) {
            acquire(url, observer);
            HttpResponse<byte[]> response;
            try {
                response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                limiter.release(false);
                lastProblem = "timed out after " + endpoint.timeout().toSeconds() + " s";
                failures = backOff(url, observer, lastProblem, ++failures, delay);
                delay = next(delay);
                continue;
            } catch (IOException e) {
                limiter.release(false);
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                failures = backOff(url, observer, lastProblem, ++failures, delay);
                delay = next(delay);
                continue;
            } catch (InterruptedException e) {
                limiter.release(false);
                Thread.currentThread().interrupt();
                throw new ModelCallException("interrupted while calling " + url, e);
            }
            int status = response.statusCode();
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (status == 429 || status == 503) {
                Duration wait = retryAfter(response).orElse(rateDelay);
                rateDelay = next(rateDelay);
                if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
                    limiter.release(false);
                    throw new ModelCallException("model endpoint " + url + " is rate limited (HTTP " + status
                            + ") and asks to wait " + wait.toSeconds() + " s (Retry-After), longer than the "
                            + MAX_RETRY_AFTER.toMinutes() + " minutes the pipeline waits; try again later");
                }
                limiter.pushBack(wait);
                limiter.release(false);
                lastProblem = "HTTP " + status + ": " + trim(text);
                if (++rateLimited > RATE_LIMIT_RETRIES) {
                    throw new ModelCallException("model endpoint " + url + " kept refusing with HTTP " + status
                            + " (rate limited) after " + RATE_LIMIT_RETRIES + " waits: " + trim(text));
                }
                LOG.warn("model endpoint {} rate limited the pipeline (HTTP {}); every call waits {} ms, then this one "
                        + "is sent again ({} of {})", url, status, wait.toMillis(), rateLimited, RATE_LIMIT_RETRIES);
                observer.retrying("HTTP " + status + " (rate limited)");
                continue;
            }
            if (status >= 500) {
                limiter.release(false);
                lastProblem = "HTTP " + status + ": " + trim(text);
                failures = backOff(url, observer, lastProblem, ++failures, delay);
                delay = next(delay);
                continue;
            }
            limiter.release(status < 400);
            if (status >= 400) {
                throw new ModelCallException("model endpoint " + url + " refused the request: HTTP " + status + ": "
                        + trim(text) + (status == 401 || status == 403 ? " (check the API key setting)" : ""));
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new ModelCallException("model endpoint " + url + " answered with invalid JSON: " + trim(text), e);
            }
        }
    }

    private HttpRequest request(String url, Object body) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ModelCallException("cannot encode the request to " + url + ": " + e.getMessage(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(endpoint.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (endpoint.apiKey() != null) {
            request.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        return request.build();
    }

    private void acquire(String url, ModelCallObserver observer) {
        try {
            limiter.acquire(observer, endpoint.baseUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException("interrupted while waiting to call " + url, e);
        }
    }

    /** One more transient failure of this request: gives up after the retries, else waits {@code delay}. */
    private int backOff(String url, ModelCallObserver observer, String problem, int failures, Duration delay) {
        if (failures > endpoint.maxRetries()) {
            throw new ModelCallException("model endpoint " + url + " failed after " + failures + " attempts: "
                    + problem);
        }
        LOG.warn("model call to {} failed ({}); retry {} of {} in {} ms", url, problem, failures, endpoint.maxRetries(),
                delay.toMillis());
        observer.retrying(problem);
        observer.waiting(delay, "back-off after " + problem.split(":")[0]);
        sleep(delay);
        return failures;
    }

    private static Duration next(Duration d) {
        Duration doubled = d.multipliedBy(2);
        return doubled.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : doubled;
    }

    /**
     * The {@code Retry-After} header: delay-seconds (fractions accepted) or an HTTP date; empty when absent or
     * unreadable.
     */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(JsonHttp::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String raw) {
        String v = raw.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
            return Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    static String trim(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException("interrupted while waiting to retry a model call", e);
        }
    }
}
