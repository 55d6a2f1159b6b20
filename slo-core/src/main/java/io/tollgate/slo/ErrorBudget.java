package io.tollgate.slo;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The error budget of an SLO over its window, from the measured error ratio and event count.
 *
 * <p>With {@code budget = 1 − target}: {@code consumed = errorRatio / budget} (the budget fraction
 * spent; above 1 when the SLO is violated), {@code remaining = 1 − consumed} (negative when overspent —
 * {@link #exhausted()} then says so), {@code remainingMinutes = remaining × budget × window minutes}.
 * With Occurrences budgeting the minutes are an interpretation: the minutes of total outage, at the
 * window's average traffic, that the remaining budget could still absorb (the whole budget of 99.9% over
 * 28d is 0.001 × 40,320 = 40.32 minutes; negative minutes are the outage time overspent).
 * In events: {@code allowedBadEvents = totalEvents × budget}, {@code badEvents = errorRatio × totalEvents},
 * {@code remainingEvents = allowedBadEvents − badEvents} (negative when overspent).
 *
 * @param target the SLO objective
 * @param window the SLO window
 * @param errorRatio bad / total events over the window
 * @param totalEvents all events over the window
 * @param burnRate {@code errorRatio / budget} over the window (equal to {@code consumed} when measured over the whole window)
 * @param consumed fraction of the budget spent, may exceed 1
 * @param remaining {@code 1 − consumed}, may be negative
 * @param remainingMinutes {@code remaining × budget × window minutes}, may be negative
 * @param allowedBadEvents bad events the budget allows over the window
 * @param badEvents bad events seen
 * @param remainingEvents {@code allowedBadEvents − badEvents}, may be negative
 */
public record ErrorBudget(double target, Duration window, double errorRatio, double totalEvents, double burnRate,
                          double consumed, double remaining, double remainingMinutes, double allowedBadEvents,
                          double badEvents, double remainingEvents) {

    public ErrorBudget {
        budgetRatio(target);
        requireErrorRatio(errorRatio);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (!(totalEvents >= 0) || Double.isInfinite(totalEvents)) {
            throw new IllegalArgumentException("totalEvents must be finite and >= 0, got " + totalEvents);
        }
    }

    /**
     * The budget of {@code slo} given the error ratio and total events measured over its whole window
     * (see {@link PromQueries#errorRatio} and {@link PromQueries#totalEvents} with {@code slo.window()}).
     *
     * @throws IllegalArgumentException when {@code errorRatio} is NaN (no traffic) or outside [0, 1], or
     *     {@code totalEvents} is negative or not finite
     */
    public static ErrorBudget of(Slo slo, double errorRatio, double totalEvents) {
        requireErrorRatio(errorRatio);
        var budget = budgetRatio(slo.target());
        var consumed = errorRatio / budget;
        var remaining = 1 - consumed;
        var windowMinutes = slo.window().getSeconds() / 60.0;
        var allowed = totalEvents * budget;
        var bad = errorRatio * totalEvents;
        return new ErrorBudget(slo.target(), slo.window(), errorRatio, totalEvents, consumed, consumed, remaining,
                remaining * budget * windowMinutes, allowed, bad, allowed - bad);
    }

    /** True when the budget is overspent ({@code remaining < 0}): the SLO is violated over the window. */
    public boolean exhausted() {
        return remaining < 0;
    }

    /**
     * {@code 1 − target}, computed in decimal so that 0.999 gives exactly the double nearest 0.001.
     *
     * @throws IllegalArgumentException when {@code target} is not in (0, 1)
     */
    public static double budgetRatio(double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0,1), got " + target);
        }
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(target)).doubleValue();
    }

    static void requireErrorRatio(double errorRatio) {
        if (!(errorRatio >= 0 && errorRatio <= 1)) {
            throw new IllegalArgumentException("errorRatio must be in [0,1], got " + errorRatio
                    + (Double.isNaN(errorRatio) ? " (no traffic in the window?)" : ""));
        }
    }
}
