package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.analysis.AnalysisResult;
import io.tollgate.analysis.CanaryAnalysis;
import io.tollgate.analysis.Counts;
import io.tollgate.analysis.Measurement;
import io.tollgate.analysis.source.CounterSnapshot;
import io.tollgate.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A release's canary analysis as persisted with its row (column {@code releases.analysis}, JSON): the bake being
 * analysed now, with the test's state and the last counter reading, and the result of every bake that ended. Immutable;
 * each look writes a new one in the same transaction as its look record.
 *
 * @param bake    the running bake's analysis, or null between bakes
 * @param results one per bake that ended (concluded, failed, or promoted by hand), oldest first
 */
public record ReleaseAnalysis(Bake bake, List<StageResult> results) {
    public static final ReleaseAnalysis NONE = new ReleaseAnalysis(null, List.of());

    public ReleaseAnalysis {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * One bake's analysis while it runs. {@code applyNo} (the release's apply count when the stage was applied)
     * identifies the bake: a stage baked again after a resume is a new bake.
     *
     * @param warmupUntil  looks before this only set the starting point (each weight change warms up again)
     * @param nextLookAt   when the next look is due
     * @param snapshotAt   when {@code snapshot} was read (null before the first reading)
     * @param snapshot     the last counter reading (EMPTY before the first)
     * @param verdict      the verdict of the last look (null before the first)
     * @param extendedUntil set when an inconclusive end extended the bake
     */
    public record Bake(int applyNo, int stageIndex, String stage, Instant startedAt, Instant warmupUntil, Instant nextLookAt,
                       Instant snapshotAt, CanaryAnalysis analysis, CounterSnapshot snapshot, String verdict, String explanation,
                       Instant extendedUntil) {
        Bake read(CounterSnapshot s, Instant at, Instant next) {
            return new Bake(applyNo, stageIndex, stage, startedAt, warmupUntil, next, at, analysis, s, verdict, explanation, extendedUntil);
        }

        Bake looked(CanaryAnalysis a, String v, String e) {
            return new Bake(applyNo, stageIndex, stage, startedAt, warmupUntil, nextLookAt, snapshotAt, a, snapshot, v, e, extendedUntil);
        }

        Bake extendedTo(Instant until) {
            return new Bake(applyNo, stageIndex, stage, startedAt, warmupUntil, nextLookAt, snapshotAt, analysis, snapshot, verdict,
                    explanation, until);
        }

        /** Whether the last reading may serve as the starting point of a look (it was taken after the warm-up). */
        boolean warm() {
            return snapshotAt != null && !snapshotAt.isBefore(warmupUntil);
        }
    }

    /**
     * The result of one ended bake, shaped as the policy sees it ({@code input.analysis}).
     *
     * @param endedBy {@code conclusion} (end of bake), {@code failure} (the test failed) or {@code promote:<actor>}
     */
    public record StageResult(int applyNo, int stageIndex, String stage, String verdict, String explanation, int looks,
                              Integer failedAtLook, List<MetricResult> metrics, Instant endedAt, String endedBy) {
        public StageResult {
            metrics = List.copyOf(metrics);
        }

        static StageResult of(Bake b, AnalysisResult r, Instant at, String endedBy) {
            return new StageResult(b.applyNo(), b.stageIndex(), b.stage(), r.verdict(), r.explanation(), r.looks(), r.failedAtLook(),
                    r.measurements().stream().map(MetricResult::of).toList(), at, endedBy);
        }

        /** {@code input.analysis}: stage, verdict, explanation, looks, failedAtLook, promotedBy, metrics. */
        public ObjectNode policyInput() {
            var node = Json.mapper().createObjectNode().put("stage", stage).put("verdict", verdict).put("explanation", explanation)
                    .put("looks", looks);
            if (failedAtLook == null) {
                node.putNull("failedAtLook");
            } else {
                node.put("failedAtLook", failedAtLook);
            }
            if (endedBy != null && endedBy.startsWith("promote:")) {
                node.put("promotedBy", endedBy.substring("promote:".length()));
            } else {
                node.putNull("promotedBy");
            }
            var list = node.putArray("metrics");
            metrics.forEach(m -> list.add(Json.mapper().valueToTree(m)));
            return node;
        }
    }

    /**
     * One metric's numbers. Non-finite numbers are null (JSON has no ∞): an e-value beyond a double, an unbounded ratio.
     *
     * @param threshold 1/α of this metric (its share of the analysis' alpha)
     */
    public record MetricResult(String metric, String verdict, Double eValue, Double threshold, Double upperBound, Counts baseline,
                               Counts canary) {
        static MetricResult of(Measurement m) {
            return switch (m) {
                case Measurement.Measured x -> new MetricResult(m.metric().name(), m.verdict(), finite(x.evidence().eValue()),
                        finite(x.evidence().threshold()), x.evidence().upperBound() == null ? null : finite(x.evidence().upperBound()),
                        x.evidence().baseline(), x.evidence().canary());
                case Measurement.Error e -> new MetricResult(m.metric().name(), m.verdict(), null, null, null, null, null);
            };
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    /** The result of the bake that ended last, or null. */
    public StageResult last() {
        return results.isEmpty() ? null : results.getLast();
    }

    ReleaseAnalysis withBake(Bake b) {
        return new ReleaseAnalysis(b, results);
    }

    /** Ends the running bake with {@code result}. */
    ReleaseAnalysis ended(StageResult result) {
        var all = new ArrayList<>(results);
        all.add(result);
        return new ReleaseAnalysis(null, all);
    }
}
