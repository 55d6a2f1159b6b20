package io.tollgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.WebClient;
import io.tollgate.json.Json;
import io.helidon.common.buffers.DataReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The {@code opa-server} engine: asks a running OPA server over its REST API
 * ({@code POST /v1/data/tollgate/decision?provenance=true}) with Helidon's blocking WebClient, which
 * keeps connections alive between requests. Every failure (refused, timed out, non-200, undefined or
 * malformed decision) becomes {@link PolicyResult.Unavailable} naming the server and the cause.
 *
 * <p>The revision is the one {@link OpaServerRevision} derives from the server's provenance or, when
 * it serves no revisioned bundle, from its policy sources.
 */
public final class OpaServerPolicyEngine implements PolicyEngine {
    public static final String KIND = "opa-server";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private final String url;
    private final Duration timeout;
    private final WebClient client;
    private final OpaServerRevision revisions;

    /**
     * @param opaUrl  base URL of the OPA server, e.g. {@code http://127.0.0.1:8181}
     * @param timeout connect and read timeout of each request to it
     */
    public OpaServerPolicyEngine(URI opaUrl, Duration timeout) {
        if (opaUrl == null || opaUrl.getHost() == null) {
            throw new IllegalArgumentException("opaUrl must be an absolute http(s) URL, got " + opaUrl);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        String base = opaUrl.toString();
        this.url = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
        this.client = WebClient.builder()
                .baseUri(url)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .followRedirects(false)
                .build();
        this.revisions = new OpaServerRevision(client, url, timeout);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public PolicyResult evaluate(PolicyEntrypoint entrypoint, JsonNode input) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(Json.mapper().createObjectNode().set("input", input));
        } catch (JsonProcessingException e) {
            return new PolicyResult.Unavailable("policy input cannot be serialized: " + e.getOriginalMessage(), revisions.lastKnown());
        }
        long started = System.nanoTime();
        Answer answer;
        try {
            answer = post(entrypoint, body);
        } catch (RuntimeException first) {
            // A query is idempotent, so one retry on a fresh connection is safe. Under load, about 1 in 1,400
            // answers on a kept-alive connection was misread by the HTTP/1 client (the next status line lost
            // its first byte: "Protocol is not HTTP: TTP", bench/policy-eval.sh); a server that is down or slow
            // fails the same way twice, so it is not retried, nor when half the deadline is gone.
            if (!retryable(first) || System.nanoTime() - started > timeout.toNanos() / 2) {
                return new PolicyResult.Unavailable(failure(first), revisions.lastKnown());
            }
            try {
                answer = post(entrypoint, body);
            } catch (RuntimeException second) {
                return new PolicyResult.Unavailable(failure(second), revisions.lastKnown());
            }
        }
        return toResult(entrypoint, answer.status(), answer.body());
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer post(PolicyEntrypoint entrypoint, byte[] body) {
        try (var response = client.post("/v1/data/" + entrypoint.path())
                .queryParam("provenance", "true")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return new Answer(response.status().code(), response.as(byte[].class));
        }
    }

    /** A failure of the connection or the exchange, not of reaching the server in time. */
    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
                return false;
            }
        }
        return true;
    }

    private PolicyResult toResult(PolicyEntrypoint entrypoint, int status, byte[] answer) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(answer);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (status != 200) {
            String why = json != null && json.path("message").isTextual() ? ": " + json.path("message").textValue() : "";
            return new PolicyResult.Unavailable("opa-server at " + url + " answered HTTP " + status + why, revisions.lastKnown());
        }
        if (json == null || !json.isObject()) {
            return new PolicyResult.Unavailable("opa-server at " + url + " answered a body that is not a JSON object", revisions.lastKnown());
        }
        String revision = revisions.fromProvenance(json.path("provenance"));
        if (!json.has("result")) {
            return new PolicyResult.Unavailable("opa-server at " + url + " has no " + entrypoint.rule() + " for this input"
                    + " (undefined: is the tollgate package loaded?)", revision);
        }
        return switch (DecisionParser.parse(json.get("result"))) {
            case DecisionParser.Valid v -> new PolicyResult.Evaluated(v.verdict(), revision, DecisionParser.onRegression(json.get("result")));
            case DecisionParser.Invalid i -> new PolicyResult.Unavailable(
                    "opa-server at " + url + " returned a malformed decision: " + i.problem(), revision);
        };
    }

    @Override
    public String healthProblem() {
        try (var response = client.get("/health").readTimeout(HEALTH_TIMEOUT).request()) {
            int status = response.status().code();
            return status == 200 ? null : "opa-server at " + url + " is unhealthy: /health answered HTTP " + status;
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    @Override
    public void close() {
        client.closeResource();
    }

    /** One line naming the server and the root cause, e.g. "opa-server unreachable at URL: connection refused". */
    String failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "opa-server unreachable at " + url + ": connection refused";
            }
            if (t instanceof SocketTimeoutException) {
                return "opa-server at " + url + " did not answer within " + timeout.toMillis() + " ms";
            }
            if (t instanceof UnknownHostException) {
                return "opa-server unreachable at " + url + ": unknown host " + t.getMessage();
            }
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                // A kept-alive connection to a server that has since gone away: closed before any answer.
                return "opa-server unreachable at " + url + ": connection closed before an answer";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "opa-server unreachable at " + url + ": " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
