package io.datapipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POSTs JSON to a model endpoint with timeouts and retries with back-off on transient failures. */
final class JsonHttp {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttp.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final ModelEndpoint endpoint;

    JsonHttp(ModelEndpoint endpoint) {
        this.endpoint = endpoint;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * @param path e.g. {@code /chat/completions}
     * @return the parsed response body
     * @throws ModelCallException after the retries, naming the URL and the last status or error
     */
    JsonNode post(String path, Object body) {
        String url = endpoint.baseUrl() + path;
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
        Duration delay = endpoint.retryDelay();
        String lastProblem = null;
        for (int attempt = 0; attempt <= endpoint.maxRetries(); attempt++) {
            if (attempt > 0) {
                LOG.warn("model call to {} failed ({}); retry {} of {} in {} ms", url, lastProblem, attempt,
                        endpoint.maxRetries(), delay.toMillis());
                sleep(delay);
                delay = delay.multipliedBy(2);
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                lastProblem = "timed out after " + endpoint.timeout().toSeconds() + " s";
                continue;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelCallException("interrupted while calling " + url, e);
            }
            int status = response.statusCode();
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (status == 429 || status >= 500) {
                lastProblem = "HTTP " + status + ": " + trim(text);
                continue;
            }
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
        throw new ModelCallException("model endpoint " + url + " failed after " + (endpoint.maxRetries() + 1)
                + " attempts: " + lastProblem);
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
