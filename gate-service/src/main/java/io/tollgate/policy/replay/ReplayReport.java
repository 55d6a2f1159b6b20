package io.tollgate.policy.replay;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay found. {@code decisions = evaluated + recordedUnavailable + missingInput}; {@code evaluated = changed +
 * unchanged}.
 *
 * @param candidateRevision    the candidate bundle's revision ({@code sha256:...}, as PolicyBundle computes it)
 * @param decisions            recorded decisions read (matching the filter, newest first)
 * @param evaluated            of those, re-evaluated under the candidate and compared
 * @param changed              evaluated decisions whose outcome or set of reason codes differs
 * @param recordedUnavailable  decisions recorded with {@code policy_unavailable} (the engine failed then): not compared
 * @param missingInput         decisions without a recorded policy input: not compared
 * @param candidateUnavailable evaluated decisions the candidate could not decide (counted as changed)
 * @param transitions          changed decisions by {@code "before->after"} outcome, e.g. {@code "allow->deny"}
 * @param recordedRevisions    decisions read, by the policy revision that made them
 * @param moreDecisions        more decisions match the filter than {@code limit}
 * @param changes              the first {@link PolicyReplay#MAX_CHANGES} changed decisions, newest first
 * @param changesTruncated     more decisions changed than {@code changes} lists
 * @param incomplete           null when every selected decision was read; else why the replay stopped early
 */
public record ReplayReport(String candidateRevision, ReplayFilter filter, int decisions, int evaluated, int changed,
                           int recordedUnavailable, int missingInput, int candidateUnavailable,
                           Map<String, Integer> transitions, Map<String, Integer> recordedRevisions, boolean moreDecisions,
                           List<ReplayChange> changes, boolean changesTruncated, String incomplete, Duration took) {
    public ReplayReport {
        // Sorted, so answers list them in a stable order.
        transitions = Collections.unmodifiableSortedMap(new TreeMap<>(transitions));
        recordedRevisions = Collections.unmodifiableSortedMap(new TreeMap<>(recordedRevisions));
        changes = List.copyOf(changes);
    }

    public int unchanged() {
        return evaluated - changed;
    }

    public boolean complete() {
        return incomplete == null;
    }
}
