package io.tollgate.slo;

import java.math.BigDecimal;

/** Renders numbers as people write them: {@code 1.5}, {@code 14.4}, {@code 0.001}, {@code 1} (never {@code 1.0E-3}). */
final class Numbers {

    private Numbers() {
    }

    static String plain(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        var text = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    /** {@code percent / 100} computed in decimal, so 99.95 is 0.9995 and not 0.9994999999999999. */
    static double percentToRatio(double percent) {
        return BigDecimal.valueOf(percent).movePointLeft(2).doubleValue();
    }

    /** {@code a × b} computed in decimal, so 14.4 × 0.001 is 0.0144 and not 0.014400000000000001. */
    static double times(double a, double b) {
        return BigDecimal.valueOf(a).multiply(BigDecimal.valueOf(b)).doubleValue();
    }
}
