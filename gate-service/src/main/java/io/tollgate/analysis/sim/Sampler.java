package io.tollgate.analysis.sim;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Exact Poisson and binomial variates, fast at any mean: inversion for small means, and Hörmann's transformed
 * rejection with squeeze (PTRS for Poisson, BTRS for binomial; "The transformed rejection method for generating
 * Poisson/binomial random variables", 1993) for large ones. Not thread-safe: one per simulated run.
 */
public final class Sampler {
    private static final double[] STIRLING_TAIL = {0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
        0.02079067210376509, 0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
        0.00925546218271273, 0.00833056343336287};
    private final SplittableRandom random;

    public Sampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public double uniform() {
        return random.nextDouble();
    }

    /** A Poisson variate with mean {@code mean} ≥ 0. */
    public long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 10) {
            double p = Math.exp(-mean);
            double s = p;
            double u = random.nextDouble();
            long k = 0;
            while (u > s && k < 1000) {
                k++;
                p *= mean / k;
                s += p;
            }
            return k;
        }
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * Math.sqrt(mean);
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = 1 - random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double s = Math.log(v * invAlpha / (a / (us * us) + b));
            double t = -mean + k * logMean - Gamma.logGamma(k + 1.0);
            if (s <= t) {
                return k;
            }
        }
    }

    /** A binomial variate: successes in {@code n} trials of probability {@code p}. */
    public long binomial(long n, double p) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p);
        }
        if (n * p < 10) {
            double q = 1 - p;
            double s = p / q;
            double a = (n + 1) * s;
            double r = Math.pow(q, n);
            double u = random.nextDouble();
            long x = 0;
            while (u > r && x < n) {
                u -= r;
                x++;
                r *= a / x - s;
            }
            return x;
        }
        return btrs(n, p);
    }

    private long btrs(long n, double p) {
        double spq = Math.sqrt(n * p * (1 - p));
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double r = p / (1 - p);
        double alpha = (2.83 + 5.1 / b) * spq;
        double m = Math.floor((n + 1) * p);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = 1 - random.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) {
                continue;
            }
            if (us >= 0.07 && v <= vr) {
                return (long) k;
            }
            double lv = Math.log(v * alpha / (a / (us * us) + b));
            double bound = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1)))
                    + (n + 1) * Math.log((n - m + 1) / (n - k + 1))
                    + (k + 0.5) * Math.log(r * (n - k + 1) / (k + 1))
                    + stirlingTail(m) + stirlingTail(n - m) - stirlingTail(k) - stirlingTail(n - k);
            if (lv <= bound) {
                return (long) k;
            }
        }
    }

    /** ln k! − (Stirling's approximation of it). */
    private static double stirlingTail(double k) {
        if (k <= 9) {
            return STIRLING_TAIL[(int) k];
        }
        double kp1sq = (k + 1) * (k + 1);
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1);
    }
}
