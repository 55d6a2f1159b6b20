package io.tollgate.adapter.unleash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few Unleash Admin API requests the adapter makes, over the JDK HttpClient. Every request of one
 * adapter call shares that call's {@link Deadline}. A request that gets no HTTP answer (refused, timed
 * out, reset) throws {@link NoAnswer}; any HTTP answer, error or not, is returned as a {@link Reply}.
 */
final class AdminApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnleashConfig config;
    private final HttpClient http;
    private final String projectUrl;

    AdminApi(UnleashConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.callTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.projectUrl = config.adminUrl() + "/api/admin/projects/" + config.project();
    }

    /** A time budget for one adapter call. */
    record Deadline(long endNanos, Duration budget) {
        static Deadline in(Duration budget) {
            return new Deadline(System.nanoTime() + budget.toNanos(), budget);
        }

        Duration remaining() {
            return Duration.ofNanos(endNanos - System.nanoTime());
        }
    }

    /** An HTTP answer: status, parsed JSON body (missing when empty or not JSON), and what was asked. */
    record Reply(String request, int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Worth retrying: the server failed (5xx), timed out (408) or throttles (429); other 4xx will not change. */
        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }

        /** One line for details: the request, the status and Unleash's error message, if any. */
        String describe() {
            String message = body.path("message").asText("");
            if (message.isEmpty()) {
                message = body.path("details").path(0).path("message").asText("");
            }
            return request + " answered HTTP " + status + (message.isEmpty() ? "" : ": " + abbreviate(message));
        }
    }

    /** No HTTP answer (connection refused, timeout, reset). Internal: the adapter turns it into a value. */
    static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /** Path of a feature in an environment, below the project: {@code /features/F/environments/E}. */
    static String featureEnv(String feature, String environment) {
        return "/features/" + segment(feature) + "/environments/" + segment(environment);
    }

    static String feature(String feature) {
        return "/features/" + segment(feature);
    }

    Reply get(String path, Deadline deadline) throws NoAnswer {
        return send("GET", path, null, deadline);
    }

    Reply post(String path, Object body, Deadline deadline) throws NoAnswer {
        return send("POST", path, body, deadline);
    }

    Reply put(String path, Object body, Deadline deadline) throws NoAnswer {
        return send("PUT", path, body, deadline);
    }

    Reply delete(String path, Deadline deadline) throws NoAnswer {
        return send("DELETE", path, null, deadline);
    }

    private Reply send(String method, String path, Object body, Deadline deadline) throws NoAnswer {
        String url = projectUrl + path;
        String what = method + " " + url;
        Duration remaining = deadline.remaining();
        if (remaining.toMillis() < 1) {
            throw new NoAnswer(what + " not sent: the call's deadline of " + deadline.budget().toMillis() + "ms has passed");
        }
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(remaining)
                .header("Authorization", config.adminToken())
                .header("Accept", "application/json");
        try {
            if (body == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(what, response.statusCode(), parse(response.body()));
        } catch (HttpConnectTimeoutException e) {
            throw new NoAnswer(what + " failed: connect timed out (deadline " + deadline.budget().toMillis() + "ms)");
        } catch (HttpTimeoutException e) {
            throw new NoAnswer(what + " failed: no answer within the call's deadline of " + deadline.budget().toMillis() + "ms");
        } catch (IOException e) {
            throw new NoAnswer(what + " failed: " + cause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer(what + " interrupted");
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static String cause(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (is Unleash running?)";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        http.close();
    }
}
