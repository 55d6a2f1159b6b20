package io.tollgate.analysis;

import java.math.BigDecimal;

/**
 * What a test compares: the error ratio, or the share of requests slower than a latency boundary (a histogram bucket's
 * upper bound; slow = count − bucket{le}). Both are proportions, so the same test applies.
 *
 * @param name               stable identifier ({@code errors}, {@code slower_than_0.5s}) for JSON and labels
 * @param slowerThanSeconds  the latency boundary, or null for the error ratio
 */
public record Metric(String name, Double slowerThanSeconds) {
    public static final String ERRORS = "errors";

    public Metric {
        if (slowerThanSeconds != null && !(slowerThanSeconds > 0 && Double.isFinite(slowerThanSeconds))) {
            throw new IllegalArgumentException("latency boundary must be a positive number of seconds, got " + slowerThanSeconds);
        }
        String expected = slowerThanSeconds == null ? ERRORS : "slower_than_" + seconds(slowerThanSeconds) + "s";
        if (name != null && !name.equals(expected)) {
            throw new IllegalArgumentException("metric name must be " + expected + ", got " + name);
        }
        name = expected;
    }

    public static Metric errors() {
        return new Metric(null, null);
    }

    public static Metric slowerThan(double seconds) {
        return new Metric(null, seconds);
    }

    /** For sentences: "error ratio", "share slower than 0.5 s". */
    public String description() {
        return slowerThanSeconds == null ? "error ratio" : "share slower than " + seconds(slowerThanSeconds) + " s";
    }

    private static String seconds(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
