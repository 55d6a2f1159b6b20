package io.tollgate.http;

import io.tollgate.audit.DecisionRecord;
import io.tollgate.decision.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a decision: the check answer, and the full audit view with input and chain. */
final class DecisionJson {
    private DecisionJson() {
    }

    /** What {@code POST /v1/gates/check} answers. */
    static Map<String, Object> summary(DecisionRecord r) {
        var d = r.decision();
        var m = new LinkedHashMap<String, Object>();
        m.put("decisionId", d.decisionId().toString());
        m.put("outcome", d.outcome().wire());
        m.put("reasons", reasons(d.reasons()));
        m.put("policyRevision", d.policyRevision());
        m.put("policyEngine", d.policyEngine());
        m.put("evaluatedAt", d.evaluatedAt().toString());
        m.put("traceId", d.traceId());
        m.put("dryRun", d.dryRun());
        m.put("service", d.service());
        m.put("version", d.version());
        m.put("environment", d.environment());
        m.put("stage", d.stage());
        return m;
    }

    /** What {@code GET /v1/decisions/{id}} answers: the summary plus everything the audit log holds. */
    static Map<String, Object> full(DecisionRecord r) {
        var d = r.decision();
        var m = summary(r);
        m.put("actor", d.actor());
        m.put("receivedAt", d.receivedAt().toString());
        m.put("recordedAt", r.recordedAt().toString());
        m.put("request", d.request());
        m.put("policyInput", d.policyInput());
        var audit = new LinkedHashMap<String, Object>();
        audit.put("seq", r.seq());
        audit.put("previousHash", r.previousHash());
        audit.put("hash", r.hash());
        m.put("audit", audit);
        return m;
    }

    static List<Map<String, String>> reasons(List<Reason> reasons) {
        return reasons.stream().map(x -> {
            var o = new LinkedHashMap<String, String>();
            o.put("code", x.code());
            o.put("message", x.message());
            return (Map<String, String>) o;
        }).toList();
    }
}
