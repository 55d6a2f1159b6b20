package io.tollgate.slo;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One multi-window burn-rate alert: it fires when the burn rate over both {@code longWindow} and
 * {@code shortWindow} is at or above {@code threshold}, i.e. when the error ratio over each window is at
 * least {@code threshold × (1 − target)} (PromQL {@code >=}; the gate policies compare the same way).
 *
 * @param name the AlertCondition name (or {@code page-fast}, {@code page-slow}, {@code warning-slow} for
 *     the defaults)
 * @param severity e.g. {@code page} or {@code warning}; becomes the alert's {@code severity} label
 * @param threshold burn rate, strictly positive (1 = spending exactly the budget over the SLO window)
 * @param longWindow the OpenSLO {@code lookbackWindow}
 * @param shortWindow the reset window, shorter than {@code longWindow}
 * @param alertAfter the OpenSLO {@code alertAfter} (Prometheus {@code for:}), {@link Duration#ZERO} for none
 * @param alertWhenNoData the AlertPolicy's {@code alertWhenNoData}: also alert when the burn rate has no value
 *     over either window (no series matched), see {@link PrometheusRules#NO_DATA_ALERT}
 */
public record BurnRateRule(String name, String severity, double threshold, Duration longWindow,
                           Duration shortWindow, Duration alertAfter, boolean alertWhenNoData) {

    /** The SRE workbook set, used for every SLO that names no alert policy. */
    public static final List<BurnRateRule> WORKBOOK_DEFAULTS = List.of(
            new BurnRateRule("page-fast", "page", 14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
            new BurnRateRule("page-slow", "page", 6, Duration.ofHours(6), Duration.ofMinutes(30)),
            new BurnRateRule("warning-slow", "warning", 1, Duration.ofDays(3), Duration.ofHours(6)));

    public BurnRateRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (severity == null || severity.isBlank()) {
            throw new IllegalArgumentException("severity must not be blank");
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be > 0, got " + threshold);
        }
        Objects.requireNonNull(longWindow, "longWindow");
        Objects.requireNonNull(shortWindow, "shortWindow");
        Objects.requireNonNull(alertAfter, "alertAfter");
        if (shortWindow.isNegative() || shortWindow.isZero() || shortWindow.compareTo(longWindow) >= 0) {
            throw new IllegalArgumentException(
                    "shortWindow must be positive and shorter than longWindow " + longWindow + ", got " + shortWindow);
        }
        if (alertAfter.isNegative()) {
            throw new IllegalArgumentException("alertAfter must not be negative");
        }
    }

    /** A rule without {@code alertAfter} and without a no-data alert. */
    public BurnRateRule(String name, String severity, double threshold, Duration longWindow, Duration shortWindow) {
        this(name, severity, threshold, longWindow, shortWindow, Duration.ZERO);
    }

    /** A rule without a no-data alert. */
    public BurnRateRule(String name, String severity, double threshold, Duration longWindow, Duration shortWindow,
                        Duration alertAfter) {
        this(name, severity, threshold, longWindow, shortWindow, alertAfter, false);
    }

    /**
     * The default short window for a long window: one twelfth of it, as in the SRE workbook
     * (1h → 5m, 6h → 30m, 3d → 6h), truncated to whole seconds and at least one second.
     */
    public static Duration defaultShortWindow(Duration longWindow) {
        long seconds = longWindow.dividedBy(12).getSeconds();
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
