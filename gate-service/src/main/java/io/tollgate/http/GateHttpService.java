package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.gate.GateService;

/** {@code /v1/gates}: gate checks asked by CI pipelines. */
public final class GateHttpService implements SecureService {
    private final GateService gates;
    private final int maxBodyBytes;

    public GateHttpService(GateService gates, int maxBodyBytes) {
        this.gates = gates;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/check", Permission.GATE_CHECK, CheckRequestParser.TOP_FIELDS, this::check);
    }

    private void check(ServerRequest req, ServerResponse res, Principal actor) {
        var body = HttpIo.readJsonObject(req, maxBodyBytes);
        var request = CheckRequestParser.parse(body);
        var stored = gates.check(request, body, actor, HttpIo.traceContext(req));
        HttpIo.send(res, Status.OK_200, DecisionJson.summary(stored));
    }
}
