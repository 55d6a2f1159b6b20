package io.tollgate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The few Prometheus HTTP API calls the fixtures need (readiness, one-value queries, self metrics).
 * Deliberately separate from the production adapter, so the fixtures never test the adapter with itself.
 */
final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    PrometheusApi(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    URI baseUrl() {
        return baseUrl;
    }

    boolean isReady() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Empty when the answer is an error, an empty vector, or more than one series. */
    OptionalDouble queryValue(String promql) {
        try {
            var response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return OptionalDouble.empty();
            }
            JsonNode data = JSON.readTree(response.body()).path("data");
            JsonNode result = data.path("result");
            JsonNode pair = switch (data.path("resultType").asText()) {
                case "scalar" -> result;
                case "vector" -> result.size() == 1 ? result.get(0).path("value") : null;
                default -> null;
            };
            return pair == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(pair.get(1).asText()));
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }

    double servedRequests(String handler) {
        try {
            var response = get("/metrics");
            var line = Pattern.compile("^prometheus_http_requests_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                    .matcher(response.body());
            double sum = 0;
            while (line.find()) {
                if (line.group(1).contains("handler=\"" + handler + "\"")) {
                    sum += Double.parseDouble(line.group(2));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + baseUrl + "/metrics", e);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
