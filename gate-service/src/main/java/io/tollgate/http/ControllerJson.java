package io.tollgate.http;

import io.tollgate.decision.Reason;
import io.tollgate.integrations.ArgoVerdict;
import io.tollgate.integrations.ControllerDecision;
import io.tollgate.integrations.FlaggerCanary;
import io.tollgate.integrations.FlaggerHook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answers controllers read: Argo's measurement (and Kargo's step), and Flagger's webhook bodies. */
final class ControllerJson {
    private ControllerJson() {
    }

    /** An Argo measurement: {@code verdict} is what the AnalysisTemplate's conditions test. */
    static Map<String, Object> argo(ControllerDecision d) {
        var r = d.record().decision();
        var m = new LinkedHashMap<String, Object>();
        m.put("verdict", ArgoVerdict.of(r.outcome(), r.reasons()).wire());
        m.put("outcome", r.outcome().wire());
        m.put("reasons", DecisionJson.reasons(r.reasons()));
        m.put("decisionId", r.decisionId().toString());
        m.put("replayed", d.replayed());
        m.put("evaluatedAt", r.evaluatedAt().toString());
        return m;
    }

    /** No decision could be recorded: {@code inconclusive}, so Argo pauses instead of counting an error. */
    static Map<String, Object> argoUnrecorded() {
        var m = new LinkedHashMap<String, Object>();
        m.put("verdict", ArgoVerdict.INCONCLUSIVE.wire());
        m.put("outcome", null);
        m.put("reasons", DecisionJson.reasons(List.of(unrecorded())));
        m.put("decisionId", null);
        m.put("replayed", false);
        return m;
    }

    /** A Flagger gate or rollback hook's answer; its status (200 or 403) carries the meaning. */
    static Map<String, Object> flagger(FlaggerHook hook, FlaggerCanary canary, ControllerDecision d, List<Reason> reasons) {
        var r = d.record().decision();
        var m = flaggerHead(hook, canary);
        m.put("outcome", r.outcome().wire());
        m.put("reasons", DecisionJson.reasons(reasons));
        m.put("decisionId", r.decisionId().toString());
        m.put("replayed", d.replayed());
        return m;
    }

    /** No decision could be recorded: Flagger halts (or does not roll back) on the 403 this goes with. */
    static Map<String, Object> flaggerUnrecorded(FlaggerHook hook, FlaggerCanary canary) {
        var m = flaggerHead(hook, canary);
        m.put("outcome", null);
        m.put("reasons", DecisionJson.reasons(List.of(unrecorded())));
        m.put("decisionId", null);
        return m;
    }

    private static LinkedHashMap<String, Object> flaggerHead(FlaggerHook hook, FlaggerCanary canary) {
        var m = new LinkedHashMap<String, Object>();
        m.put("hook", hook.wire());
        m.put("canary", canary.key());
        m.put("checksum", canary.checksum());
        return m;
    }

    private static Reason unrecorded() {
        return new Reason(ArgoVerdict.AUDIT_UNAVAILABLE,
                "the audit log cannot be written or read right now; nothing was decided or recorded");
    }
}
