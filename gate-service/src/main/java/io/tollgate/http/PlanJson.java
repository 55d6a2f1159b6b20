package io.tollgate.http;

import io.tollgate.plan.PlanService;
import io.tollgate.release.Release;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of release plans. */
final class PlanJson {
    private PlanJson() {
    }

    static Map<String, Object> summary(PlanService.View v) {
        var p = v.plan();
        var body = new LinkedHashMap<String, Object>();
        body.put("id", p.id().toString());
        body.put("name", p.spec().name());
        body.put("environment", p.spec().environment());
        body.put("state", p.state().wire());
        body.put("dryRun", p.spec().dryRun());
        body.put("reason", p.reasonCode() == null ? null : Map.of("code", p.reasonCode(), "message", String.valueOf(p.reasonMessage())));
        body.put("onFailure", p.onFailure());
        body.put("maxParallel", p.spec().maxParallel());
        body.put("watch", p.spec().watchedServices());
        body.put("stateSince", p.stateSince().toString());
        body.put("createdBy", p.createdBy());
        body.put("createdAt", p.createdAt().toString());
        body.put("releases", p.entries().stream().map(e -> {
            var spec = p.spec().entry(e.key());
            Release r = v.releases().get(e.key());
            var entry = new LinkedHashMap<String, Object>();
            entry.put("key", e.key());
            entry.put("service", e.service());
            entry.put("version", spec.release().version());
            entry.put("dependsOn", spec.dependsOn());
            entry.put("startWhen", spec.startWhen());
            entry.put("releaseId", e.releaseId() == null ? null : e.releaseId().toString());
            entry.put("state", r == null ? (e.claimed() ? "starting" : "waiting") : r.state().wire());
            entry.put("stage", r == null ? null : r.currentStage().name());
            entry.put("reason", r == null || r.reasonCode() == null ? null
                    : Map.of("code", r.reasonCode(), "message", String.valueOf(r.reasonMessage())));
            entry.put("startedAt", e.startedAt() == null ? null : e.startedAt().toString());
            entry.put("endedAt", e.endedAt() == null ? null : e.endedAt().toString());
            entry.put("compensation", e.compensation());
            return entry;
        }).toList());
        return body;
    }

    static Map<String, Object> full(PlanService.View v) {
        var body = summary(v);
        body.put("history", ReleaseJson.history(v.history()));
        return body;
    }
}
