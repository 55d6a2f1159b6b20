package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Role;
import io.tollgate.auth.TokenAuthenticator;
import io.tollgate.budget.SloJson;
import io.tollgate.budget.SloMonitor;
import io.tollgate.slo.PrometheusRules;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * {@code /v1/slos}: SLO states (fresh from the metrics backend), generated Prometheus rules, and
 * reloading the definitions (admin only; invalid definitions keep the last good set).
 */
public final class SloHttpService implements HttpService {
    private final SloMonitor slos;
    private final TokenAuthenticator auth;

    public SloHttpService(SloMonitor slos, TokenAuthenticator auth) {
        this.slos = slos;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/rules", this::rules)
                .post("/reload", this::reload)
                .get("/{name}", this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        HttpIo.caller(auth, req, Role.Permission.READ_DECISIONS);
        var body = new LinkedHashMap<String, Object>();
        body.put("items", slos.statesOfAll().stream().map(SloJson::detail).toList());
        body.put("definitions", definitions());
        HttpIo.send(res, Status.OK_200, body);
    }

    private void one(ServerRequest req, ServerResponse res) {
        HttpIo.caller(auth, req, Role.Permission.READ_DECISIONS);
        String name = req.path().pathParameters().get("name");
        var state = slos.state(name).orElseThrow(() ->
                new ApiException(Status.NOT_FOUND_404, "not_found", "name", "no SLO named \"" + name + "\""));
        HttpIo.send(res, Status.OK_200, SloJson.detail(state));
    }

    private void rules(ServerRequest req, ServerResponse res) {
        HttpIo.caller(auth, req, Role.Permission.READ_DECISIONS);
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        res.send(PrometheusRules.generate(slos.catalog().catalog()).getBytes(StandardCharsets.UTF_8));
    }

    private void reload(ServerRequest req, ServerResponse res) {
        HttpIo.caller(auth, req, Role.Permission.MANAGE_SLOS);
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
