package io.tollgate.release;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.analysis.AnalysisSettings;
import io.tollgate.analysis.Metric;
import io.tollgate.analysis.source.CounterQueries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The strategy's {@code analysis} block: compare canary with baseline while each stage bakes (docs/analysis.md). Stored
 * with the release spec; validation with field names happens in {@link AnalysisRules}, the constructor only guards
 * invariants. Errors always come from the traffic adapter's counters of its two destinations (baseline =
 * {@code traffic.stable}, canary = {@code traffic.canary}, on {@code traffic.route}; {@link CanaryQueries}); {@code latency}
 * adds one metric per bucket boundary, from the application's histogram when it names one, else from the adapter's.
 *
 * @param intervalMillis     time between looks
 * @param warmupMillis       after each weight change, looks only set the starting point for this long; null = one interval
 * @param maxExtensionMillis how long an inconclusive bake may be extended; null = the stage's own bake
 */
public record AnalysisSpec(long intervalMillis, double alpha, double maxRatio, double r0, Long warmupMillis,
                           Long maxExtensionMillis, Latency latency) {
    public static final long DEFAULT_INTERVAL_MILLIS = 5_000;

    public AnalysisSpec {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("analysis interval must be positive");
        }
        new AnalysisSettings(alpha, r0, AnalysisSettings.DEFAULT_TAU, maxRatio); // validates
        if (warmupMillis != null && warmupMillis < 0 || maxExtensionMillis != null && maxExtensionMillis < 0) {
            throw new IllegalArgumentException("analysis warmup and maxExtension must not be negative");
        }
    }

    /** Every default: 5 s looks, α 0.01, maxRatio 1.5, r0 1, warm-up one interval, extension up to the stage's bake. */
    public static AnalysisSpec defaults() {
        return new AnalysisSpec(DEFAULT_INTERVAL_MILLIS, AnalysisSettings.DEFAULT_ALPHA, AnalysisSettings.DEFAULT_MAX_RATIO,
                AnalysisSettings.DEFAULT_R0, null, null, null);
    }

    /**
     * Latency: the share of requests slower than each of {@code bucketsSeconds}. From an application histogram (written
     * exactly as the application's {@code le} label), baseline and canary told apart by {@code versionLabel}; or, with
     * {@code histogram} null (and no labels), from the traffic adapter's own histogram of the two destinations.
     *
     * @param selector      further label matchers without braces (may be empty)
     * @param canaryVersion null = the release's version
     */
    public record Latency(String histogram, String selector, String versionLabel, String baselineVersion, String canaryVersion,
                          List<String> bucketsSeconds) {
        public Latency {
            if (histogram != null) {
                Objects.requireNonNull(versionLabel, "versionLabel");
                Objects.requireNonNull(baselineVersion, "baselineVersion");
            }
            selector = selector == null ? "" : selector;
            bucketsSeconds = List.copyOf(bucketsSeconds);
            if (bucketsSeconds.isEmpty()) {
                throw new IllegalArgumentException("latency needs at least one bucket");
            }
        }
    }

    public Duration interval() {
        return Duration.ofMillis(intervalMillis);
    }

    public Duration warmup() {
        return Duration.ofMillis(warmupMillis == null ? intervalMillis : warmupMillis);
    }

    /** The extension an inconclusive bake of {@code stage} may get. */
    public Duration maxExtension(ReleaseSpec.Stage stage) {
        return maxExtensionMillis == null ? stage.bake() : Duration.ofMillis(maxExtensionMillis);
    }

    /** The test's settings (τ stays at its default). */
    public AnalysisSettings settings() {
        return new AnalysisSettings(alpha, r0, AnalysisSettings.DEFAULT_TAU, maxRatio);
    }

    /**
     * The counter queries of every metric for {@code spec}'s release: errors first, then one per latency bucket.
     *
     * @param adapter the canary metrics of the release's traffic adapter ({@code spec.traffic().provider()})
     */
    public List<CounterQueries> queries(ReleaseSpec spec, CanaryQueries adapter) {
        var t = spec.traffic();
        var out = new ArrayList<CounterQueries>(List.of(CounterQueries.errors(adapter, t.provider(), t.target())));
        if (latency != null) {
            String canary = latency.canaryVersion() == null ? spec.version() : latency.canaryVersion();
            for (String le : latency.bucketsSeconds()) {
                out.add(latency.histogram() == null ? CounterQueries.latency(adapter, t.provider(), t.target(), le)
                        : CounterQueries.histogram(latency.histogram(), latency.selector(), latency.versionLabel(),
                                latency.baselineVersion(), canary, le));
            }
        }
        return out;
    }

    /** The metrics analysed, in the order of {@link #queries}: they do not depend on who measures them. */
    public List<Metric> metrics(ReleaseSpec spec) {
        var out = new ArrayList<>(List.of(Metric.errors()));
        if (latency != null) {
            latency.bucketsSeconds().forEach(le -> out.add(Metric.slowerThan(Double.parseDouble(le))));
        }
        return out;
    }
}
