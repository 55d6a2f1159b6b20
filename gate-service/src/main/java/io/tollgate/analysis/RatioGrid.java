package io.tollgate.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arithmetic of the test, on one log-spaced grid of ratios r_i = r0 · 1.1^i, i = −40…40 (0.022·r0 to 45·r0).
 *
 * <p>For every grid point the state keeps ℓ_i, the log-likelihood of the looks so far if the true ratio were r_i, up
 * to a constant shared by all points (it cancels in every likelihood ratio). Given a look's errors, each one is the
 * canary's with probability θ(r) = ρr / (ρr + 1 − ρ), ρ = nB / (nA + nB), so a look adds
 * {@code eB·ln θ(r_i) + eA·ln(1 − θ(r_i))}, which is {@code eB·ln r_i − (eA + eB)·ln(ρ r_i + 1 − ρ)} plus terms that
 * do not depend on r.
 *
 * <p>Because alternatives are grid points too, every e-value the test needs is read from this one array:
 * <ul>
 *   <li>FAIL (H0: r ≤ r0): alternatives r0·1.1^j, j = 1…31 (1.1·r0 to 19.2·r0), weights
 *       w_j ∝ exp(−(j·ln 1.1)² / 2τ²); E = Σ w_j exp(ℓ_j − ℓ_0).</li>
 *   <li>Upper bound (H0: r ≥ c_k for a candidate c_k = r0·1.1^k): the mirrored mixture, alternatives c_k / 1.1^j;
 *       E_k = Σ w_j exp(ℓ_{k−j} − ℓ_k). Candidates k = −9…40, so the bound lies between 0.42·r0 and 45·r0 or is
 *       unbounded.</li>
 * </ul>
 * All sums are log-sum-exp, so long bakes do not overflow.
 */
final class RatioGrid {
    static final double STEP = Math.log(1.1);
    static final int LOW = -40;
    static final int HIGH = 40;
    static final int SIZE = HIGH - LOW + 1;
    static final int ALTERNATIVES = 31;
    static final int FIRST_CANDIDATE = LOW + ALTERNATIVES;
    private static final int MAX_CACHED = 64;
    private static final Map<Key, RatioGrid> CACHE = new ConcurrentHashMap<>();

    private record Key(double r0, double tau) {
    }

    private final double r0;
    /** r_i at array position i − LOW. */
    private final double[] ratio;
    private final double[] logRatio;
    /** ln w_j at position j − 1, normalised. */
    private final double[] logWeight;

    private RatioGrid(double r0, double tau) {
        this.r0 = r0;
        ratio = new double[SIZE];
        logRatio = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            logRatio[i] = Math.log(r0) + (i + LOW) * STEP;
            ratio[i] = Math.exp(logRatio[i]);
        }
        logWeight = new double[ALTERNATIVES];
        for (int j = 1; j <= ALTERNATIVES; j++) {
            double d = j * STEP;
            logWeight[j - 1] = -d * d / (2 * tau * tau);
        }
        double norm = logSumExp(logWeight, 0);
        for (int j = 0; j < ALTERNATIVES; j++) {
            logWeight[j] -= norm;
        }
    }

    /**
     * The grid for these settings, built once per (r0, τ). Replays choose r0 freely, so the cache is bounded: beyond
     * {@value #MAX_CACHED} settings a grid is built per call (81 exp, cheap next to a look).
     */
    static RatioGrid of(AnalysisSettings settings) {
        var key = new Key(settings.r0(), settings.tau());
        var cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        var grid = new RatioGrid(key.r0(), key.tau());
        if (CACHE.size() < MAX_CACHED) {
            CACHE.putIfAbsent(key, grid);
        }
        return grid;
    }

    /** The ratio at grid index i (−40…40). */
    double ratioAt(int i) {
        return ratio[i - LOW];
    }

    /**
     * Adds one look to ℓ in place. A look without errors, or with traffic on one side only, says nothing about the
     * ratio (every θ is then 0 or 1 for all r) and changes nothing.
     */
    void accumulate(double[] logLikelihood, Look look) {
        long nA = look.baseline().requests();
        long nB = look.canary().requests();
        long eA = look.baseline().bad();
        long eB = look.canary().bad();
        if (nA == 0 || nB == 0 || eA + eB == 0) {
            return;
        }
        double rho = (double) nB / ((double) nA + nB);
        double errors = (double) eA + eB;
        for (int i = 0; i < SIZE; i++) {
            logLikelihood[i] += eB * logRatio[i] - errors * Math.log(rho * ratio[i] + 1 - rho);
        }
    }

    /** ln E of H0: r ≤ r0 against the mixture of larger ratios. */
    double logEValue(double[] logLikelihood) {
        int zero = -LOW;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 1; j <= ALTERNATIVES; j++) {
            max = Math.max(max, logWeight[j - 1] + logLikelihood[zero + j]);
        }
        double sum = 0;
        for (int j = 1; j <= ALTERNATIVES; j++) {
            sum += Math.exp(logWeight[j - 1] + logLikelihood[zero + j] - max);
        }
        return max + Math.log(sum) - logLikelihood[zero];
    }

    /** ln E of H0: r ≥ r0·1.1^k against the mixture of smaller ratios. */
    double logEValueBelow(double[] logLikelihood, int k) {
        int at = k - LOW;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 1; j <= ALTERNATIVES; j++) {
            max = Math.max(max, logWeight[j - 1] + logLikelihood[at - j]);
        }
        double sum = 0;
        for (int j = 1; j <= ALTERNATIVES; j++) {
            sum += Math.exp(logWeight[j - 1] + logLikelihood[at - j] - max);
        }
        return max + Math.log(sum) - logLikelihood[at];
    }

    /**
     * The upper confidence bound of r: one grid step above the largest candidate not rejected at ln(1/α) =
     * {@code logThreshold}, +∞ when even the largest candidate stands. Valid because the event "bound &lt; true r"
     * implies that one fixed candidate below the true r (the largest grid point under it) was rejected while its null
     * hypothesis held, which happens with probability at most α, at any look (Ville's inequality).
     */
    double upperBound(double[] logLikelihood, double logThreshold) {
        for (int k = HIGH; k >= FIRST_CANDIDATE; k--) {
            if (logEValueBelow(logLikelihood, k) < logThreshold) {
                return k == HIGH ? Double.POSITIVE_INFINITY : ratioAt(k + 1);
            }
        }
        return ratioAt(FIRST_CANDIDATE);
    }

    double r0() {
        return r0;
    }

    private static double logSumExp(double[] values, double shift) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v + shift);
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v + shift - max);
        }
        return max + Math.log(sum);
    }
}
