package io.tollgate.adapter.unleash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.testsupport.UnleashFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The Admin API by hand, as a person would change a flag in the UI: sets up and inspects flags in tests. */
final class HandAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final UnleashFixture unleash;
    private final HttpClient http = HttpClient.newHttpClient();

    HandAdmin(UnleashFixture unleash) {
        this.unleash = unleash;
    }

    JsonNode createFlag(String name) {
        return send("POST", "/features", "{\"name\":\"" + name + "\",\"type\":\"release\"}", 201);
    }

    JsonNode addStrategy(String flag, String strategyJson) {
        return send("POST", env(flag) + "/strategies", strategyJson, 200);
    }

    JsonNode updateStrategy(String flag, String id, String strategyJson) {
        return send("PUT", env(flag) + "/strategies/" + id, strategyJson, 200);
    }

    void turnOn(String flag) {
        send("POST", env(flag) + "/on", null, 200);
    }

    /** {@code GET …/features/F/environments/development}: enabled + strategies. */
    JsonNode environment(String flag) {
        return send("GET", env(flag), null, 200);
    }

    private static String env(String flag) {
        return "/features/" + flag + "/environments/" + UnleashFixture.ENVIRONMENT;
    }

    private JsonNode send(String method, String path, String body, int expected) {
        var request = HttpRequest.newBuilder(URI.create(unleash.baseUrl() + "/api/admin/projects/default" + path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", unleash.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
