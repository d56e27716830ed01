package io.datapipeline.llm;

import io.datapipeline.core.domain.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a model lives: base URL (e.g. {@code https://api.openai.com/v1}), model name, API key. The key is
 * a secret: {@link #toString()} and {@link #describe()} never contain it.
 *
 * @param baseUrl    base URL without a trailing slash
 * @param model      model name sent with each request
 * @param apiKey     bearer token, or {@code null}
 * @param timeout    per-request timeout
 * @param maxRetries retries after the first attempt for transient failures (timeouts, 429, 5xx)
 * @param retryDelay first back-off delay; doubled on each retry
 */
public record ModelEndpoint(String baseUrl, String model, String apiKey, Duration timeout, int maxRetries,
        Duration retryDelay) {

    public ModelEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            URI uri = URI.create(baseUrl);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.invalid("base_url", "model base URL '" + baseUrl
                    + "' must be an http(s) URL such as https://api.openai.com/v1");
        }
        if (model.isBlank()) {
            throw InvalidInputException.invalid("model", "model name must not be empty");
        }
    }

    public static ModelEndpoint of(String baseUrl, String model, String apiKey) {
        return new ModelEndpoint(baseUrl, model, apiKey == null || apiKey.isBlank() ? null : apiKey,
                Duration.ofSeconds(120), 3, Duration.ofSeconds(1));
    }

    public ModelEndpoint withTimeouts(Duration requestTimeout, int retries, Duration firstDelay) {
        return new ModelEndpoint(baseUrl, model, apiKey, requestTimeout, retries, firstDelay);
    }

    /** {@code model at base-url}: safe to log. */
    public String describe() {
        return model + " at " + baseUrl;
    }

    @Override
    public String toString() {
        return "ModelEndpoint[" + describe() + (apiKey == null ? "" : ", key=***") + "]";
    }
}
