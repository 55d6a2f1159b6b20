package io.tollgate.adapter;

import java.util.regex.Pattern;

/** Helpers for writing {@link CanaryQueries}: PromQL label values and names that cannot break out of a selector. */
public final class PromQl {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PromQl() {
    }

    /** {@code value} as a PromQL string literal with its quotes: backslashes, quotes and line breaks escaped. */
    public static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** True when {@code name} is a valid metric name. */
    public static boolean isMetricName(String name) {
        return name != null && METRIC.matcher(name).matches();
    }

    /** True when {@code name} is a valid label name. */
    public static boolean isLabelName(String name) {
        return name != null && LABEL.matcher(name).matches();
    }

    static void requireSelector(String selector, String what) {
        if (selector == null || selector.isBlank()) {
            throw new IllegalArgumentException(what + " selector must be set");
        }
    }
}
