package io.tollgate.analysis;

/**
 * The mixture sequential probability ratio test (mSPRT) on the canary/baseline rate ratio r, after Lindon &amp; Malek
 * (arXiv 2011.03567) and Johari et al. (always-valid p-values); see docs/analysis.md.
 *
 * <p><b>Model.</b> Given how many bad requests (errors, or slow ones) a look saw in total, each one is the canary's
 * with probability θ(r) = ρr / (ρr + 1 − ρ), ρ = canary share of the look's requests. This is exact when bad requests
 * arrive as Poisson counts and a close approximation for binomial ones at the rates that matter; it needs no baseline
 * rate (a nuisance parameter) and handles a weight change between looks, because ρ is per look.
 *
 * <p><b>FAIL.</b> H0: r ≤ r0. The e-value E is the likelihood of the looks under a mixture of alternatives
 * (1.1·r0…19.2·r0, normal weights on ln r, spread τ) divided by the likelihood at r0. Under H0, E is a nonnegative
 * supermartingale with E[E_0] = 1, so by Ville's inequality P(E ever reaches 1/α) ≤ α: the test may be looked at after
 * every interval, for as long as the bake runs, without inflating false alarms. It fails the first time E ≥ 1/α, and
 * stays failed (more data never turns a settled FAIL into a pass).
 *
 * <p><b>PASS.</b> Only at the end of a bake ({@link TestState#conclude()}): if it did not fail and the upper
 * confidence bound of r is below {@code maxRatio}. The bound comes from the same construction: for each candidate c
 * on a grid, the mirrored mixture tests H0: r ≥ c against smaller ratios; the candidates not rejected at α form a
 * confidence sequence (it covers the true r at every look at once with probability ≥ 1 − α), and the bound is the grid
 * step above the largest one. So a PASS for a canary whose true ratio is at least {@code maxRatio} has probability at
 * most α. Otherwise the end of a bake is INCONCLUSIVE: no traffic, no bad requests or too few of them cannot pass.
 *
 * <p>Usage: {@code var s = SequentialTest.start(Metric.errors(), settings); var step = s.look(look); s = step.state();}
 * … {@code s.conclude()} at the end of the bake. States are immutable values and serialise with Jackson.
 */
public final class SequentialTest {
    private SequentialTest() {
    }

    /** A test with no looks yet: E = 1, inconclusive. */
    public static TestState start(Metric metric, AnalysisSettings settings) {
        return new TestState(metric, settings, 0, Counts.ZERO, Counts.ZERO, new double[RatioGrid.SIZE], 0.0, null);
    }

    /** The new state after a look, and the measurement at that look. */
    public record Step(TestState state, Measurement measurement) {
    }
}
