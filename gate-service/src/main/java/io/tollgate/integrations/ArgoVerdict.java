package io.tollgate.integrations;

import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.gate.GateService;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A decision in the words of an Argo Rollouts measurement (also read by Kargo's {@code http} step): {@code pass}
 * lets the rollout continue, {@code fail} fails the analysis (the rollout aborts), {@code inconclusive} pauses it
 * for a human. Never {@code pass} unless the gate allowed.
 */
public enum ArgoVerdict {
    PASS, FAIL, INCONCLUSIVE;

    /**
     * Reasons that say a dependency could not answer, not that the change is bad: a deny made only of these pauses
     * the rollout instead of aborting it, so an OPA or Prometheus outage does not throw away a healthy canary.
     */
    static final Set<String> DEPENDENCY_DOWN = Set.of(GateService.POLICY_UNAVAILABLE, "sli_unavailable");

    /** The code of the reason given when no decision could be recorded (the audit log is down). */
    public static final String AUDIT_UNAVAILABLE = "audit_unavailable";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** allow → pass; hold → inconclusive; deny → fail, or inconclusive when every reason is a dependency being down. */
    public static ArgoVerdict of(Outcome outcome, List<Reason> reasons) {
        return switch (outcome) {
            case ALLOW -> PASS;
            case HOLD -> INCONCLUSIVE;
            case DENY -> !reasons.isEmpty() && reasons.stream().allMatch(r -> DEPENDENCY_DOWN.contains(r.code())) ? INCONCLUSIVE : FAIL;
        };
    }
}
