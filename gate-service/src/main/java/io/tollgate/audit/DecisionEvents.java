package io.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.decision.Outcome;
import java.time.Instant;
import java.util.UUID;

/**
 * Gate decisions as {@link EventKind#DECISION} events. The payload keeps the columns of the decision-only
 * log that came before the event log (same names, timestamps as fixed-width UTC text), so old and new
 * decisions read back the same way and {@code /v1/decisions} keeps its contract.
 */
final class DecisionEvents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DecisionEvents() {
    }

    static NewEvent toEvent(NewDecision d) {
        return new NewEvent(EventKind.DECISION, d.decisionId().toString(), d.actor(), d.traceId(), payload(d));
    }

    static ObjectNode payload(NewDecision d) {
        ObjectNode o = NODES.objectNode();
        o.put("decision_id", d.decisionId().toString());
        o.put("service", d.service());
        o.put("version", d.version());
        o.put("environment", d.environment());
        o.put("stage", d.stage());
        o.put("outcome", d.outcome().wire());
        o.set("reasons", HashChain.reasonsJson(d.reasons()));
        o.put("policy_revision", d.policyRevision());
        o.put("policy_engine", d.policyEngine());
        o.put("dry_run", d.dryRun());
        o.put("actor", d.actor());
        o.put("trace_id", d.traceId());
        o.put("received_at", HashChain.timestamp(d.receivedAt()));
        o.put("evaluated_at", HashChain.timestamp(d.evaluatedAt()));
        o.set("request", d.request());
        o.set("policy_input", d.policyInput());
        return o;
    }

    /** The decision recorded in a {@code decision} event. */
    static DecisionRecord toRecord(AuditEvent e) {
        JsonNode p = e.payload();
        var outcome = Outcome.fromWire(p.path("outcome").asText());
        if (outcome == null) {
            throw new IllegalStateException("seq " + e.seq() + ": unknown outcome '" + p.path("outcome").asText() + "'");
        }
        var decision = new NewDecision(
                UUID.fromString(p.path("decision_id").asText()),
                p.path("service").asText(),
                p.path("version").asText(),
                p.path("environment").asText(),
                p.path("stage").asText(),
                outcome,
                HashChain.reasons(p.path("reasons")),
                p.path("policy_revision").asText(),
                p.path("policy_engine").asText(),
                p.path("dry_run").asBoolean(),
                p.path("actor").asText(),
                p.path("trace_id").asText(),
                Instant.parse(p.path("received_at").asText()),
                Instant.parse(p.path("evaluated_at").asText()),
                p.path("request"),
                p.path("policy_input"));
        return new DecisionRecord(e.seq(), decision, e.recordedAt(), e.previousHash(), e.hash());
    }
}
