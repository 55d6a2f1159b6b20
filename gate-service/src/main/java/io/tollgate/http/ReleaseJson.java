package io.tollgate.http;

import io.tollgate.json.Json;
import io.tollgate.release.HistoryEntry;
import io.tollgate.release.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of releases. */
final class ReleaseJson {
    private ReleaseJson() {
    }

    static Map<String, Object> summary(Release r, Instant now) {
        var body = new LinkedHashMap<String, Object>();
        body.put("id", r.id().toString());
        body.put("service", r.spec().service());
        body.put("version", r.spec().version());
        body.put("environment", r.spec().environment());
        body.put("state", r.state().wire());
        body.put("dryRun", r.spec().dryRun());
        body.put("stage", r.currentStage().name());
        body.put("stageIndex", r.stageIndex());
        body.put("appliedStage", r.appliedStage() >= 0 ? r.spec().stage(r.appliedStage()).name() : null);
        body.put("flag", Map.of("desiredPercent", r.desiredFlag(), "observedPercent", nullable(r.observedFlag())));
        body.put("traffic", Map.of("desiredCanaryWeight", r.desiredWeight(), "observedCanaryWeight", nullable(r.observedWeight())));
        body.put("stateSince", r.stateSince().toString());
        body.put("timeInStateMillis", Duration.between(r.stateSince(), now).toMillis());
        body.put("bakeStartedAt", r.bakeStartedAt() == null ? null : r.bakeStartedAt().toString());
        body.put("bakeUntil", r.bakeUntil() == null ? null : r.bakeUntil().toString());
        body.put("applyCount", r.applyCount());
        body.put("onRegression", r.onRegression());
        body.put("reason", r.reasonCode() == null ? null : Map.of("code", r.reasonCode(), "message", String.valueOf(r.reasonMessage())));
        body.put("analysis", ReleaseAnalysisJson.summary(r));
        body.put("createdBy", r.createdBy());
        body.put("createdAt", r.createdAt().toString());
        return body;
    }

    static Map<String, Object> full(Release r, List<HistoryEntry> history, Instant now) {
        var body = summary(r, now);
        body.put("spec", Json.mapper().valueToTree(r.spec()));
        body.put("history", history(history));
        return body;
    }

    /** History lines (of a release or a plan) as the API shows them: seq, at, kind, actor, then the line's own fields. */
    static List<Map<String, Object>> history(List<HistoryEntry> history) {
        return history.stream().map(h -> {
            var line = new LinkedHashMap<String, Object>();
            line.put("seq", h.seq());
            line.put("at", h.at().toString());
            line.put("kind", h.kind());
            line.put("actor", h.actor());
            line.putAll(Json.mapper().convertValue(h.payload(), Map.class));
            return (Map<String, Object>) line;
        }).toList();
    }

    private static Object nullable(Integer v) {
        return v == null ? "unknown" : v;
    }
}
