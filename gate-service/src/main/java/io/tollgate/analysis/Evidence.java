package io.tollgate.analysis;

import java.util.Locale;

/**
 * The numbers behind one metric's verdict, summed over all looks so far.
 *
 * @param metric     what was compared
 * @param looks      looks taken into account
 * @param baseline   baseline requests and bad requests, all looks
 * @param canary     canary requests and bad requests, all looks
 * @param logEValue  ln of the e-value against "canary no worse than r0 × baseline"
 * @param alpha      this metric's alpha (the analysis' alpha divided among its metrics)
 * @param upperBound the upper confidence bound of the ratio at level 1 − alpha; +∞ when unbounded; null when not
 *                   computed (it is at the end of a bake, and on request)
 * @param maxRatio   the bound PASS needs to stay below
 */
public record Evidence(Metric metric, int looks, Counts baseline, Counts canary, double logEValue, double alpha,
                       Double upperBound, double maxRatio) {

    /** The e-value; +∞ beyond a double's range (logEValue stays exact). */
    public double eValue() {
        return Math.exp(logEValue);
    }

    /** 1/α: the e-value at which the test fails. */
    public double threshold() {
        return 1 / alpha;
    }

    public long requests() {
        return baseline.requests() + canary.requests();
    }

    /** Canary rate / baseline rate over all looks (NaN without bad baseline requests or without traffic). */
    public double observedRatio() {
        double a = baseline.rate();
        double b = canary.rate();
        return a > 0 ? b / a : Double.NaN;
    }

    /** One sentence with the numbers behind {@code verdict}. */
    String explain(String verdict) {
        String rates = "canary " + metric.description() + " " + percent(canary.rate()) + " vs baseline " + percent(baseline.rate());
        String ratio = Double.isNaN(observedRatio()) ? "" : "ratio " + number(observedRatio()) + ", ";
        String e = "e-value " + number(eValue());
        String t = "1/α = " + number(threshold());
        String after = " after " + String.format(Locale.ROOT, "%,d", requests()) + " requests";
        return switch (verdict) {
            case "fail" -> rates + " (" + ratio + e + " ≥ " + t + ")" + after;
            case "pass" -> rates + " (" + ratio + "upper bound " + number(upperBound) + " < " + number(maxRatio)
                    + " allowed; " + e + " < " + t + ")" + after;
            default -> (requests() == 0 ? "no traffic yet" : rates) + " (" + ratio + e + " < " + t
                    + (upperBound == null ? "" : Double.isInfinite(upperBound) ? ", ratio not bounded yet"
                            : ", upper bound " + number(upperBound) + " ≥ " + number(maxRatio) + " allowed")
                    + "): not enough evidence" + after;
        };
    }

    private static String percent(double rate) {
        if (Double.isNaN(rate)) {
            return "n/a";
        }
        double p = rate * 100;
        return (p != 0 && p < 0.1 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    static String number(double value) {
        if (Double.isInfinite(value)) {
            return "∞";
        }
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2g", value);
    }
}
