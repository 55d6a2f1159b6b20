package io.tollgate.analysis.sim;

import io.tollgate.analysis.AnalysisSettings;
import io.tollgate.analysis.Look;
import io.tollgate.analysis.Measurement;
import io.tollgate.analysis.Metric;
import io.tollgate.analysis.SequentialTest;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Runs one {@link Scenario} many times, each run from its own seed (so results do not depend on thread scheduling),
 * feeding the same simulated looks to the sequential test, the threshold rule and the repeated z-test.
 */
public final class Simulation {
    /** Flagger's defaults as used in the comparison: one check a minute, five failed checks roll back. */
    static final int THRESHOLD_CHECK_SECONDS = 60;
    static final int THRESHOLD_LIMIT = 5;

    private Simulation() {
    }

    /**
     * One run's outcome; looks are 0-based, −1 when the method never fired.
     *
     * @param pass the sequential test's end-of-bake verdict was pass (only meaningful when it did not fail)
     */
    public record Run(int testFailLook, boolean pass, int thresholdLook, int zTestLook) {
    }

    /** The runs of one scenario, in seed order. */
    public record Cell(Scenario scenario, Run[] runs) {
        public double rate(java.util.function.ToIntFunction<Run> look) {
            return (double) Arrays.stream(runs).filter(r -> look.applyAsInt(r) >= 0).count() / runs.length;
        }

        public double passRate() {
            return (double) Arrays.stream(runs).filter(r -> r.testFailLook() < 0 && r.pass()).count() / runs.length;
        }

        /** The q-quantile (nearest rank) of the detection time in seconds among runs that fired; NaN if none did. */
        public double secondsToDetect(java.util.function.ToIntFunction<Run> look, double q) {
            int[] fired = Arrays.stream(runs).mapToInt(look).filter(k -> k >= 0).sorted().toArray();
            if (fired.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * fired.length) - 1;
            return (fired[Math.max(0, rank)] + 1) * (double) scenario.lookSeconds();
        }
    }

    /** {@code runs} runs of {@code scenario}; run i uses the seed derived from (seed, i). */
    public static Cell run(Scenario scenario, AnalysisSettings settings, int runs, long seed) {
        Run[] results = IntStream.range(0, runs).parallel()
                .mapToObj(i -> once(scenario, settings, mix(seed, i)))
                .toArray(Run[]::new);
        return new Cell(scenario, results);
    }

    static Run once(Scenario s, AnalysisSettings settings, long seed) {
        var sampler = new Sampler(seed);
        var test = SequentialTest.start(Metric.errors(), settings);
        var threshold = new Baselines.ThresholdRule(s.lookSeconds(), THRESHOLD_CHECK_SECONDS, THRESHOLD_LIMIT);
        var z = new Baselines.RepeatedZTest(settings.alpha());
        int testFail = -1;
        int thresholdFire = -1;
        int zFire = -1;
        double perLook = s.rps() * s.lookSeconds();
        double canaryErrorRate = Math.min(1, s.baseErrorRate() * s.ratio());
        for (int k = 0; k < s.looks() && (testFail < 0 || thresholdFire < 0 || zFire < 0); k++) {
            double w = s.weightAt(k);
            long nA = sampler.poisson(perLook * (1 - w));
            long nB = sampler.poisson(perLook * w);
            long eA = sampler.binomial(nA, s.baseErrorRate());
            long eB = sampler.binomial(nB, canaryErrorRate);
            if (testFail < 0) {
                var step = test.look(Look.of(nA, eA, nB, eB));
                test = step.state();
                if (step.measurement() instanceof Measurement.Fail) {
                    testFail = k;
                }
            }
            if (thresholdFire < 0 && threshold.look(nA, eA, nB, eB)) {
                thresholdFire = k;
            }
            if (zFire < 0 && z.look(nA, eA, nB, eB)) {
                zFire = k;
            }
        }
        boolean pass = testFail < 0 && test.conclude() instanceof Measurement.Pass;
        return new Run(testFail, pass, thresholdFire, zFire);
    }

    /** SplitMix64 of (seed, index): independent streams per run. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
