package io.tollgate.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a whole analysis over recorded per-look counts (what-if, and checking the statistics from outside). */
public final class Replay {
    private Replay() {
    }

    /**
     * One look of a replay.
     *
     * @param interval  0-based index of the interval
     * @param verdict   the analysis' verdict at this look (pass only at the end of a bake)
     * @param metric    the metric whose e-value is closest to its threshold
     * @param logEValue that metric's ln E
     */
    public record LookRecord(int interval, String verdict, Metric metric, double logEValue) {
    }

    /** The verdict after the last interval, the final state, and every look. */
    public record Result(AnalysisResult result, CanaryAnalysis state, List<LookRecord> looks) {
    }

    /**
     * Feeds {@code intervals} (each metric's counts by metric name) to a new analysis of {@code metrics}, one look each.
     * With {@code endOfBake} the last interval ends the bake, so the final verdict may be pass; without, it is the
     * verdict during a bake (fail or inconclusive).
     */
    public static Result run(AnalysisSettings settings, List<Metric> metrics, List<Map<String, Look>> intervals, boolean endOfBake) {
        var analysis = CanaryAnalysis.start(settings, metrics);
        var looks = new ArrayList<LookRecord>(intervals.size());
        for (int i = 0; i < intervals.size(); i++) {
            var step = analysis.look(intervals.get(i), Map.of());
            analysis = step.state();
            boolean last = i == intervals.size() - 1;
            String verdict = last && endOfBake ? analysis.conclude().verdict() : step.result().verdict();
            TestState closest = analysis.tests().getFirst();
            for (var t : analysis.tests()) {
                closest = t.logEValue() > closest.logEValue() ? t : closest;
            }
            looks.add(new LookRecord(i, verdict, closest.metric(), closest.logEValue()));
        }
        return new Result(endOfBake ? analysis.conclude() : analysis.current(), analysis, looks);
    }
}
