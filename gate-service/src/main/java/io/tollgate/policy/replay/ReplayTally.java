package io.tollgate.policy.replay;

import io.tollgate.audit.DecisionRecord;
import io.tollgate.decision.Reason;
import io.tollgate.decision.Verdict;
import io.tollgate.gate.GateService;
import io.tollgate.policy.PolicyResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The running counts of one replay; {@link PolicyReplay} feeds it one decision at a time. */
final class ReplayTally {
    private final int maxChanges;
    private final Map<String, Integer> transitions = new HashMap<>();
    private final Map<String, Integer> revisions = new HashMap<>();
    private final List<ReplayChange> changes = new ArrayList<>();
    private int decisions;
    private int evaluated;
    private int changed;
    private int recordedUnavailable;
    private int missingInput;
    private int candidateUnavailable;

    ReplayTally(int maxChanges) {
        this.maxChanges = maxChanges;
    }

    /** The recorded verdict cannot be compared: the engine failed when it was made. */
    static boolean recordedUnavailable(DecisionRecord record) {
        return record.decision().reasons().stream().anyMatch(r -> r.code().equals(GateService.POLICY_UNAVAILABLE));
    }

    /** Counts a decision that was read but not compared ({@code unavailable}: policy_unavailable, else no input). */
    void skipped(DecisionRecord record, boolean unavailable) {
        read(record);
        if (unavailable) {
            recordedUnavailable++;
        } else {
            missingInput++;
        }
    }

    /** Compares the recorded verdict with the candidate's {@code result} for the same input. */
    void compared(DecisionRecord record, PolicyResult result) {
        read(record);
        evaluated++;
        var d = record.decision();
        Verdict before = Verdict.of(d.outcome(), d.reasons());
        Verdict after = switch (result) {
            case PolicyResult.Evaluated e -> e.verdict();
            case PolicyResult.Unavailable u -> {
                candidateUnavailable++;
                // What the gate would record with this candidate in place (GateService fails safe the same way).
                yield new Verdict.Deny(List.of(new Reason(GateService.POLICY_UNAVAILABLE,
                        "candidate policy could not decide, the gate would deny to fail safe: " + u.detail())));
            }
        };
        if (same(before, after)) {
            return;
        }
        changed++;
        var change = new ReplayChange(d.decisionId(), d.service(), d.version(), d.environment(), d.stage(), record.recordedAt(),
                d.policyRevision(), before, after);
        transitions.merge(change.transition(), 1, Integer::sum);
        if (changes.size() < maxChanges) {
            changes.add(change);
        }
    }

    /**
     * Same outcome and the same reason codes (with multiplicity). Messages are not compared: rewording a message, or a
     * message that quotes a changed setting, is not a change of decision. Reasons are sorted by code, so the code lists
     * line up.
     */
    static boolean same(Verdict before, Verdict after) {
        return before.outcome() == after.outcome() && codes(before).equals(codes(after));
    }

    private static List<String> codes(Verdict v) {
        return v.reasons().stream().map(Reason::code).sorted().toList();
    }

    private void read(DecisionRecord record) {
        decisions++;
        revisions.merge(record.decision().policyRevision(), 1, Integer::sum);
    }

    int decisions() {
        return decisions;
    }

    ReplayReport report(String candidateRevision, ReplayFilter filter, boolean moreDecisions, String incomplete, Duration took) {
        return new ReplayReport(candidateRevision, filter, decisions, evaluated, changed, recordedUnavailable, missingInput,
                candidateUnavailable, transitions, revisions, moreDecisions, changes, changed > changes.size(), incomplete, took);
    }
}
