package io.tollgate.slo;

import java.util.Objects;

/**
 * A ratio SLI: good (or bad) events over total events, both as PromQL on one Prometheus data source.
 *
 * @param kind whether {@code numeratorQuery} counts good or bad events
 * @param numeratorQuery the good or bad events query, e.g. {@code http_requests_total{code!~"5.."}}
 * @param totalQuery the all-events query, e.g. {@code http_requests_total}
 * @param counter true when both queries select monotonically increasing counters (wrapped in
 *     {@code rate()}/{@code increase()}); false when they select gauges of per-second event rates, such
 *     as recorded {@code rate()} results (wrapped in {@code avg_over_time()})
 * @param dataSource name of the OpenSLO {@code DataSource} (type Prometheus) the queries run on, or
 *     {@link #DEFAULT_DATA_SOURCE} when the metric source was given inline as {@code type: Prometheus}
 */
public record RatioIndicator(Kind kind, String numeratorQuery, String totalQuery, boolean counter, String dataSource) {

    /** The data source name used for inline {@code type: Prometheus} metric sources: Tollgate's own Prometheus. */
    public static final String DEFAULT_DATA_SOURCE = "default";

    /** Which events the numerator counts. */
    public enum Kind {
        /** {@code ratioMetric.good} over {@code ratioMetric.total}. */
        GOOD_OVER_TOTAL,
        /** {@code ratioMetric.bad} over {@code ratioMetric.total}. */
        BAD_OVER_TOTAL
    }

    public RatioIndicator {
        Objects.requireNonNull(kind, "kind");
        requireText(numeratorQuery, "numeratorQuery");
        requireText(totalQuery, "totalQuery");
        requireText(dataSource, "dataSource");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
