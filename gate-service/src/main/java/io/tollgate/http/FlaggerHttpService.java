package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.decision.Outcome;
import io.tollgate.integrations.ControllerEvents;
import io.tollgate.integrations.ControllerGate;
import io.tollgate.integrations.FlaggerCanary;
import io.tollgate.integrations.FlaggerHook;
import io.tollgate.integrations.RollbackSignals;
import io.tollgate.json.Json;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code /v1/integrations/flagger/{hook}}: Flagger's webhooks. Flagger proceeds on a status up to 202 and halts on
 * anything else, retrying connection errors, 429 and 5xx; so a verdict is 200 (proceed; for {@code rollback}: roll
 * back now) or 403 with the reasons, never a status Flagger would retry. Flagger sends no headers of its own: the
 * token comes as Basic credentials from the webhook URL ({@code http://flagger:<token>@tollgate…}).
 */
public final class FlaggerHttpService implements SecureService {
    private static final Logger LOG = Logger.getLogger(FlaggerHttpService.class.getName());
    static final Set<String> FIELDS = Set.of("name", "namespace", "phase", "checksum", "metadata");

    private final ControllerGate gate;
    private final ControllerEvents events;
    private final int maxBodyBytes;

    public FlaggerHttpService(ControllerGate gate, ControllerEvents events, int maxBodyBytes) {
        this.gate = gate;
        this.events = events;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/{hook}", Permission.GATE_CHECK, FIELDS, this::hook);
    }

    private void hook(ServerRequest req, ServerResponse res, Principal actor) {
        String name = req.path().pathParameters().get("hook");
        var hook = FlaggerHook.fromWire(name).orElseThrow(() -> new ApiException(Status.NOT_FOUND_404, "not_found", "hook",
                "no Flagger hook \"" + name + "\"; allowed: " + FlaggerHook.allowed()));
        var body = HttpIo.readJsonObject(req, maxBodyBytes);
        TextRules.requireStorable(body, "");
        var canary = ControllerRequestParser.canary(body);
        if (hook.role() == FlaggerHook.Role.EVENT) {
            var stored = events.record(canary.subject(), actor, body);
            HttpIo.send(res, Status.OK_200, Map.of("recorded", true, "seq", stored.seq()));
            return;
        }
        var request = FlaggerMetadata.check(body);
        try {
            var decision = gate.decide(request, recordedRequest(hook, canary, body), actor, HttpIo.traceContext(req));
            var d = decision.record().decision();
            if (hook.role() == FlaggerHook.Role.ROLLBACK) {
                var because = RollbackSignals.rollbackReasons(d.outcome(), d.reasons());
                HttpIo.send(res, because.isEmpty() ? Status.FORBIDDEN_403 : Status.OK_200,
                        ControllerJson.flagger(hook, canary, decision, because.isEmpty() ? d.reasons() : because));
            } else {
                HttpIo.send(res, d.outcome() == Outcome.ALLOW ? Status.OK_200 : Status.FORBIDDEN_403,
                        ControllerJson.flagger(hook, canary, decision, d.reasons()));
            }
        } catch (AuditUnavailableException e) {
            LOG.warning(() -> "flagger " + hook.wire() + " for " + canary.key() + " answered 403, nothing recorded: " + e.getMessage());
            HttpIo.send(res, Status.FORBIDDEN_403, ControllerJson.flaggerUnrecorded(hook, canary));
        }
    }

    /** What the audit log keeps as the decision's request: the hook and canary key beside Flagger's payload as received. */
    private static JsonNode recordedRequest(FlaggerHook hook, FlaggerCanary canary, JsonNode body) {
        var recorded = Json.mapper().createObjectNode();
        recorded.put("hook", hook.wire());
        recorded.put("canary", canary.key());
        recorded.put("checksum", canary.checksum());
        recorded.set("payload", body);
        return recorded;
    }
}
