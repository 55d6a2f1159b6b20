package io.tollgate.analysis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/** The analysis' Prometheus metrics, on the service's registry: {@code tollgate_analysis_verdicts_total{verdict}}. */
public final class AnalysisMetrics {
    /** Every verdict, so each series exists (at 0) from start-up and rate() over it never starts empty. */
    public static final List<String> VERDICTS = List.of("pass", "fail", "inconclusive", "error");
    private final Counter verdicts;

    public AnalysisMetrics(PrometheusRegistry registry) {
        verdicts = Counter.builder().name("tollgate_analysis_verdicts_total")
                .help("Canary analysis verdicts of release bakes, one per look (replays not counted)")
                .labelNames("verdict").register(registry);
        VERDICTS.forEach(v -> verdicts.labelValues(v));
    }

    /** Metrics on a private registry (tests of components without a service). */
    public static AnalysisMetrics detached() {
        return new AnalysisMetrics(new PrometheusRegistry());
    }

    /** Counts one look's (or one bake end's) verdict. */
    public void recorded(AnalysisResult result) {
        verdicts.labelValues(result.verdict()).inc();
    }
}
