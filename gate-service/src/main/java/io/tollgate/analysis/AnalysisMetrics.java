package io.tollgate.analysis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The analysis' Prometheus metrics, on the service's registry: {@code tollgate_analysis_verdicts_total{verdict}} (verdict
 * changes of release bakes) and {@code tollgate_analysis_e_value{release, service, metric}} (the current e-value of each
 * bake being analysed; its series go when the bake ends, so labels stay bounded by the running releases).
 */
public final class AnalysisMetrics {
    /** Every verdict, so each series exists (at 0) from start-up and rate() over it never starts empty. */
    public static final List<String> VERDICTS = List.of("pass", "fail", "inconclusive", "error");
    private final Counter verdicts;
    private final Gauge eValues;
    private final Map<UUID, Set<List<String>>> series = new ConcurrentHashMap<>();

    public AnalysisMetrics(PrometheusRegistry registry) {
        verdicts = Counter.builder().name("tollgate_analysis_verdicts_total")
                .help("Canary analysis verdict changes of release bakes (replays not counted)")
                .labelNames("verdict").register(registry);
        VERDICTS.forEach(v -> verdicts.labelValues(v));
        eValues = Gauge.builder().name("tollgate_analysis_e_value")
                .help("Current e-value of each metric of each release bake being analysed (fails at 1/alpha per metric)")
                .labelNames("release", "service", "metric").register(registry);
    }

    /** The e-value of {@code metric} in {@code release}'s running bake (a value beyond a double shows as +Inf). */
    public void eValue(UUID release, String service, String metric, double value) {
        var labels = List.of(release.toString(), service, metric);
        series.computeIfAbsent(release, r -> ConcurrentHashMap.newKeySet()).add(labels);
        eValues.labelValues(labels.toArray(String[]::new)).set(value);
    }

    /** {@code release}'s bake ended (or the release left it): its e-value series are removed. */
    public void bakeEnded(UUID release) {
        var gone = series.remove(release);
        if (gone != null) {
            gone.forEach(labels -> eValues.remove(labels.toArray(String[]::new)));
        }
    }

    /** Metrics on a private registry (tests of components without a service). */
    public static AnalysisMetrics detached() {
        return new AnalysisMetrics(new PrometheusRegistry());
    }

    /** Counts a verdict change of a bake (its first verdict included). */
    public void recorded(AnalysisResult result) {
        verdicts.labelValues(result.verdict()).inc();
    }
}
