package io.tollgate.slo;

/**
 * Burn rate: how fast an error ratio spends the error budget, relative to spending exactly all of it over
 * the SLO window. 1 means the budget lasts exactly the window; 14.4 spends 2% of a 30-day budget in an
 * hour; 0 means no errors.
 */
public final class BurnRate {

    private BurnRate() {
    }

    /**
     * {@code errorRatio / (1 − target)}.
     *
     * @param errorRatio bad events / total events over some window, in [0, 1]
     * @param target the SLO objective, in (0, 1)
     * @throws IllegalArgumentException when an argument is out of range or NaN (a NaN error ratio means no
     *     traffic in the window: the caller decides what that means, this class does not guess)
     */
    public static double of(double errorRatio, double target) {
        ErrorBudget.requireErrorRatio(errorRatio);
        return errorRatio / ErrorBudget.budgetRatio(target);
    }
}
