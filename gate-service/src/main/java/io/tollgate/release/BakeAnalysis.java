package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.analysis.AnalysisMetrics;
import io.tollgate.analysis.AnalysisResult;
import io.tollgate.analysis.CanaryAnalysis;
import io.tollgate.analysis.Counts;
import io.tollgate.analysis.Look;
import io.tollgate.analysis.Measurement;
import io.tollgate.analysis.source.CounterSnapshot;
import io.tollgate.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The canary analysis inside a bake (docs/analysis.md, "In a release"): on each due look read the raw counters, step the
 * sequential test, record the look; at the end of the bake conclude, and extend an inconclusive bake once, up to the
 * strategy's {@code maxExtension}. Answers what the bake should do as a value; {@link StageRunner} acts on it. Never
 * rolls back for lack of data: unreadable metrics are an {@code error} look, an inconclusive end goes to the next gate.
 */
final class BakeAnalysis {
    private final AnalysisCounters counters;
    private final Function<String, CanaryQueries> adapterQueries;
    private final AnalysisMetrics metrics;

    /** @param adapterQueries the canary metrics of a traffic adapter instance, by name */
    BakeAnalysis(AnalysisCounters counters, Function<String, CanaryQueries> adapterQueries, AnalysisMetrics metrics) {
        this.counters = counters;
        this.adapterQueries = adapterQueries;
        this.metrics = metrics;
    }

    /** What the bake does after this look; each carries the state, looks and history lines to save with the row. */
    sealed interface Outcome {
        ReleaseAnalysis state();

        List<ReleaseStore.AnalysisLook> looks();

        List<ReleaseStore.NewEntry> lines();
    }

    /** Keep baking; the analysis wants its next look at {@code nextLookAt}. */
    record Continue(ReleaseAnalysis state, List<ReleaseStore.AnalysisLook> looks, List<ReleaseStore.NewEntry> lines,
                    Instant nextLookAt) implements Outcome {
    }

    /** The test showed a regression: the policy's on_regression decides (reason {@code analysis_failed}). */
    record Failed(ReleaseAnalysis state, List<ReleaseStore.AnalysisLook> looks, List<ReleaseStore.NewEntry> lines,
                  AnalysisResult result) implements Outcome {
    }

    /** The bake is over with {@code result} ({@code pass}, or {@code inconclusive} after the extension). */
    record Ended(ReleaseAnalysis state, List<ReleaseStore.AnalysisLook> looks, List<ReleaseStore.NewEntry> lines,
                 AnalysisResult result) implements Outcome {
    }

    /** Inconclusive at the end of the bake: it goes on until {@code until} for more data. */
    record Extended(ReleaseAnalysis state, List<ReleaseStore.AnalysisLook> looks, List<ReleaseStore.NewEntry> lines,
                    Instant until) implements Outcome {
    }

    /** One pass of the bake loop for {@code r} (which has an analysis) at {@code now}. */
    Outcome look(Release r, Instant now) {
        var spec = r.spec().analysis();
        var state = r.analysis();
        var bake = state.bake();
        if (bake == null || bake.applyNo() != r.applyCount()) {
            // A new bake (a stage applied, or applied again after a resume): a fresh test, warm-up from the bake's start.
            var stage = r.currentStage();
            bake = new ReleaseAnalysis.Bake(r.applyCount(), r.stageIndex(), stage.name(), r.bakeStartedAt(),
                    r.bakeStartedAt().plus(spec.warmup()), now, null, CanaryAnalysis.start(spec.settings(), spec.metrics(r.spec())),
                    CounterSnapshot.EMPTY, null, null, null);
        }
        var looks = new ArrayList<ReleaseStore.AnalysisLook>();
        var lines = new ArrayList<ReleaseStore.NewEntry>();
        boolean ending = !now.isBefore(r.bakeUntil());
        if (!now.isBefore(bake.nextLookAt()) || ending) {
            bake = read(r, bake, now, looks, lines);
        }
        var current = bake.analysis().current();
        if ("fail".equals(current.verdict())) {
            metrics.bakeEnded(r.id());
            return new Failed(state.ended(ReleaseAnalysis.StageResult.of(bake, current, now, "failure")), looks, lines, current);
        }
        boolean extended = bake.extendedUntil() != null;
        if (!ending && !extended) {
            return new Continue(state.withBake(bake), looks, lines, bake.nextLookAt());
        }
        // The end of the bake, or a look during its extension: would the analysis pass now?
        var concluded = bake.analysis().conclude();
        if ("pass".equals(concluded.verdict()) || ending && extended) {
            verdictLine(r, bake, concluded, now, lines);
            metrics.bakeEnded(r.id());
            return new Ended(state.ended(ReleaseAnalysis.StageResult.of(bake, concluded, now, "conclusion")), looks, lines, concluded);
        }
        if (!ending) {
            return new Continue(state.withBake(bake), looks, lines, bake.nextLookAt());
        }
        var until = r.bakeUntil().plus(spec.maxExtension(r.currentStage()));
        if (!until.isAfter(now)) {
            verdictLine(r, bake, concluded, now, lines);
            metrics.bakeEnded(r.id());
            return new Ended(state.ended(ReleaseAnalysis.StageResult.of(bake, concluded, now, "conclusion")), looks, lines, concluded);
        }
        lines.add(new ReleaseStore.NewEntry("bake", ReleaseController.ACTOR, payload(r, "analysis_extended")
                .put("bakeUntil", until.toString()).put("explanation", concluded.explanation()), false));
        return new Extended(state.withBake(bake.extendedTo(until)), looks, lines, until);
    }

