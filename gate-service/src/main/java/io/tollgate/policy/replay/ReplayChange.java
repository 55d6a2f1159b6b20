package io.tollgate.policy.replay;

import io.tollgate.decision.Verdict;
import java.time.Instant;
import java.util.UUID;

/**
 * One recorded decision the candidate would decide differently.
 *
 * @param recordedRevision the policy revision that made the recorded decision
 * @param before           the recorded verdict
 * @param after            the candidate's verdict for the same policy input ({@code deny} with {@code policy_unavailable}
 *                         when the candidate could not decide, as the gate would record it)
 */
public record ReplayChange(UUID decisionId, String service, String version, String environment, String stage,
                           Instant recordedAt, String recordedRevision, Verdict before, Verdict after) {

    /** {@code "deny->allow"}: the transition this change counts under. */
    public String transition() {
        return before.outcome().wire() + "->" + after.outcome().wire();
    }
}
