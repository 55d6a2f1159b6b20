package io.tollgate.http;

import io.tollgate.decision.Verdict;
import io.tollgate.policy.replay.ReplayChange;
import io.tollgate.policy.replay.ReplayReport;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON answer of {@code POST /v1/policies/replay} (documented in docs/api.md and docs/openapi.yaml). */
final class PolicyReplayJson {
    private PolicyReplayJson() {
    }

    static Map<String, Object> report(ReplayReport r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("candidateRevision", r.candidateRevision());
        var filter = new LinkedHashMap<String, Object>();
        filter.put("service", r.filter().service());
        filter.put("since", r.filter().since() == null ? null : r.filter().since().toString());
        filter.put("limit", r.filter().limit());
        m.put("filter", filter);
        m.put("complete", r.complete());
        m.put("incomplete", r.incomplete());
        m.put("decisions", r.decisions());
        m.put("evaluated", r.evaluated());
        m.put("changed", r.changed());
        m.put("unchanged", r.unchanged());
        m.put("recordedUnavailable", r.recordedUnavailable());
        m.put("missingInput", r.missingInput());
        m.put("candidateUnavailable", r.candidateUnavailable());
        m.put("transitions", r.transitions());
        m.put("recordedRevisions", r.recordedRevisions());
        m.put("moreDecisions", r.moreDecisions());
        m.put("changes", r.changes().stream().map(PolicyReplayJson::change).toList());
        m.put("changesTruncated", r.changesTruncated());
        m.put("tookMs", r.took().toMillis());
        return m;
    }

    private static Map<String, Object> change(ReplayChange c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("decisionId", c.decisionId().toString());
        m.put("service", c.service());
        m.put("version", c.version());
        m.put("environment", c.environment());
        m.put("stage", c.stage());
        m.put("recordedAt", c.recordedAt().toString());
        m.put("recordedRevision", c.recordedRevision());
        m.put("before", verdict(c.before()));
        m.put("after", verdict(c.after()));
        return m;
    }

    private static Map<String, Object> verdict(Verdict v) {
        var m = new LinkedHashMap<String, Object>();
        m.put("outcome", v.outcome().wire());
        m.put("reasons", DecisionJson.reasons(v.reasons()));
        return m;
    }
}
