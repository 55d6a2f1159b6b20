package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.budget.SloJson;
import io.tollgate.budget.SloMonitor;
import io.tollgate.slo.PrometheusRules;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * {@code /v1/slos}: SLO states (fresh from the metrics backend), generated Prometheus rules, and
 * reloading the definitions (admin only; invalid definitions keep the last good set).
 */
public final class SloHttpService implements SecureService {
    private final SloMonitor slos;

    public SloHttpService(SloMonitor slos) {
        this.slos = slos;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.get("/", Permission.READ_DECISIONS, this::list)
                .get("/rules", Permission.READ_DECISIONS, this::rules)
                .post("/reload", Permission.MANAGE_SLOS, this::reload)
                .get("/{name}", Permission.READ_DECISIONS, this::one);
    }

    private void list(ServerRequest req, ServerResponse res, Principal caller) {
        var body = new LinkedHashMap<String, Object>();
        body.put("items", slos.statesOfAll().stream().map(SloJson::detail).toList());
        body.put("definitions", definitions());
        HttpIo.send(res, Status.OK_200, body);
    }

    private void one(ServerRequest req, ServerResponse res, Principal caller) {
        String name = req.path().pathParameters().get("name");
        var state = slos.state(name).orElseThrow(() ->
                new ApiException(Status.NOT_FOUND_404, "not_found", "name", "no SLO named \"" + name + "\""));
        HttpIo.send(res, Status.OK_200, SloJson.detail(state));
    }

    private void rules(ServerRequest req, ServerResponse res, Principal caller) {
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        res.send(PrometheusRules.generate(slos.catalog().catalog()).getBytes(StandardCharsets.UTF_8));
    }

    private void reload(ServerRequest req, ServerResponse res, Principal caller) {
        var problems = slos.reload();
        var body = new LinkedHashMap<String, Object>();
        body.put("reloaded", problems.isEmpty());
        body.put("problems", problems);
        body.put("definitions", definitions());
        if (problems.isEmpty()) {
            HttpIo.send(res, Status.OK_200, body);
        } else {
            body.put("code", "invalid_slo_definitions");
            body.put("message", "definitions not reloaded; the last good set stays in force: " + String.join("; ", problems));
            body.put("field", "slo-definitions");
            HttpIo.send(res, Status.create(422, "Unprocessable Content"), body);
        }
    }

    private LinkedHashMap<String, Object> definitions() {
        var loaded = slos.catalog().loaded();
        var d = new LinkedHashMap<String, Object>();
        d.put("directory", slos.catalog().dir() == null ? null : slos.catalog().dir().toString());
        d.put("count", loaded.catalog().slos().size());
        d.put("loadedAt", loaded.loadedAt().toString());
        d.put("lastReloadAttemptAt", loaded.lastAttemptAt().toString());
        d.put("lastReloadProblems", loaded.lastProblems());
        return d;
    }
}