    /**
     * Ends the running bake's analysis because a release manager promoted the stage: its result (concluded now) is what the
     * next gate sees, marked as ended by them. Null when no bake of the current apply is being analysed.
     */
    ReleaseAnalysis promoted(Release r, String actor, Instant now) {
        var bake = r.analysis().bake();
        if (r.spec().analysis() == null || bake == null || bake.applyNo() != r.applyCount()) {
            return null;
        }
        metrics.bakeEnded(r.id());
        return r.analysis().ended(ReleaseAnalysis.StageResult.of(bake, bake.analysis().conclude(), now, "promote:" + actor));
    }

    /** The release left its bake (any way): its e-value series go, so the gauge's labels stay bounded. */
    void stopped(java.util.UUID release) {
        metrics.bakeEnded(release);
    }

    /** Reads the counters; before the warm-up ended (or without a starting point) the reading is only the starting point. */
    private ReleaseAnalysis.Bake read(Release r, ReleaseAnalysis.Bake bake, Instant now, List<ReleaseStore.AnalysisLook> looks,
                                      List<ReleaseStore.NewEntry> lines) {
        var spec = r.spec().analysis();
        var reading = counters.read(spec.queries(r.spec(), adapterQueries.apply(r.spec().traffic().provider())), bake.snapshot());
        Instant next = now.plus(spec.interval());
        if (!bake.warm()) {
            return bake.read(reading.snapshot(), now, now.isBefore(bake.warmupUntil()) && next.isAfter(bake.warmupUntil())
                    ? bake.warmupUntil() : next);
        }
        var step = bake.analysis().look(reading.counts(), reading.unavailable());
        var result = step.result();
        var after = bake.read(reading.snapshot(), now, next);
        looks.add(new ReleaseStore.AnalysisLook(bake.applyNo(), result.looks() - 1, bake.stageIndex(), bake.stage(), now,
                result.verdict(), result.explanation(), lookMetrics(result, reading.counts())));
        verdictLine(r, after, result, now, lines);
        for (var m : result.measurements()) {
            if (m instanceof Measurement.Measured x) {
                metrics.eValue(r.id(), r.spec().service(), m.metric().name(), x.evidence().eValue());
            }
        }
        return after.looked(step.state(), result.verdict(), result.explanation());
    }

    /** A history line (→ audit event {@code analysis.verdict}) and the verdict counter, when the verdict changed. */
    private void verdictLine(Release r, ReleaseAnalysis.Bake bake, AnalysisResult result, Instant now, List<ReleaseStore.NewEntry> lines) {
        if (result.verdict().equals(bake.verdict())) {
            return;
        }
        metrics.recorded(result);
        lines.add(new ReleaseStore.NewEntry("analysis", ReleaseController.ACTOR, payload(r, "analysis_verdict")
                .put("from", bake.verdict()).put("verdict", result.verdict()).put("look", result.looks())
                .put("failedAtLook", result.failedAtLook()).put("explanation", result.explanation())
                .put("at", now.toString()), false));
    }

    private static ObjectNode payload(Release r, String event) {
        return Json.mapper().createObjectNode().put("event", event).put("stage", r.currentStage().name()).put("applyCount", r.applyCount());
    }

    /** Per metric: this look's counts, the totals, the statistic and the metric's verdict. */
    private static ArrayNode lookMetrics(AnalysisResult result, java.util.Map<String, Look> counts) {
        var out = Json.mapper().createArrayNode();
        for (var m : result.measurements()) {
            var node = out.addObject().put("metric", m.metric().name()).put("verdict", m.verdict());
            var look = counts.get(m.metric().name());
            if (look != null) {
                node.set("look", Json.mapper().valueToTree(look));
            }
            switch (m) {
                case Measurement.Measured x -> {
                    var e = x.evidence();
                    node.set("baseline", counts(e.baseline()));
                    node.set("canary", counts(e.canary()));
                    node.put("logEValue", e.logEValue()).put("threshold", e.threshold());
                    if (Double.isFinite(e.eValue())) {
                        node.put("eValue", e.eValue());
                    } else {
                        node.putNull("eValue");
                    }
                }
                case Measurement.Error err -> node.put("reason", err.reason());
            }
        }
        return out;
    }

    private static ObjectNode counts(Counts c) {
        return Json.mapper().createObjectNode().put("requests", c.requests()).put("bad", c.bad());
    }
}
