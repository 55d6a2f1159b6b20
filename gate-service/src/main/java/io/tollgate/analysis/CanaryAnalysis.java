package io.tollgate.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A canary analysis over several metrics (the error ratio and shares slower than latency boundaries), each its own
 * {@link SequentialTest} at alpha / m (Bonferroni), so the chance that any metric falsely fails over the whole bake
 * stays at most alpha. Immutable; serialises with Jackson.
 *
 * <p>Integration: {@code var a = CanaryAnalysis.start(settings, metrics);} then every look interval
 * {@code var step = a.look(countsByMetricName, Map.of()); a = step.state();} (persist {@code a}), act on
 * {@code step.result().verdict()}; at the end of the bake {@code a.conclude()}.
 *
 * @param settings the analysis' settings (alpha is the overall one)
 * @param tests    one state per metric
 * @param looks    looks taken
 */
public record CanaryAnalysis(AnalysisSettings settings, List<TestState> tests, int looks) {

    public CanaryAnalysis {
        Objects.requireNonNull(settings, "settings");
        tests = List.copyOf(tests);
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("an analysis needs at least one metric");
        }
    }

    /** A new analysis of {@code metrics} (distinct names), each at alpha / metrics.size(). */
    public static CanaryAnalysis start(AnalysisSettings settings, List<Metric> metrics) {
        if (metrics.stream().map(Metric::name).distinct().count() != metrics.size()) {
            throw new IllegalArgumentException("metrics must be distinct: " + metrics);
        }
        var perMetric = settings.withAlpha(settings.alpha() / metrics.size());
        return new CanaryAnalysis(settings, metrics.stream().map(m -> SequentialTest.start(m, perMetric)).toList(), 0);
    }

    /** The new analysis and its verdict at this look. */
    public record Step(CanaryAnalysis state, AnalysisResult result) {
    }

    /**
     * Adds one look. {@code counts} has each metric's deltas by metric name; a metric missing from it is measured as
     * an error with the reason in {@code unavailable} (or "no counts"), and its test is left as it was, so the next
     * look's deltas (taken from the last good reading) cover the gap.
     */
    public Step look(Map<String, Look> counts, Map<String, String> unavailable) {
        var next = new ArrayList<TestState>(tests.size());
        var measured = new ArrayList<Measurement>(tests.size());
        for (var test : tests) {
            var look = counts.get(test.metric().name());
            if (look == null) {
                next.add(test);
                measured.add(new Measurement.Error(test.metric(), unavailable.getOrDefault(test.metric().name(), "no counts")));
            } else {
                var step = test.look(look);
                next.add(step.state());
                measured.add(step.measurement());
            }
        }
        return new Step(new CanaryAnalysis(settings, next, looks + 1), AnalysisResult.of(looks + 1, measured));
    }

    /** The verdict now, during the bake (fail or inconclusive). */
    public AnalysisResult current() {
        return AnalysisResult.of(looks, tests.stream().map(TestState::measurement).toList());
    }

    /** The verdict at the end of the bake: fail, pass (every metric passed) or inconclusive. */
    public AnalysisResult conclude() {
        return AnalysisResult.of(looks, tests.stream().map(TestState::conclude).toList());
    }

    /** The metrics analysed, in order. */
    public List<Metric> metrics() {
        return tests.stream().map(TestState::metric).toList();
    }
}
