package io.tollgate.analysis.source;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.PromQl;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.analysis.Metric;
import java.util.List;
import java.util.Objects;

/**
 * The raw-counter selectors of one metric for both sides. Each selector may match several series (status codes,
 * instances); a side's requests are the sum of the deltas of every series of {@code *Requests}, its bad requests those
 * of {@code *Bad}, or, with {@code badIsComplement}, requests minus those of {@code *Bad} (histogram buckets count the
 * requests not slower than their boundary). A metric nobody can measure (the traffic adapter reports no such numbers)
 * has no selectors and says why in {@code missing}: every look finds it unavailable.
 */
public record CounterQueries(Metric metric, String baselineRequests, String baselineBad, String canaryRequests,
                             String canaryBad, boolean badIsComplement, String missing) {
    /** An application histogram by version label: {@code {histogram}_count} and {@code {histogram}_bucket{le}}. */
    public static final String HISTOGRAM_COUNT = "{histogram}_count{{selector}{versionLabel}=\"{version}\"}";
    public static final String HISTOGRAM_BUCKET = "{histogram}_bucket{{selector}{versionLabel}=\"{version}\",le=\"{le}\"}";

    public CounterQueries {
        Objects.requireNonNull(metric, "metric");
        if (missing == null && (baselineRequests == null || baselineBad == null || canaryRequests == null || canaryBad == null)) {
            throw new IllegalArgumentException("every selector of " + metric.name() + " must be set");
        }
    }

    /** A measurable metric. */
    public CounterQueries(Metric metric, String baselineRequests, String baselineBad, String canaryRequests, String canaryBad,
                          boolean badIsComplement) {
        this(metric, baselineRequests, baselineBad, canaryRequests, canaryBad, badIsComplement, null);
    }

    /** A metric that cannot be measured, and why. */
    public static CounterQueries missing(Metric metric, String why) {
        return new CounterQueries(metric, null, null, null, null, false, why);
    }

    /** The distinct selectors, in order; none for a missing metric. */
    public List<String> queries() {
        return missing != null ? List.of()
                : List.of(baselineRequests, baselineBad, canaryRequests, canaryBad).stream().distinct().toList();
    }

    /** Error ratio of the target's stable (baseline) and canary destinations, from the traffic adapter's counters. */
    public static CounterQueries errors(CanaryQueries adapter, String adapterName, TrafficTarget target) {
        var baseline = adapter.counters(target, Side.STABLE);
        var canary = adapter.counters(target, Side.CANARY);
        if (baseline.isEmpty() || canary.isEmpty()) {
            return missing(Metric.errors(), "traffic adapter \"" + adapterName + "\" reports no request counters");
        }
        return new CounterQueries(Metric.errors(), baseline.get().requests(), baseline.get().errors(), canary.get().requests(),
                canary.get().errors(), false);
    }

    /**
     * Share of requests slower than {@code le} (seconds, as the strategy writes it) from the traffic adapter's latency
     * histogram of the stable and canary destinations.
     */
    public static CounterQueries latency(CanaryQueries adapter, String adapterName, TrafficTarget target, String le) {
        double seconds = Double.parseDouble(le);
        var baseline = adapter.latency(target, Side.STABLE, seconds);
        var canary = adapter.latency(target, Side.CANARY, seconds);
        var metric = Metric.slowerThan(seconds);
        if (baseline.isEmpty() || canary.isEmpty()) {
            return missing(metric, "traffic adapter \"" + adapterName + "\" reports no latency histogram with a bucket at " + le + "s");
        }
        return new CounterQueries(metric, baseline.get().count(), baseline.get().notSlower(), canary.get().count(),
                canary.get().notSlower(), true);
    }

    /**
     * Share of requests slower than {@code le} (the bucket boundary exactly as the application writes it, e.g.
     * {@code "0.5"}) from an application histogram, baseline and canary told apart by {@code versionLabel}.
     *
     * @param selector further label matchers without braces, e.g. {@code service="checkout"}, or empty
     */
    public static CounterQueries histogram(String histogram, String selector, String versionLabel, String baselineVersion,
                                           String canaryVersion, String le) {
        if (!histogram.matches("[a-zA-Z_:][a-zA-Z0-9_:]*") || !versionLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("histogram and versionLabel must be Prometheus names: " + histogram + ", " + versionLabel);
        }
        String sel = selector == null || selector.isBlank() ? "" : selector.strip() + ",";
        return new CounterQueries(Metric.slowerThan(Double.parseDouble(le)),
                fillHistogram(HISTOGRAM_COUNT, histogram, sel, versionLabel, baselineVersion, le),
                fillHistogram(HISTOGRAM_BUCKET, histogram, sel, versionLabel, baselineVersion, le),
                fillHistogram(HISTOGRAM_COUNT, histogram, sel, versionLabel, canaryVersion, le),
                fillHistogram(HISTOGRAM_BUCKET, histogram, sel, versionLabel, canaryVersion, le), true);
    }

    private static String fillHistogram(String template, String histogram, String selector, String versionLabel, String version, String le) {
        return template.replace("{histogram}", histogram).replace("{selector}", selector).replace("{versionLabel}", versionLabel)
                .replace("{version}", escape(version)).replace("{le}", escape(le));
    }

    /** A PromQL string literal's content: backslashes, quotes and line breaks escaped. */
    static String escape(String value) {
        String quoted = PromQl.quote(value);
        return quoted.substring(1, quoted.length() - 1);
    }
}
