package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.DecisionLog;
import io.tollgate.observability.GateMetrics;
import io.tollgate.policy.PolicyEngine;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Open (unauthenticated) operational endpoints, the only open routes of the service: {@code /metrics} (Prometheus text), {@code /health/live}
 * (the HTTP listener still accepts connections) and {@code /health/ready} (database and policy engine). Bind to loopback or a private network.
 */
public final class OpsHttpService implements SecureService {
    private final GateMetrics metrics;
    private final DecisionLog decisions;
    private final PolicyEngine engine;
    private final Supplier<String> listenerProblem;

    /** @param listenerProblem why the HTTP listener no longer accepts connections, null while it does */
    public OpsHttpService(GateMetrics metrics, DecisionLog decisions, PolicyEngine engine, Supplier<String> listenerProblem) {
        this.metrics = metrics;
        this.decisions = decisions;
        this.engine = engine;
        this.listenerProblem = listenerProblem;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.open(Method.GET, "/metrics", this::metrics)
                .open(Method.GET, "/health/live", this::live)
                .open(Method.GET, "/health/ready", this::ready);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, GateMetrics.contentType());
        res.send(metrics.scrape());
    }

    /**
     * DOWN once the listener stopped accepting connections: the answer can only reach a client already connected, in the
     * moment before the process exits (code 4), but a probe must never read UP from a service nobody can reach.
     */
    private void live(ServerRequest req, ServerResponse res) {
        String listener = listenerProblem.get();
        var checks = new LinkedHashMap<String, Object>();
        checks.put("listener", listener == null ? "UP" : "DOWN: " + listener);
        var body = new LinkedHashMap<String, Object>();
        body.put("status", listener == null ? "UP" : "DOWN");
        body.put("checks", checks);
        HttpIo.send(res, listener == null ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        String db = decisions.healthProblem();
        String policy = engine.healthProblem();
        var checks = new LinkedHashMap<String, Object>();
        checks.put("database", db == null ? "UP" : "DOWN: " + db);
        checks.put("policyEngine", policy == null ? "UP" : "DOWN: " + policy);
        var body = new LinkedHashMap<String, Object>();
        boolean up = db == null && policy == null;
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        HttpIo.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }
}
