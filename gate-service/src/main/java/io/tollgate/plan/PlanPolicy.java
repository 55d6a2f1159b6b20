package io.tollgate.plan;

import io.tollgate.json.Json;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyEntrypoint;
import io.tollgate.policy.PolicyResult;

/** Asks the policy what a failed plan does ({@code data.tollgate.plan.on_failure}, per environment). */
public final class PlanPolicy {
    private final PolicyEngine engine;

    public PlanPolicy(PolicyEngine engine) {
        this.engine = engine;
    }

    /**
     * The answer: {@code rollback} or {@code halt}, and where it came from.
     *
     * @param detail the policy revision, or why there was no answer (then the answer is halt: a human decides)
     */
    public record OnFailure(boolean rollback, String detail) {
        public String wire() {
            return rollback ? "rollback" : "halt";
        }
    }

    public OnFailure onFailure(Plan p) {
        var input = Json.mapper().createObjectNode();
        var plan = input.putObject("plan");
        plan.put("id", p.id().toString()).put("name", p.spec().name()).put("environment", p.spec().environment());
        var services = plan.putArray("services");
        p.spec().releases().forEach(e -> services.add(e.service()));
        return switch (engine.evaluate(PolicyEntrypoint.PLAN, input)) {
            case PolicyResult.Evaluated e -> new OnFailure("rollback".equals(e.onRegression()),
                    "policy " + e.policyRevision() + " on_failure=" + (e.onRegression() == null ? "none (halt)" : e.onRegression()));
            // Fail safe: without an answer nothing is undone automatically; the plan halts for a human.
            case PolicyResult.Unavailable u -> new OnFailure(false, "policy unavailable (" + u.detail() + "): halt");
        };
    }
}
