package io.datapipeline.rest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A tiny real-HTTP client for the API tests: any method, content type and headers. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String token;

    Api(String base) {
        this.base = base;
    }

    Api withToken(String t) {
        Api a = new Api(base);
        a.token = t;
        return a;
    }

    /** A response: status, raw body, parsed JSON (or null). */
    record Res(int status, String body, JsonNode json, HttpResponse<byte[]> raw) {
        JsonNode data() {
            return json.get("data");
        }

        String errorType() {
            return json.at("/data/error_type").asText();
        }
    }

    Res get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    Res post(String path, String json) {
        return send("POST", path, json, "application/json", Map.of());
    }

    Res delete(String path, String json) {
        return send("DELETE", path, json, "application/json", Map.of());
    }

    Res send(String method, String path, String body, String contentType, Map<String, String> headers) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, headers);
    }

    Res sendBytes(String method, String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(r.body(), StandardCharsets.UTF_8);
            JsonNode json = null;
            if (r.headers().firstValue("content-type").orElse("").contains("json")) {
                json = JSON.readTree(text);
            }
            return new Res(r.statusCode(), text, json, r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A multipart/form-data upload with one file part and optional text parts. */
    Res upload(String path, String fileName, byte[] content, Map<String, String> fields) {
        String boundary = "----pipeline-test-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                        + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (fileName != null) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(content);
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sendBytes("POST", path, out.toByteArray(), "multipart/form-data; boundary=" + boundary, Map.of());
    }
}
