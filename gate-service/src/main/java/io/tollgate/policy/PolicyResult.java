package io.tollgate.policy;

import io.tollgate.decision.Verdict;

/** The outcome of one policy evaluation: a verdict from a known policy revision, or the reason there is none. */
public sealed interface PolicyResult permits PolicyResult.Evaluated, PolicyResult.Unavailable {

    /** The policy revision that was (or would have been) evaluated; never null, "unknown" when it cannot be told. */
    String policyRevision();

    /**
     * @param onRegression what the policy says a release should do on a regression in this environment
     *                     ({@code rollback} or {@code halt}, the decision's {@code on_regression} member); null when absent
     */
    record Evaluated(Verdict verdict, String policyRevision, String onRegression) implements PolicyResult {
        public Evaluated(Verdict verdict, String policyRevision) {
            this(verdict, policyRevision, null);
        }
    }

    /** The engine could not give a verdict; {@code detail} says why (e.g. "opa-server unreachable: connection refused"). */
    record Unavailable(String detail, String policyRevision) implements PolicyResult {
    }
}
