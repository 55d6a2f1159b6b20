package io.tollgate.slo;

import java.time.Duration;

/**
 * The PromQL that measures an SLO. Every expression aggregates with {@code sum} and returns a single
 * sample with no labels (or nothing when no series matched).
 *
 * <p>For {@code counter: true} the queries select counters:
 * <ul>
 *   <li>good/total: {@code 1 - (sum(rate(GOOD[w])) / sum(rate(TOTAL[w])))}</li>
 *   <li>bad/total: {@code (sum(rate(BAD[w])) or vector(0)) / sum(rate(TOTAL[w]))} — the {@code or} makes
 *       "no error series yet" read as 0 errors instead of no answer</li>
 *   <li>events: {@code sum(increase(TOTAL[w]))}</li>
 * </ul>
 * For {@code counter: false} the queries select gauges that already hold per-second event rates (for
 * example the output of a {@code rate()} recording rule): they are averaged over the window with
 * {@code avg_over_time} instead of being differentiated with {@code rate}, and events are that average
 * times the window in seconds. With no traffic in the window the ratio is NaN (0/0).
 */
public final class PromQueries {

    private PromQueries() {
    }

    /** The error ratio (bad / total events, 0..1) of {@code slo} over {@code window}, as one expression. */
    public static String errorRatio(Slo slo, Duration window) {
        var ind = slo.indicator();
        var w = Durations.toPrometheus(window);
        var numerator = perSecond(ind.numeratorQuery(), ind.counter(), w);
        var total = perSecond(ind.totalQuery(), ind.counter(), w);
        return switch (ind.kind()) {
            case GOOD_OVER_TOTAL -> "1 - (" + numerator + " / " + total + ")";
            case BAD_OVER_TOTAL -> "(" + numerator + " or vector(0)) / " + total;
        };
    }

    /** All events of {@code slo} over {@code window}: {@code sum(increase(TOTAL[w]))} for counters. */
    public static String totalEvents(Slo slo, Duration window) {
        var ind = slo.indicator();
        var w = Durations.toPrometheus(window);
        return ind.counter()
                ? "sum(increase(" + ind.totalQuery() + "[" + w + "]))"
                : "sum(avg_over_time(" + ind.totalQuery() + "[" + w + "])) * " + window.getSeconds();
    }

    /** The burn rate of {@code slo} over {@code window}: the error ratio divided by {@code 1 - target}. */
    public static String burnRate(Slo slo, Duration window) {
        return "(" + errorRatio(slo, window) + ") / " + Numbers.plain(slo.budgetRatio());
    }

    private static String perSecond(String selector, boolean counter, String window) {
        return "sum(" + (counter ? "rate(" : "avg_over_time(") + selector + "[" + window + "]))";
    }
}
