package io.tollgate.http;

import io.tollgate.config.Durations;
import io.tollgate.json.Json;
import io.tollgate.release.AnalysisSpec;
import io.tollgate.release.Release;
import io.tollgate.release.ReleaseAnalysis;
import io.tollgate.release.ReleaseStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a release's canary analysis: the summary in the release answer and {@code GET /v1/releases/{id}/analysis}. */
final class ReleaseAnalysisJson {
    private ReleaseAnalysisJson() {
    }

    /** The current (or last) bake's verdict and explanation; null for a release without analysis. */
    static Map<String, Object> summary(Release r) {
        if (r.spec().analysis() == null) {
            return null;
        }
        var body = new LinkedHashMap<String, Object>();
        var bake = r.analysis().bake();
        var last = r.analysis().last();
        if (bake != null && bake.applyNo() == r.applyCount() && (last == null || last.applyNo() != bake.applyNo())) {
            body.put("stage", bake.stage());
            body.put("state", "running");
            body.put("verdict", bake.verdict() == null ? "warmup" : bake.verdict());
            body.put("explanation", bake.explanation() == null ? "warming up: looks start after " + bake.warmupUntil()
                    : bake.explanation());
            body.put("looks", bake.analysis().looks());
        } else if (last != null) {
            body.put("stage", last.stage());
            body.put("state", "ended");
            body.put("verdict", last.verdict());
            body.put("explanation", last.explanation());
            body.put("looks", last.looks());
        } else {
            body.put("stage", null);
            body.put("state", "not_started");
            body.put("verdict", null);
            body.put("explanation", "no bake analysed yet");
            body.put("looks", 0);
        }
        return body;
    }

    /** Settings, and per bake its verdict, explanation and every look. */
    static Map<String, Object> full(Release r, List<ReleaseStore.AnalysisLook> looks) {
        var body = new LinkedHashMap<String, Object>();
        body.put("releaseId", r.id().toString());
        var spec = r.spec().analysis();
        body.put("settings", spec == null ? null : settings(spec, r));
        var bakes = new ArrayList<Map<String, Object>>();
        for (var result : r.analysis().results()) {
            var b = bake(result.applyNo(), result.stageIndex(), result.stage(), looks);
            b.put("state", "ended");
            b.put("verdict", result.verdict());
            b.put("explanation", result.explanation());
            b.put("failedAtLook", result.failedAtLook());
            b.put("endedAt", result.endedAt().toString());
            b.put("endedBy", result.endedBy());
            b.put("metrics", Json.mapper().valueToTree(result.metrics()));
            b.put("looks", looksOf(result.applyNo(), looks));
            bakes.add(b);
        }
        var running = r.analysis().bake();
        if (running != null && r.analysis().results().stream().noneMatch(x -> x.applyNo() == running.applyNo())) {
            var b = bake(running.applyNo(), running.stageIndex(), running.stage(), looks);
            b.put("state", r.state().wire().equals("baking") && running.applyNo() == r.applyCount() ? "running" : "stopped");
            b.put("verdict", running.verdict() == null ? "warmup" : running.verdict());
            b.put("explanation", running.explanation());
            b.put("warmupUntil", running.warmupUntil().toString());
            b.put("extendedUntil", running.extendedUntil() == null ? null : running.extendedUntil().toString());
            b.put("looks", looksOf(running.applyNo(), looks));
            bakes.add(b);
        }
        body.put("stages", bakes);
        return body;
    }

    private static Map<String, Object> bake(int applyNo, int stageIndex, String stage, List<ReleaseStore.AnalysisLook> looks) {
        var b = new LinkedHashMap<String, Object>();
        b.put("stage", stage);
        b.put("stageIndex", stageIndex);
        b.put("applyNo", applyNo);
        return b;
    }

    private static List<Map<String, Object>> looksOf(int applyNo, List<ReleaseStore.AnalysisLook> looks) {
        return looks.stream().filter(l -> l.applyNo() == applyNo).map(l -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("look", l.lookNo());
            m.put("at", l.at().toString());
            m.put("verdict", l.verdict());
            m.put("explanation", l.explanation());
            m.put("metrics", l.metrics());
            return (Map<String, Object>) m;
        }).toList();
    }

    private static Map<String, Object> settings(AnalysisSpec spec, Release r) {
        var s = new LinkedHashMap<String, Object>();
        s.put("interval", Durations.format(spec.interval()));
        s.put("alpha", spec.alpha());
        s.put("maxRatio", spec.maxRatio());
        s.put("r0", spec.r0());
        s.put("warmup", Durations.format(spec.warmup()));
        s.put("maxExtension", spec.maxExtensionMillis() == null ? "stage bake" : Durations.format(spec.maxExtension(r.currentStage())));
        s.put("latency", spec.latency() == null ? null : Json.mapper().valueToTree(spec.latency()));
        s.put("metrics", spec.metrics(r.spec()).stream().map(m -> m.name()).toList());
        return s;
    }
}
