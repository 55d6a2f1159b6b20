package io.tollgate.analysis;

/**
 * Settings of the sequential test; validates itself.
 *
 * @param alpha    the false-FAIL probability allowed for the whole analysis (all looks, all metrics), in (0, 1);
 *                 {@link CanaryAnalysis} gives each of its m metrics alpha/m (Bonferroni)
 * @param r0       the null hypothesis: canary rate ≤ r0 × baseline rate (1: "no worse"; 1.2 tolerates 20 % more)
 * @param tau      spread of the mixture over alternatives, in natural-log units of the ratio (1: most weight on
 *                 ratios within e^±1 of r0)
 * @param maxRatio PASS needs the upper confidence bound of the ratio below this
 */
public record AnalysisSettings(double alpha, double r0, double tau, double maxRatio) {
    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_R0 = 1.0;
    public static final double DEFAULT_TAU = 1.0;
    public static final double DEFAULT_MAX_RATIO = 1.5;

    public AnalysisSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be within (0, 1), got " + alpha);
        }
        if (!(r0 > 0 && Double.isFinite(r0))) {
            throw new IllegalArgumentException("r0 must be a positive number, got " + r0);
        }
        if (!(tau > 0 && Double.isFinite(tau))) {
            throw new IllegalArgumentException("tau must be a positive number, got " + tau);
        }
        if (!(maxRatio > 0 && Double.isFinite(maxRatio))) {
            throw new IllegalArgumentException("maxRatio must be a positive number, got " + maxRatio);
        }
    }

    /** α = 0.01, r0 = 1, τ = 1, maxRatio = 1.5. */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(DEFAULT_ALPHA, DEFAULT_R0, DEFAULT_TAU, DEFAULT_MAX_RATIO);
    }

    public AnalysisSettings withAlpha(double value) {
        return new AnalysisSettings(value, r0, tau, maxRatio);
    }

    /** ln(1/α): the test fails when the log e-value reaches it. */
    public double logThreshold() {
        return -Math.log(alpha);
    }
}
