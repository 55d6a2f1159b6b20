package io.tollgate.analysis;

import java.util.Arrays;
import java.util.Objects;

/**
 * The state of one {@link SequentialTest} after some looks: an immutable value that serialises with Jackson (a JSON
 * column survives restarts). Only {@link SequentialTest#start} makes a valid first one.
 *
 * @param metric        what is compared
 * @param settings      alpha (this metric's share), r0, τ, maxRatio
 * @param looks         looks taken
 * @param baseline      baseline totals over all looks
 * @param canary        canary totals over all looks
 * @param logLikelihood ℓ on the ratio grid (see {@code RatioGrid}); 81 values
 * @param logEValue     ln E after the last look
 * @param failedAtLook  the 0-based look at which E first reached 1/α, or null
 */
public record TestState(Metric metric, AnalysisSettings settings, int looks, Counts baseline, Counts canary,
                        double[] logLikelihood, double logEValue, Integer failedAtLook) {

    public TestState {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(canary, "canary");
        if (logLikelihood == null || logLikelihood.length != RatioGrid.SIZE) {
            throw new IllegalArgumentException("logLikelihood must have " + RatioGrid.SIZE + " values");
        }
        if (looks < 0 || (failedAtLook != null && (failedAtLook < 0 || failedAtLook >= looks))) {
            throw new IllegalArgumentException("inconsistent looks " + looks + " / failedAtLook " + failedAtLook);
        }
        logLikelihood = logLikelihood.clone();
    }

    /** A copy: the state stays immutable. */
    @Override
    public double[] logLikelihood() {
        return logLikelihood.clone();
    }

    /** Adds one look's counter deltas; the measurement is FAIL from the first look where E ≥ 1/α on, else INCONCLUSIVE. */
    public SequentialTest.Step look(Look look) {
        var grid = RatioGrid.of(settings);
        double[] next = logLikelihood.clone();
        grid.accumulate(next, look);
        double logE = grid.logEValue(next);
        Integer failed = failedAtLook != null ? failedAtLook : logE >= settings.logThreshold() ? looks : null;
        var state = new TestState(metric, settings, looks + 1, baseline.plus(look.baseline()), canary.plus(look.canary()),
                next, logE, failed);
        return new SequentialTest.Step(state, state.measurement());
    }

    /** The measurement now, during the bake: FAIL or INCONCLUSIVE, without the (costlier) upper bound. */
    public Measurement measurement() {
        var evidence = evidence(null);
        return failedAtLook != null ? new Measurement.Fail(evidence, failedAtLook) : new Measurement.Inconclusive(evidence);
    }

    /** The measurement at the end of the bake: FAIL, PASS (upper bound below maxRatio) or INCONCLUSIVE. */
    public Measurement conclude() {
        var evidence = evidence(upperBound());
        if (failedAtLook != null) {
            return new Measurement.Fail(evidence, failedAtLook);
        }
        return evidence.upperBound() < settings.maxRatio() ? new Measurement.Pass(evidence) : new Measurement.Inconclusive(evidence);
    }

    /** The upper confidence bound of the ratio at level 1 − alpha (+∞ when the data do not bound it). */
    public double upperBound() {
        return RatioGrid.of(settings).upperBound(logLikelihood, settings.logThreshold());
    }

    private Evidence evidence(Double upperBound) {
        return new Evidence(metric, looks, baseline, canary, logEValue, settings.alpha(), upperBound, settings.maxRatio());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestState t && metric.equals(t.metric) && settings.equals(t.settings) && looks == t.looks
                && baseline.equals(t.baseline) && canary.equals(t.canary) && Arrays.equals(logLikelihood, t.logLikelihood)
                && Double.compare(logEValue, t.logEValue) == 0 && Objects.equals(failedAtLook, t.failedAtLook);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, settings, looks, baseline, canary, Arrays.hashCode(logLikelihood), logEValue, failedAtLook);
    }

    @Override
    public String toString() {
        return "TestState[" + metric.name() + ", looks=" + looks + ", baseline=" + baseline + ", canary=" + canary
                + ", logEValue=" + logEValue + ", failedAtLook=" + failedAtLook + "]";
    }
}
