package io.tollgate.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.context.Context;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.DecisionRecord;
import io.tollgate.audit.DuplicateEventException;
import io.tollgate.auth.Principal;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.gate.GateService;
import io.tollgate.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Gate checks for controllers, idempotent over a short window: the same caller sending the same request (same
 * rollout or canary identity, revision, stage and facts) within {@link #WINDOW} gets the decision recorded the
 * first time, not a second one. Controllers retry a call whose answer they lost (a timeout, a dropped connection);
 * without this each retry would be a new decision in the audit log, possibly a different one.
 *
 * <p>The decision id is derived from caller, request and the {@link #WINDOW}-long time slot, so a retry finds it
 * with two look-ups by id (this slot, and the previous one while the first decision is younger than the window),
 * replicas sharing the database agree, and two concurrent first calls cannot both record: the audit log refuses a
 * second decision with the same id, and the loser answers the winner's decision.
 */
public final class ControllerGate {
    /** How long a decision answers a repeated call. Longer than controllers' retry back-off, shorter than their intervals. */
    public static final Duration WINDOW = Duration.ofSeconds(30);

    private final GateService gates;
    private final DecisionLog decisions;

    public ControllerGate(GateService gates, DecisionLog decisions) {
        this.gates = gates;
        this.decisions = decisions;
    }

    /**
     * Decides {@code request} (recorded with {@code rawRequest} as its request), or answers the decision a
     * previous identical call recorded within {@link #WINDOW}.
     *
     * @throws io.tollgate.audit.AuditUnavailableException when the audit log cannot be read or written: nothing was decided
     */
    public ControllerDecision decide(GateCheckRequest request, JsonNode rawRequest, Principal actor, Context parent) {
        Instant now = gates.clock().instant();
        long slot = Math.floorDiv(now.getEpochSecond(), WINDOW.toSeconds());
        String identity = actor.subject() + "\n" + CanonicalJson.write(rawRequest);
        var earlier = recorded(idFor(identity, slot - 1))
                .filter(d -> !d.decision().evaluatedAt().isBefore(now.minus(WINDOW)))
                .or(() -> recorded(idFor(identity, slot)));
        if (earlier.isPresent()) {
            return new ControllerDecision(earlier.get(), true);
        }
        UUID id = idFor(identity, slot);
        try {
            return new ControllerDecision(gates.check(request, rawRequest, actor, parent, id), false);
        } catch (DuplicateEventException e) {
            // A concurrent identical call recorded first: answer its decision.
            return new ControllerDecision(recorded(id).orElseThrow(() -> e), true);
        }
    }

    private Optional<DecisionRecord> recorded(UUID id) {
        return decisions.find(id);
    }

    private static UUID idFor(String identity, long slot) {
        return UUID.nameUUIDFromBytes(("tollgate/controller-check\n" + slot + "\n" + identity).getBytes(StandardCharsets.UTF_8));
    }
}
