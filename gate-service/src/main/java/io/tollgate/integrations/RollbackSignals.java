package io.tollgate.integrations;

import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import java.util.List;
import java.util.Set;

/**
 * When Tollgate tells Flagger to roll a canary back (its {@code rollback} webhook answered 200): the gate denied
 * the canary's revision for a reason about the running service or the calendar, not about the paperwork. A missing
 * approval or a too-large stage jump halts advancement but leaves the canary serving; a hold pauses; a dependency
 * that could not answer (policy or SLI unavailable) never rolls back.
 */
public final class RollbackSignals {
    /** Deny reasons that mean "take the canary's traffic away now". */
    static final Set<String> ROLL_BACK_ON = Set.of(
            "burn_rate_too_high", "error_budget_exhausted", "analysis_failed", "freeze_window_active");

    private RollbackSignals() {
    }

    /** The reasons that call for a rollback; empty when the decision does not. */
    public static List<Reason> rollbackReasons(Outcome outcome, List<Reason> reasons) {
        if (outcome != Outcome.DENY) {
            return List.of();
        }
        return reasons.stream().filter(r -> ROLL_BACK_ON.contains(r.code())).toList();
    }
}
