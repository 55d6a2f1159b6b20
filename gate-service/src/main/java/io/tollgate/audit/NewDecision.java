package io.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything recorded about one decision. Timestamps are truncated to microseconds, the precision
 * PostgreSQL keeps, so the hash computed before the insert matches the one recomputed from the row.
 *
 * @param request     the check request as received (parsed JSON)
 * @param policyInput the exact input given to the policy engine
 * @param policyEngine the engine kind that evaluated ({@code embedded} or {@code opa-server})
 * @param actor       the subject of the bearer token that asked
 */
public record NewDecision(
        UUID decisionId,
        String service,
        String version,
        String environment,
        String stage,
        Outcome outcome,
        List<Reason> reasons,
        String policyRevision,
        String policyEngine,
        boolean dryRun,
        String actor,
        String traceId,
        Instant receivedAt,
        Instant evaluatedAt,
        JsonNode request,
        JsonNode policyInput) {

    public NewDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(policyRevision, "policyRevision");
        Objects.requireNonNull(policyEngine, "policyEngine");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(policyInput, "policyInput");
        reasons = List.copyOf(reasons);
        receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
        evaluatedAt = evaluatedAt.truncatedTo(ChronoUnit.MICROS);
        traceId = traceId == null ? "" : traceId;
        version = version == null ? "" : version;
    }
}
