package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.integrations.ControllerGate;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code /v1/integrations/argo-rollouts}: the gate as an Argo Rollouts {@code web} metric (and a Kargo {@code http}
 * step). Every verdict is a 200 whose {@code verdict} the AnalysisTemplate tests; only a malformed request is a 4xx.
 * Argo counts other statuses as measurement errors and aborts after {@code consecutiveErrorLimit} of them, so an
 * audit log that cannot record answers {@code inconclusive} (the rollout pauses), never {@code pass}.
 */
public final class ArgoRolloutsHttpService implements SecureService {
    private static final Logger LOG = Logger.getLogger(ArgoRolloutsHttpService.class.getName());
    static final Set<String> FIELDS = withRollout();

    private final ControllerGate gate;
    private final int maxBodyBytes;

    public ArgoRolloutsHttpService(ControllerGate gate, int maxBodyBytes) {
        this.gate = gate;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/gate", Permission.GATE_CHECK, FIELDS, this::gate);
    }

    private void gate(ServerRequest req, ServerResponse res, Principal actor) {
        var body = HttpIo.readJsonObject(req, maxBodyBytes);
        ControllerRequestParser.requireRollout(body);
        var check = (com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy();
        check.remove("rollout");
        // A template cannot leave a field out, so its empty previous-stage arg means "nothing rolled out yet".
        if ("".equals(check.path("previousStage").textValue())) {
            check.remove("previousStage");
        }
        var request = CheckRequestParser.parse(check);
        if (request.dryRun()) {
            throw ApiException.badRequest("invalid_value", "dryRun",
                    "a rollout's gate cannot be a dry run (a dry run never counts as a pass); use POST /v1/gates/check");
        }
        try {
            HttpIo.send(res, Status.OK_200, ControllerJson.argo(gate.decide(request, body, actor, HttpIo.traceContext(req))));
        } catch (AuditUnavailableException e) {
            LOG.warning(() -> "argo-rollouts gate answered inconclusive, nothing recorded: " + e.getMessage());
            HttpIo.send(res, Status.OK_200, ControllerJson.argoUnrecorded());
        }
    }

    private static Set<String> withRollout() {
        var fields = new HashSet<>(CheckRequestParser.TOP_FIELDS);
        fields.add("rollout");
        return Set.copyOf(fields);
    }
}
