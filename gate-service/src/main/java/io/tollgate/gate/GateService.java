package io.tollgate.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.decision.Reason;
import io.tollgate.decision.Verdict;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.DecisionRecord;
import io.tollgate.audit.NewDecision;
import io.tollgate.auth.Principal;
import io.tollgate.budget.SloJson;
import io.tollgate.budget.SloMonitor;
import io.tollgate.json.Json;
import io.tollgate.observability.GateMetrics;
import io.tollgate.observability.Log;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Runs one gate check: build the policy input, evaluate, and commit the decision to the audit log
 * before anyone sees it. Fails safe: an engine that cannot answer yields {@code deny} with reason
 * {@code policy_unavailable}; an audit log that cannot commit yields no decision at all.
 */
public final class GateService {
    public static final String POLICY_UNAVAILABLE = "policy_unavailable";
    private static final Logger LOG = Logger.getLogger(GateService.class.getName());

    private final PolicyEngine engine;
    private final DecisionLog decisions;
    private final Clock clock;
    private final Tracer tracer;
    private final GateMetrics metrics;
    private final SloMonitor slos;
    private final ActiveOverrides overrides;

    public GateService(PolicyEngine engine, DecisionLog decisions, SloMonitor slos, ActiveOverrides overrides, Clock clock,
                       Tracer tracer, GateMetrics metrics) {
        this.engine = engine;
        this.overrides = overrides;
        this.slos = slos;
        this.decisions = decisions;
        this.clock = clock;
        this.tracer = tracer;
        this.metrics = metrics;
    }

    /**
     * Runs a check from inside the service (a release controller driving its own stages): the request
     * is recorded as its JSON form and the trace continues the caller's current context.
     *
     * @param actor who the decision is recorded for: a release's own identity, or the person acting
     * @return the decision as committed
     * @throws AuditUnavailableException when the decision could not be committed (nothing was recorded)
     */
    public DecisionRecord check(GateCheckRequest request, Principal actor) {
        return check(request, Json.mapper().valueToTree(request), actor, Context.current());
    }

    /**
     * @param rawRequest the request body as received, recorded verbatim in the audit log
     * @param parent     trace context of the caller (root when none was sent)
     * @return the decision as committed
     * @throws AuditUnavailableException when the decision could not be committed (nothing was recorded)
     */
    public DecisionRecord check(GateCheckRequest request, JsonNode rawRequest, Principal actor, Context parent) {
        return check(request, rawRequest, actor, parent, UUID.randomUUID());
    }

    /**
     * As {@link #check(GateCheckRequest, JsonNode, Principal, Context)} under a decision id chosen by the caller (a
     * controller's retry names the decision it asked for before).
     *
     * @throws io.tollgate.audit.DuplicateEventException when a decision with this id is already recorded
     */
    public DecisionRecord check(GateCheckRequest request, JsonNode rawRequest, Principal actor, Context parent, UUID decisionId) {
        return checkWithPolicy(request, rawRequest, actor, parent, null, decisionId).decision();
    }

    /** The clock decisions are evaluated at ({@code evaluatedAt}); fixed in tests. */
    public Clock clock() {
        return clock;
    }

    /** A committed decision with what the policy said about regressions in its environment. */
    public record ReleaseGate(DecisionRecord decision, String onRegression) {
    }

    /**
     * A check for a release Tollgate drives: as {@link #check(GateCheckRequest, Principal)}, also answering the
     * policy's {@code on_regression} ({@code rollback} or {@code halt}; {@code halt} when the policy says nothing).
     */
    public ReleaseGate checkRelease(GateCheckRequest request, Principal actor) {
        return checkRelease(request, actor, null);
    }

    /**
     * As {@link #checkRelease(GateCheckRequest, Principal)} with the canary analysis of the stage just baked as
     * {@code input.analysis} (null: none).
     */
    public ReleaseGate checkRelease(GateCheckRequest request, Principal actor, ObjectNode analysis) {
        return checkWithPolicy(request, Json.mapper().valueToTree(request), actor, Context.current(), analysis, UUID.randomUUID());
    }

