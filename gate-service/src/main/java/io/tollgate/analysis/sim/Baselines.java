package io.tollgate.analysis.sim;

import org.apache.commons.math3.distribution.NormalDistribution;

/** The rules the sequential test is compared with, fed the same simulated looks. */
final class Baselines {
    private Baselines() {
    }

    /**
     * Flagger-style: every {@code checkSeconds}, the canary's error rate over that window fails the check when it is
     * above max(1.5 × baseline's, 1 %); {@code limit} failed checks roll back. A window without canary requests is no
     * check (Flagger halts on "no values found").
     */
    static final class ThresholdRule {
        private final int looksPerCheck;
        private final int limit;
        private long nA;
        private long eA;
        private long nB;
        private long eB;
        private int looks;
        private int failed;

        ThresholdRule(int lookSeconds, int checkSeconds, int limit) {
            this.looksPerCheck = Math.max(1, checkSeconds / lookSeconds);
            this.limit = limit;
        }

        /** True when this look makes the rule roll back. */
        boolean look(long baseRequests, long baseErrors, long canaryRequests, long canaryErrors) {
            nA += baseRequests;
            eA += baseErrors;
            nB += canaryRequests;
            eB += canaryErrors;
            if (++looks % looksPerCheck != 0) {
                return false;
            }
            boolean bad = nB > 0 && (double) eB / nB > Math.max(1.5 * (nA > 0 ? (double) eA / nA : 0), 0.01);
            nA = eA = nB = eB = 0;
            return bad && ++failed >= limit;
        }
    }

    /** A one-sided pooled two-proportion z-test on all counts so far, repeated at every look at level alpha. */
    static final class RepeatedZTest {
        private final double critical;
        private long nA;
        private long eA;
        private long nB;
        private long eB;

        RepeatedZTest(double alpha) {
            this.critical = new NormalDistribution().inverseCumulativeProbability(1 - alpha);
        }

        boolean look(long baseRequests, long baseErrors, long canaryRequests, long canaryErrors) {
            nA += baseRequests;
            eA += baseErrors;
            nB += canaryRequests;
            eB += canaryErrors;
            if (nA == 0 || nB == 0) {
                return false;
            }
            double pooled = (double) (eA + eB) / (nA + nB);
            if (pooled <= 0 || pooled >= 1) {
                return false;
            }
            double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
            return ((double) eB / nB - (double) eA / nA) / se > critical;
        }
    }
}
