package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.json.Json;
import io.tollgate.release.ReleaseEvent.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a release does to the outside world: apply a stage (flag, then traffic, each read back), watch a bake
 * (drift, SLO fast burn, the canary's own errors), and reset (traffic to stable, flag off, both verified). A traffic
 * read-back after a change waits for a router that reconciles asynchronously ({@link GuardedAdapters#awaitTraffic}).
 */
public final class StageRunner {
    private final GuardedAdapters adapters;
    private final CanaryHealth canary;
    private final FastBurn slos;
    private final BakeAnalysis analysis;

    /** Without canary analysis metrics: releases with an {@code analysis} block find every metric unavailable. */
    public StageRunner(GuardedAdapters adapters, CanaryHealth canary, FastBurn slos) {
        this(adapters, canary, slos, AnalysisCounters.none(), io.tollgate.analysis.AnalysisMetrics.detached());
    }

    /** @param counters where the canary analysis of releases with an {@code analysis} block reads its counters */
    public StageRunner(GuardedAdapters adapters, CanaryHealth canary, FastBurn slos, AnalysisCounters counters,
                       io.tollgate.analysis.AnalysisMetrics analysisMetrics) {
        this.adapters = adapters;
        this.canary = canary;
        this.slos = slos;
        this.analysis = new BakeAnalysis(counters, adapters::queries, analysisMetrics);
    }

    /** Applies the current stage. The row records the apply before any adapter is called (crash replay is counted). */
    Release apply(Release current, ReleaseController c) {
        Release r = current;
        var stage = r.currentStage();
        int previousFlag = r.appliedStage() >= 0 ? r.spec().stage(r.appliedStage()).flagPercent() : 0;
        var started = r.draft();
        started.applyingStage = r.stageIndex();
        started.applyCount = r.applyCount() + 1;
        started.desiredFlag = stage.flagPercent();
        started.desiredWeight = stage.trafficPercent();
        return applyRecorded(c.store().save(started.build(), List.of(line("adapter", "apply_started", r, stage.name())),
                c.clock().instant()), c, previousFlag);
    }

    private Release applyRecorded(Release r, ReleaseController c, int previousFlag) {
        var stage = r.currentStage();

        var lines = new ArrayList<ReleaseStore.NewEntry>();
        var spec = r.spec();
        String failure = step(lines, r, "flag", spec.flag().provider(), adapters.applyFlag(spec.flag().provider(), flag(r), stage.flagPercent()),
                () -> adapters.observeFlag(spec.flag().provider(), flag(r)), stage.flagPercent());
        if (failure == null) {
            failure = step(lines, r, "traffic", spec.traffic().provider(),
                    adapters.applyTraffic(spec.traffic().provider(), traffic(r), stage.trafficPercent()),
                    () -> adapters.awaitTraffic(spec.traffic().provider(), traffic(r)), stage.trafficPercent());
            if (failure != null) {
                // The flag moved but traffic did not: put the flag back where the previous stage had it.
                var back = previousFlag == 0 ? adapters.resetFlag(spec.flag().provider(), flag(r))
                        : adapters.applyFlag(spec.flag().provider(), flag(r), previousFlag);
                var seen = adapters.observeFlag(spec.flag().provider(), flag(r));
                lines.add(new ReleaseStore.NewEntry("adapter", ReleaseController.ACTOR, payload("flag_restored", r, stage.name())
                        .put("percent", previousFlag).put("result", describe(back)).put("observed", describe(seen)), false));
                failure += "; flag put back to " + previousFlag + "% (" + describe(seen) + ")";
            }
        }
        var d = r.draft();
        if (failure != null) {
            d.desiredFlag = previousFlag;
            d.desiredWeight = r.appliedStage() >= 0 ? spec.stage(r.appliedStage()).trafficPercent() : 0;
            d.reason("adapter_failed", failure);
            return c.move(r, new ApplyFailed(), d, Json.mapper().createObjectNode(), lines);
        }
        Instant now = c.clock().instant();
        d.appliedStage = r.stageIndex();
        d.observedFlag = stage.flagPercent();
        d.observedWeight = stage.trafficPercent();
        d.bakeStartedAt = now;
        d.bakeUntil = now.plus(stage.bake());
        d.reason(null, null);
        return c.move(r, new Applied(), d, ReleaseController.detail("bakeUntil", d.bakeUntil.toString()), lines);
    }

    /** Applies one adapter and reads it back; answers null when verified, else the problem naming the adapter. */
    private static String step(List<ReleaseStore.NewEntry> lines, Release r, String kind, String provider, AdapterResult result,
                               java.util.function.Supplier<Observation> observe, int want) {
        var stage = r.currentStage().name();
        lines.add(new ReleaseStore.NewEntry("adapter", ReleaseController.ACTOR, payload(kind + "_apply", r, stage)
                .put("adapter", provider).put("percent", want).put("result", describe(result)), false));
        if (!(result instanceof AdapterResult.Applied)) {
            return kind + " adapter " + provider + " could not apply " + want + "%: " + describe(result);
        }
        var seen = observe.get();
        lines.add(new ReleaseStore.NewEntry("adapter", ReleaseController.ACTOR, payload(kind + "_verify", r, stage)
                .put("adapter", provider).put("desired", want).put("observed", describe(seen)), false));
        if (seen instanceof Observation.Observed o && o.percent() == want) {
            return null;
        }
        return kind + " adapter " + provider + " did not verify " + want + "%: " + describe(seen);
    }

    /** One look during a bake: drift first, then the canary's gross failure, then the SLOs; bake end last. */
    Optional<Instant> bake(Release r, ReleaseController c) {
        var spec = r.spec();
        var flagSeen = adapters.observeFlag(spec.flag().provider(), flag(r));
        var trafficSeen = adapters.observeTraffic(spec.traffic().provider(), traffic(r));
        var d = r.draft();
        d.observedFlag = flagSeen instanceof Observation.Observed o ? o.percent() : null;
        d.observedWeight = trafficSeen instanceof Observation.Observed o ? o.percent() : null;
        String drift = drift("flag", spec.flag().provider(), r.desiredFlag(), flagSeen)
                + drift("traffic", spec.traffic().provider(), r.desiredWeight(), trafficSeen);
        if (!drift.isEmpty()) {
            var lines = new ArrayList<ReleaseStore.NewEntry>(List.of(new ReleaseStore.NewEntry("drift", ReleaseController.ACTOR,
                    payload("drift_detected", r, r.currentStage().name())
                    .put("desiredFlagPercent", r.desiredFlag()).put("observedFlag", describe(flagSeen))
                    .put("desiredCanaryWeight", r.desiredWeight()).put("observedCanaryWeight", describe(trafficSeen))
                    .put("onDrift", spec.onDrift().wire()), false)));
            String failed = spec.onDrift() == OnDrift.REAPPLY ? reapply(lines, r, flagSeen, trafficSeen) : "onDrift=halt";
            if (failed == null) {
                // Put back and verified: keep baking on the same clock; the history says what was changed and restored.
                d.observedFlag = r.desiredFlag();
                d.observedWeight = r.desiredWeight();
                c.store().save(d.build(), lines, c.clock().instant());
                return nextLook(r, c);
            }
            d.reason("drift_detected", drift.strip() + (spec.onDrift() == OnDrift.REAPPLY ? "; reapply failed: " + failed : ""));
            return halted(c.move(r, new DriftDetected(), d, Json.mapper().createObjectNode(), lines));
        }
        String down = unreachable("flag", spec.flag().provider(), flagSeen) + unreachable("traffic", spec.traffic().provider(), trafficSeen);
        if (!down.isEmpty()) {
            d.reason("adapter_unavailable", down.strip());
            return halted(c.move(r, new AdapterDown(), d, Json.mapper().createObjectNode(), List.of()));
        }
        var reading = canary.read(r);
        var cfg = c.config();
        if (reading instanceof CanaryHealth.Counts n && n.requests() >= cfg.grossMinRequests() && n.errorRatio() >= cfg.grossErrorRatio()) {
            d.reason("canary_gross_failure", String.format("canary error ratio %.3f over %d requests >= %.2f (%s)",
                    n.errorRatio(), n.requests(), cfg.grossErrorRatio(), n.detail()));
            return again(c.move(r, new Regression(true), d, numbers(n), List.of()), c);
        }
        var burning = slos.firing(spec.service());
        if (!burning.isEmpty()) {
            boolean rollback = "rollback".equals(r.onRegression());
            d.reason("slo_fast_burn", "fast burn on " + String.join(", ", burning) + "; policy on_regression=" + r.onRegression());
            var next = c.move(r, new Regression(rollback), d, Json.mapper().createObjectNode(), List.of());
            return rollback ? again(next, c) : Optional.empty();
        }
        Instant now = c.clock().instant();
        if (spec.analysis() != null && !spec.isLast(r.stageIndex())) {
            return AnalysedBake.act(r, d, c, analysis.look(r, now));
        }
        if (!now.isBefore(r.bakeUntil())) {
            d.reason(null, null);
            var next = c.move(r, new BakeComplete(spec.isLast(r.stageIndex())), d,
                    ReleaseController.detail("bakedMillis", String.valueOf(java.time.Duration.between(r.bakeStartedAt(), now).toMillis())), List.of());
            return next.state() == ReleaseState.PROMOTED ? Optional.empty() : again(next, c);
        }
        if (!java.util.Objects.equals(d.observedFlag, r.observedFlag()) || !java.util.Objects.equals(d.observedWeight, r.observedWeight())) {
            c.store().save(d.build(), List.of(), now);
        }
        return nextLook(r, c);
    }

    static Optional<Instant> nextLook(Release r, ReleaseController c) {
        Instant look = c.clock().instant().plus(c.config().lookInterval());
        return Optional.of(look.isBefore(r.bakeUntil()) ? look : r.bakeUntil());
    }

    /** The release left BAKING: drop its analysis gauge series. */
    void leftBake(Release r) {
        analysis.stopped(r.id());
    }

    /** The analysis' result of a bake a release manager promotes by hand (null without a running analysis). */
    ReleaseAnalysis promoted(Release r, String actor, Instant now) {
        return analysis.promoted(r, actor, now);
    }

    /**
     * {@code onDrift: reapply}: sets the desired value again on each adapter that drifted and reads it back, one
     * {@code drift_reapplied} line each. Answers null when every one verified, else what did not.
     */
    private String reapply(List<ReleaseStore.NewEntry> lines, Release r, Observation flagSeen, Observation trafficSeen) {
        var spec = r.spec();
        String failed = "";
        if (flagSeen instanceof Observation.Observed o && o.percent() != r.desiredFlag()) {
            var result = adapters.applyFlag(spec.flag().provider(), flag(r), r.desiredFlag());
            failed += reapplied(lines, r, "flag", spec.flag().provider(), r.desiredFlag(), result,
                    result instanceof AdapterResult.Applied ? adapters.observeFlag(spec.flag().provider(), flag(r)) : null);
        }
        if (trafficSeen instanceof Observation.Observed o && o.percent() != r.desiredWeight()) {
            var result = adapters.applyTraffic(spec.traffic().provider(), traffic(r), r.desiredWeight());
            failed += reapplied(lines, r, "traffic", spec.traffic().provider(), r.desiredWeight(), result,
                    result instanceof AdapterResult.Applied ? adapters.awaitTraffic(spec.traffic().provider(), traffic(r)) : null);
        }
        return failed.isEmpty() ? null : failed.strip();
    }

    private static String reapplied(List<ReleaseStore.NewEntry> lines, Release r, String kind, String provider, int desired,
                                    AdapterResult result, Observation seen) {
        lines.add(new ReleaseStore.NewEntry("drift", ReleaseController.ACTOR, payload("drift_reapplied", r, r.currentStage().name())
                .put("adapter", provider).put("adapterKind", kind).put("desired", desired).put("result", describe(result))
                .put("observed", seen == null ? "not read" : describe(seen)), false));
        return seen instanceof Observation.Observed o && o.percent() == desired ? ""
                : kind + " adapter " + provider + " not back at " + desired + "%: " + describe(result)
                        + (seen == null ? "" : ", observed " + describe(seen)) + " ";
    }

    /** Traffic to stable, then flag off, each read back; then the release stays rolled back / aborted, or fails. */
    Release reset(Release r, ReleaseController c) {
        var spec = r.spec();
        var lines = new ArrayList<ReleaseStore.NewEntry>();
        String failure = verifyReset(lines, r, "traffic", spec.traffic().provider(), adapters.resetTraffic(spec.traffic().provider(), traffic(r)),
                adapters.awaitTraffic(spec.traffic().provider(), traffic(r)));
        String flagFailure = verifyReset(lines, r, "flag", spec.flag().provider(), adapters.resetFlag(spec.flag().provider(), flag(r)),
                adapters.observeFlag(spec.flag().provider(), flag(r)));
        failure = failure == null ? flagFailure : flagFailure == null ? failure : failure + "; " + flagFailure;
        var d = r.draft();
        d.resetPending = false;
        d.desiredFlag = 0;
        d.desiredWeight = 0;
        if (failure == null) {
            d.observedFlag = 0;
            d.observedWeight = 0;
        } else {
            d.reason("reset_failed", failure);
        }
        return c.move(r, new ResetDone(failure == null), d, Json.mapper().createObjectNode(), lines);
    }

    private static String verifyReset(List<ReleaseStore.NewEntry> lines, Release r, String kind, String provider, AdapterResult result, Observation seen) {
        lines.add(new ReleaseStore.NewEntry("adapter", ReleaseController.ACTOR, payload(kind + "_reset", r, r.currentStage().name())
                .put("adapter", provider).put("result", describe(result)).put("observed", describe(seen)), false));
        if (result instanceof AdapterResult.Applied && seen instanceof Observation.Observed o && o.percent() == 0) {
            return null;
        }
        return kind + " adapter " + provider + " reset not verified: " + describe(result) + ", observed " + describe(seen);
    }

    private static String drift(String kind, String provider, int desired, Observation seen) {
        return seen instanceof Observation.Observed o && o.percent() != desired
                ? kind + " adapter " + provider + " observed " + o.percent() + "% but " + desired + "% was set (changed by hand?) " : "";
    }

    private static String unreachable(String kind, String provider, Observation seen) {
        return seen instanceof Observation.Unreachable u ? kind + " adapter " + provider + " unreachable: " + u.reason() + " " : "";
    }

    private static Optional<Instant> halted(Release r) {
        return Optional.empty();
    }

    private static Optional<Instant> again(Release r, ReleaseController c) {
        return Optional.of(c.clock().instant());
    }

    private static ObjectNode numbers(CanaryHealth.Counts n) {
        return Json.mapper().createObjectNode().put("canaryRequests", n.requests()).put("canaryErrors", n.errors())
                .put("canaryErrorRatio", n.errorRatio());
    }

    private static ReleaseStore.NewEntry line(String kind, String event, Release r, String stage) {
        return new ReleaseStore.NewEntry(kind, ReleaseController.ACTOR, payload(event, r, stage), false);
    }

    private static ObjectNode payload(String event, Release r, String stage) {
        return Json.mapper().createObjectNode().put("event", event).put("stage", stage).put("applyCount", r.applyCount());
    }

    static String describe(Object o) {
        return switch (o) {
            case AdapterResult.Applied a -> "applied: " + a.detail();
            case AdapterResult.NotSupported n -> "not supported: " + n.detail();
            case AdapterResult.Failed f -> "failed: " + f.detail();
            case Observation.Observed ob -> ob.percent() + "% (" + ob.detail() + ")";
            case Observation.CannotVerify cv -> "cannot verify: " + cv.reason();
            case Observation.Pending p -> "pending: " + p.reason();
            case Observation.Unreachable u -> "unreachable: " + u.reason();
            default -> String.valueOf(o);
        };
    }

    static FlagTarget flag(Release r) {
        return new FlagTarget(r.spec().flag().feature(), r.spec().flag().environment());
    }

    static TrafficTarget traffic(Release r) {
        return r.spec().traffic().target();
    }
}