    private ReleaseGate checkWithPolicy(GateCheckRequest request, JsonNode rawRequest, Principal actor, Context parent,
                                        ObjectNode analysis, UUID decisionId) {
        long started = System.nanoTime();
        Span span = tracer.spanBuilder("gate.check").setParent(parent).startSpan();
        try (var scope = span.makeCurrent()) {
            span.setAttribute("tollgate.service", request.service());
            span.setAttribute("tollgate.environment", request.environment());
            span.setAttribute("tollgate.stage", request.stage());
            Instant receivedAt = clock.instant();
            JsonNode input = PolicyInputs.of(request, actor, receivedAt, sloStates(request.service()),
                    overrides.forCheck(request.service(), request.environment(), request.version(), actor, receivedAt), analysis);

            PolicyResult result = evaluate(input);
            Verdict verdict = switch (result) {
                case PolicyResult.Evaluated e -> e.verdict();
                case PolicyResult.Unavailable u -> new Verdict.Deny(List.of(new Reason(POLICY_UNAVAILABLE,
                        "policy engine " + engine.kind() + " could not decide, denying to fail safe: " + u.detail())));
            };
            var decision = new NewDecision(decisionId, request.service(), request.version(),
                    request.environment(), request.stage(), verdict.outcome(), verdict.reasons(),
                    result.policyRevision(), engine.kind(), request.dryRun(), actor.subject(),
                    span.getSpanContext().getTraceId(), receivedAt, clock.instant(), rawRequest, input);
            span.setAttribute("tollgate.decision_id", decision.decisionId().toString());
            span.setAttribute("tollgate.outcome", verdict.outcome().wire());

            DecisionRecord stored = append(decision);
            metrics.decisionRecorded(verdict, request.environment());
            Log.info(LOG, "gate decision recorded", Map.of(
                    "decisionId", stored.decision().decisionId(), "traceId", decision.traceId(),
                    "service", request.service(), "environment", request.environment(), "stage", request.stage(),
                    "outcome", verdict.outcome().wire(), "dryRun", request.dryRun(), "actor", actor.subject()));
            String onRegression = result instanceof PolicyResult.Evaluated e && e.onRegression() != null ? e.onRegression() : "halt";
            return new ReleaseGate(stored, onRegression);
        } catch (AuditUnavailableException e) {
            span.setStatus(StatusCode.ERROR, "audit log unavailable");
            throw e;
        } finally {
            span.end();
            metrics.checkTook((System.nanoTime() - started) / 1e9);
        }
    }

    /** The service's SLO states; a backend failure is a state ("unavailable"), left to the policy to judge. */
    private ArrayNode sloStates(String service) {
        Span span = tracer.spanBuilder("slo.evaluate").startSpan();
        try (var scope = span.makeCurrent()) {
            var states = slos.statesFor(service);
            span.setAttribute("tollgate.slo_count", states.size());
            long unavailable = states.stream().filter(s -> !s.available()).count();
            if (unavailable > 0) {
                span.setStatus(StatusCode.ERROR, unavailable + " SLO(s) unavailable");
            }
            return SloJson.policyInput(states);
        } finally {
            span.end();
        }
    }

    private PolicyResult evaluate(JsonNode input) {
        Span span = tracer.spanBuilder("policy.evaluate").startSpan();
        long started = System.nanoTime();
        try (var scope = span.makeCurrent()) {
            span.setAttribute("tollgate.policy_engine", engine.kind());
            PolicyResult result = engine.evaluate(input);
            span.setAttribute("tollgate.policy_revision", result.policyRevision());
            if (result instanceof PolicyResult.Unavailable u) {
                span.setStatus(StatusCode.ERROR, u.detail());
            }
            metrics.policyEvalTook(engine.kind(), result instanceof PolicyResult.Evaluated ? "evaluated" : "unavailable",
                    (System.nanoTime() - started) / 1e9);
            return result;
        } finally {
            span.end();
        }
    }

    private DecisionRecord append(NewDecision decision) {
        Span span = tracer.spanBuilder("audit.append").startSpan();
        long started = System.nanoTime();
        try (var scope = span.makeCurrent()) {
            DecisionRecord stored = decisions.append(decision);
            span.setAttribute("tollgate.audit_seq", stored.seq());
            metrics.auditAppendTook((System.nanoTime() - started) / 1e9);
            return stored;
        } catch (AuditUnavailableException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            metrics.auditAppendFailed();
            Log.warn(LOG, "audit log unavailable, gate check answered 503", Map.of(
                    "decisionId", decision.decisionId(), "traceId", decision.traceId(), "error", String.valueOf(e.getMessage())));
            throw e;
        } finally {
            span.end();
        }
    }
}
