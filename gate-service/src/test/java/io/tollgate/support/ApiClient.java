package io.tollgate.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for black-box tests: real sockets, real headers, JSON parsed with a fresh mapper. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    /** A client of the service at {@code baseUrl}, e.g. a Tollgate process a test started. */
    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The service's address, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A response: status, parsed JSON body (null when not JSON) and raw text. */
    public record Answer(int status, JsonNode json, String text, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    public Answer check(String token, String body) {
        return post("/v1/gates/check", token, body, Map.of("Content-Type", "application/json"));
    }

    public Answer check(String token, JsonNode body) {
        return check(token, body.toString());
    }

    public Answer post(String path, String token, String body, Map<String, String> headers) {
        return post(path, token, HttpRequest.BodyPublishers.ofString(body), Duration.ofSeconds(20), headers);
    }

    /** POST of raw bytes (e.g. a policy bundle) with the given headers. */
    public Answer post(String path, String token, byte[] body, Map<String, String> headers) {
        // A policy replay may run for its whole deadline before it answers.
        return post(path, token, HttpRequest.BodyPublishers.ofByteArray(body), Duration.ofSeconds(60), headers);
    }

    private Answer post(String path, String token, HttpRequest.BodyPublisher body, Duration timeout, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).POST(body);
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** DELETE with a JSON body (e.g. {@code {"reason": ...}}). */
    public Answer delete(String path, String token, String body) {
        var b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public Answer get(String path, String token) {
        var b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private Answer send(HttpRequest request) {
        try {
            var res = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = res.body().isEmpty() ? null : JSON.readTree(res.body());
            } catch (IOException notJson) {
                // leave json null; text carries the body
            }
            return new Answer(res.statusCode(), json, res.body(), res.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
